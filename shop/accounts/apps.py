from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_permissions(sender, **kwargs) -> None:
    """Once the post-migrate signal reaches the last app (Django has created every app's permissions by
    then), the staff roles' groups get exactly their admin permissions."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label:
        return
    from shop.accounts.services import role_permissions_sync

    role_permissions_sync()


class AccountsConfig(AppConfig):
    name = "shop.accounts"
    verbose_name = _("Accounts")
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
