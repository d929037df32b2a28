from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """The /ops/ back office: orders, parcels, returns, refunds, stock. Pages only; every rule is in the
    services and selectors of orders, catalog and payments."""

    name = "shop.operations"
    verbose_name = _("Operations")
    label = "operations"
    default_auto_field = "django.db.models.BigAutoField"
