from django.urls import path

from shop.core import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
