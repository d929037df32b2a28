"""The storefront alone, without the checkout app's URLs: the product page must still render."""

from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("shop.storefront.urls")),
]
