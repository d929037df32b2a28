from django.urls import path

from shop.payments import views

app_name = "payments"
urlpatterns = [
    path("webhooks/stripe/", views.stripe_webhook, name="stripe_webhook"),
    path("pay/dummy/<uuid:token>/", views.dummy_pay, name="dummy_pay"),
    path("pay/stripe/<uuid:token>/", views.stripe_pay, name="stripe_pay"),
]
