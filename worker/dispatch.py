"""How outbox messages reach their tasks: the Celery side of ``shop.core.outbox``."""

from __future__ import annotations

from django.conf import settings

from shop.core.models import OutboxMessage
from shop.core.outbox import MESSAGE_ID_KWARG
from worker.subscriptions import Subscriber, subscribers


class CeleryDispatcher:
    """Subscribers from ``worker.subscriptions``; messages sent to the broker, or run in-process when
    Celery is eager (the embedded demo)."""

    @property
    def eager(self) -> bool:
        return settings.CELERY_TASK_ALWAYS_EAGER

    def subscribers(self, event_name: str) -> tuple[Subscriber, ...]:
        return subscribers(event_name)

    def dispatch(self, message: OutboxMessage) -> None:
        from worker.app import app

        kwargs = {**message.kwargs, MESSAGE_ID_KWARG: message.pk}
        if self.eager:
            app.tasks[message.task_name].apply(kwargs=kwargs, throw=True)
        else:
            app.send_task(message.task_name, kwargs=kwargs, retry=False)
