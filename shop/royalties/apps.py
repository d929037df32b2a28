from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoyaltiesConfig(AppConfig):
    name = "shop.royalties"
    verbose_name = _("Royalties")
    label = "royalties"
    default_auto_field = "django.db.models.BigAutoField"
