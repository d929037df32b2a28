from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shop.core"
    verbose_name = _("Core")
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import register_converter

        from shop.core.converters import RowIdConverter

        register_converter(RowIdConverter, "id")
