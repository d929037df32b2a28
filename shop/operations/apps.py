from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The /ops/ back office: orders, parcels, returns, refunds, stock. Pages only; every rule is in the
    services and selectors of orders, catalog and payments."""

    name = "shop.operations"
    label = "operations"
    default_auto_field = "django.db.models.BigAutoField"
