from django.urls import path

from shop.checkout import views

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
]
