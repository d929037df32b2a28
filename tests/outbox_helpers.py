"""Run the outbox in tests: pending messages executed synchronously by their real task functions.

Celery is not eager in tests. After capturing on-commit callbacks (or in a transactional
test), call :func:`outbox_run` to play the relay and a worker in one: each pending
``OutboxMessage`` runs through ``app.tasks[name].apply(kwargs=...)`` (the JSON kwargs, as a
worker would receive them) and is marked dispatched. Messages the tasks write are run too,
until none is left.
"""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

import worker.tasks  # noqa: F401 - registers every task module with the project's Celery app
from shop.core.models import OutboxMessage
from shop.core.outbox import celery_app


def outbox_pending(*, task_name: str | None = None) -> list[OutboxMessage]:
    messages = OutboxMessage.objects.filter(dispatched_at__isnull=True).order_by("id")
    if task_name is not None:
        messages = messages.filter(task_name=task_name)
    return list(messages)


def outbox_run(*, task_name: str | None = None, limit: int = 1000) -> list:
    """Run pending messages (only ``task_name``'s, if given) in id order; return their results.

    A task that raises propagates the exception (the message is left pending), so a test sees
    the failure rather than a silently stuck message."""
    results = []
    app = celery_app()
    for _ in range(limit):
        pending = outbox_pending(task_name=task_name)
        if not pending:
            return results
        message = pending[0]
        result = app.tasks[message.task_name].apply(kwargs=message.kwargs, throw=True)
        OutboxMessage.objects.filter(pk=message.pk).update(dispatched_at=timezone.now(), attempts=F("attempts") + 1)
        results.append(result.result)
    raise AssertionError(f"the outbox still has pending messages after {limit} runs")
