from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "shop.collection"
    verbose_name = _("Collection")
    label = "collection"
    default_auto_field = "django.db.models.BigAutoField"
