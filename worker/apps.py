from django.apps import AppConfig
from django.core import checks


class WorkerConfig(AppConfig):
    """The worker as a Django app: it plugs the Celery dispatcher into the outbox and checks the
    event subscriptions at start-up. Every process that publishes events (web, commands, worker) has it."""

    name = "worker"

    def ready(self) -> None:
        from shop.core.outbox import outbox_dispatcher_register
        from worker.checks import outbox_subscriptions_check
        from worker.dispatch import CeleryDispatcher

        outbox_dispatcher_register(CeleryDispatcher())
        checks.register(outbox_subscriptions_check)
