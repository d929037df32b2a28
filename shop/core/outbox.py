"""The transactional outbox: work for Celery is written in the same transaction as the change.

``outbox_enqueue`` inside the writer's transaction; after commit a relay nudge is sent, and
the beat task ``outbox_relay_task`` sweeps whatever a broker outage left behind. Tasks must
be idempotent: a crash between sending and marking a message sends it again.
"""

from __future__ import annotations

import functools
import logging
from importlib import import_module

from celery import Celery
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from shop.core.models import OutboxMessage

logger = logging.getLogger(__name__)

RELAY_TASK = "worker.tasks.outbox.outbox_relay_task"
CELERY_APP = "worker.app.app"
CELERY_TASKS = "worker.tasks"


@functools.cache
def celery_app() -> Celery:
    """The project's Celery app, configured from settings (broker, serialiser), with its tasks.

    Loaded by name rather than imported: apps never import ``worker/`` (tasks are handed over
    by name through this table), yet every process that writes messages (web, management
    commands, tests) must send them to the configured broker, not Celery's default app, and
    know which tasks are deployed."""
    app = import_string(CELERY_APP)
    import_module(CELERY_TASKS)
    return app


def outbox_task_registered(task_name: str) -> bool:
    """True when ``task_name`` is a task of the project's Celery app (its module is deployed).

    Lets a service hand work to a task another team ships later without queueing messages
    nobody can run."""
    return task_name in celery_app().tasks


def outbox_enqueue(*, task_name: str, kwargs: dict) -> OutboxMessage:
    """Record a task to run after the current transaction commits (it must be inside one).

    ``kwargs`` must be JSON: ids and plain values, never model instances."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("outbox_enqueue must run inside the transaction that makes the change")
    message = OutboxMessage.objects.create(task_name=task_name, kwargs=kwargs)
    transaction.on_commit(_nudge_relay)
    return message


def _nudge_relay() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        outbox_relay()
        return
    try:
        celery_app().send_task(RELAY_TASK, retry=False)
    except Exception as exc:  # broker down: the beat sweep sends it later
        logger.warning("outbox relay nudge not sent: %s", exc)


def outbox_relay(*, limit: int = 200) -> int:
    """Send pending messages to the broker (or run them in-process when Celery is eager).

    Each message is locked while sent (``skip_locked``: concurrent relays never send the same
    one together); a send that fails leaves it pending with the error recorded. Returns the
    number sent."""
    sent = 0
    while sent < limit:
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update(skip_locked=True).filter(dispatched_at__isnull=True).first()
            )
            if message is None:
                break
            message.attempts += 1
            try:
                if settings.CELERY_TASK_ALWAYS_EAGER:
                    celery_app().tasks[message.task_name].apply(kwargs=message.kwargs, throw=True)
                else:
                    celery_app().send_task(message.task_name, kwargs=message.kwargs, retry=False)
            except Exception as exc:
                message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                message.save(update_fields=["attempts", "last_error"])
                logger.warning("outbox message %s not sent: %s", message.pk, exc)
                break
            message.dispatched_at = timezone.now()
            message.save(update_fields=["attempts", "dispatched_at", "last_error"])
            sent += 1
    return sent
