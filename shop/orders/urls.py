from django.urls import path

from shop.orders import views

app_name = "orders"
urlpatterns = [
    path("orders/find/", views.order_lookup, name="lookup"),
    path("orders/<str:number>/", views.order_status, name="status"),
]
