from django.apps import AppConfig


class IncubatorConfig(AppConfig):
    name = "incubator"
    default_auto_field = "django.db.models.BigAutoField"
