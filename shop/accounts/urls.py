from django.urls import path

from shop.accounts import views

app_name = "accounts"
urlpatterns = [
    path("account/sign-up/", views.sign_up, name="sign-up"),
    path("account/sign-in/", views.sign_in, name="sign-in"),
    path("account/sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
]
