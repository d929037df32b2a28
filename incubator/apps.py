from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubatorConfig(AppConfig):
    name = "incubator"
    verbose_name = _("Incubator")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from incubator.provenance import IncubatorProvenance
        from shop.catalog.provenance import provenance_source_register

        # The shop credits designers and lists museum approvals through this source (it may not import us).
        provenance_source_register(IncubatorProvenance())
