from django.urls import path

from shop.checkout import order_pages, views

app_name = "checkout"
urlpatterns = [
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart-add"),
    path("checkout/", views.checkout_page, name="checkout"),
    path("checkout/done/<str:number>/", views.confirmation, name="confirmation"),
]

# The shopper's order pages, served under the ``orders`` namespace (config/urls.py): see ``views``.
order_urlpatterns = [
    path("orders/find/", views.order_lookup, name="lookup"),
    path("orders/<str:number>/", views.order_status, name="status"),
    path("orders/<str:number>/pay/", order_pages.order_pay, name="pay"),
    path("orders/<str:number>/cancel/", order_pages.order_cancel_by_customer, name="cancel"),
    path("orders/<str:number>/received/", order_pages.order_receipt_confirm, name="confirm-receipt"),
    path("orders/<str:number>/return/", order_pages.order_return_request, name="return-request"),
]
