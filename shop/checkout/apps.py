from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "shop.checkout"
    verbose_name = _("Checkout")
    label = "checkout"
    default_auto_field = "django.db.models.BigAutoField"
