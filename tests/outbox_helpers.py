"""Run the outbox in tests: open messages executed synchronously by their real task functions.

Celery is not eager in tests. After capturing on-commit callbacks (or in a transactional test), call
:func:`outbox_run` to play the relay and a worker in one: each open ``OutboxMessage`` (not done, not
failed) runs through ``app.tasks[name].apply(kwargs=...)`` with the JSON kwargs and the message id,
as a worker would receive them, and the task marks it done. Messages the tasks publish run too,
until none is left.
"""

from __future__ import annotations

import worker.tasks  # noqa: F401 - registers every task module with the project's Celery app
from shop.core.models import OutboxMessage
from shop.core.outbox import MESSAGE_ID_KWARG
from worker.app import app


def outbox_pending(*, task_name: str | None = None, event: str | None = None) -> list[OutboxMessage]:
    messages = OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).order_by("id")
    if task_name is not None:
        messages = messages.filter(task_name=task_name)
    if event is not None:
        messages = messages.filter(event=event)
    return list(messages)


def outbox_run(*, task_name: str | None = None, limit: int = 1000) -> list:
    """Run open messages (only ``task_name``'s, if given) in id order; return their results.

    A task that raises propagates the exception (the message stays open), so a test sees the
    failure rather than a silently stuck message."""
    results = []
    for _ in range(limit):
        pending = outbox_pending(task_name=task_name)
        if not pending:
            return results
        message = pending[0]
        result = app.tasks[message.task_name].apply(kwargs={**message.kwargs, MESSAGE_ID_KWARG: message.pk}, throw=True)
        results.append(result.result)
    raise AssertionError(f"the outbox still has open messages after {limit} runs")
