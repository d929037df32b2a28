from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "shop.storefront"
    verbose_name = _("Storefront")
    label = "storefront"
    default_auto_field = "django.db.models.BigAutoField"
