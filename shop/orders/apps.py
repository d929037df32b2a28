from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "shop.orders"
    verbose_name = _("Orders")
    label = "orders"
    default_auto_field = "django.db.models.BigAutoField"
