from django.apps import AppConfig


class RoyaltiesConfig(AppConfig):
    name = "shop.royalties"
    label = "royalties"
    default_auto_field = "django.db.models.BigAutoField"
