from django.urls import path

from shop.storefront import views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("museums/<slug:slug>/", views.museum_detail, name="museum-detail"),
    path("relics/", views.relic_list, name="relic-list"),
    path("relics/<slug:slug>/", views.relic_detail, name="relic-detail"),
    path("products/", views.product_list, name="product-list"),
    path("products/<slug:slug>/", views.product_detail, name="product-detail"),
]
