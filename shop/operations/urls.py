from django.urls import path

from shop.operations.views import fulfilment, orders, refunds, returns, stock

app_name = "operations"
urlpatterns = [
    path("", orders.order_list, name="order-list"),
    path("orders/<str:number>/", orders.order_detail, name="order-detail"),
    path("orders/<str:number>/note/", orders.order_note, name="order-note"),
    path("orders/<str:number>/cancel/", orders.order_cancel_view, name="order-cancel"),
    path("orders/<str:number>/ship/", fulfilment.order_ship, name="order-ship"),
    path("orders/<str:number>/refund/", refunds.order_refund_view, name="order-refund"),
    path("parcels/<id:pk>/tracking/", fulfilment.fulfillment_tracking, name="fulfillment-tracking"),
    path("parcels/<id:pk>/delivered/", fulfilment.fulfillment_delivered, name="fulfillment-delivered"),
    path("returns/", returns.return_list, name="return-list"),
    path("returns/<id:pk>/decide/", returns.return_decide, name="return-decide"),
    path("returns/<id:pk>/receive/", returns.return_receive_view, name="return-receive"),
    path("manifest/", fulfilment.manifest_import, name="manifest"),
    path("packing-slips.pdf", fulfilment.packing_slips_pdf, name="packing-slips"),
    path("stock/", stock.stock_levels, name="stock-list"),
    path("stock/<id:variant_id>/", stock.stock_detail, name="stock-detail"),
]
