"""The transactional outbox: domain events are written in the same transaction as the change.

:func:`event_publish` writes one message per subscriber of the event (who subscribes is asked of the
registered :class:`OutboxDispatcher`, which ``worker/`` provides); after commit the messages of that
transaction are relayed (one relay per transaction, however many events it published). A message is
done only when its task has finished (the task marks it with :func:`outbox_message_done`), not when
the broker took it: :func:`outbox_relay`, run by beat every few seconds, sends what is new and sends
again what was sent ``OUTBOX_REDELIVER_AFTER_SECONDS`` ago and is still not done, so a broker that
loses its queue delays work but never loses it. Tasks are idempotent, so a second delivery is a
no-op. After ``OUTBOX_MAX_ATTEMPTS`` sends a message is marked failed and logged for staff.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from shop.core.events import DomainEvent, PayloadValue
from shop.core.models import OutboxMessage

logger = logging.getLogger(__name__)

# The keyword argument that carries a message's id to its task, so the task can mark it done.
MESSAGE_ID_KWARG = "outbox_message_id"


class Subscriber(Protocol):
    task_name: str
    kwargs: dict[str, PayloadValue]


class OutboxDispatcher(Protocol):
    """What the outbox needs from whoever runs the work (``worker/``): who subscribes to an event, and
    how to hand messages over. ``dispatch`` raises when the broker cannot take them."""

    eager: bool

    def subscribers(self, event_name: str) -> Sequence[Subscriber]: ...

    def dispatch(self, message: OutboxMessage) -> None: ...


_dispatcher: OutboxDispatcher | None = None


def outbox_dispatcher_register(dispatcher: OutboxDispatcher) -> None:
    """Called once at start-up by the app that runs tasks (``worker/apps.py``)."""
    global _dispatcher
    _dispatcher = dispatcher


def outbox_dispatcher() -> OutboxDispatcher:
    if _dispatcher is None:
        raise RuntimeError("no outbox dispatcher registered: is 'worker' in INSTALLED_APPS?")
    return _dispatcher


def event_publish(event: DomainEvent, *, key: str | None = None, **payload: PayloadValue) -> int:
    """Publish ``event`` with ``payload`` inside the caller's transaction; returns the messages written.

    One message per subscriber. Publishing the same key again writes nothing (the unique key decides),
    so a service may publish from a path that can run twice. Raises ``RuntimeError`` outside a
    transaction and when the event has no subscriber (the start-up check prevents that in a deploy)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_publish must run inside the transaction that makes the change")
    payload = event.clean_payload(payload)
    key = key or event.default_key(payload)
    subscribers = outbox_dispatcher().subscribers(event.name)
    if not subscribers:
        raise RuntimeError(f"event {event.name} has no subscriber")
    now = timezone.now()
    messages = [
        OutboxMessage(
            event=event.name,
            key=key[:200],
            task_name=subscriber.task_name,
            kwargs={**payload, **subscriber.kwargs},
            created_at=now,
        )
        for subscriber in subscribers
    ]
    OutboxMessage.objects.bulk_create(messages, ignore_conflicts=True)
    _relay_after_commit(key[:200])
    return len(messages)


def event_redeliver(event: DomainEvent, *, key: str | None = None, **payload: PayloadValue) -> int:
    """Deliver an already published event again to every subscriber (a safety net for work that was
    refused for good and whose cause is fixed); returns how many messages were reopened."""
    key = key or event.default_key(event.clean_payload(payload))
    with transaction.atomic():
        reopened = OutboxMessage.objects.filter(key=key).update(
            sent_at=None, done_at=None, failed_at=None, attempts=0, last_error=""
        )
        if reopened:
            _relay_after_commit(key)
    return reopened


class _RelayAfterCommit:
    """The single on-commit callback of a transaction: relays every key it published."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.fired = False

    def __call__(self) -> None:
        self.fired = True
        try:
            outbox_relay(keys=self.keys)
        except Exception:  # the beat sweep sends them later; never fail the request that committed
            logger.exception("outbox relay after commit failed")


def _relay_after_commit(key: str) -> None:
    """Add ``key`` to the transaction's relay callback, registering it on the first publish.

    A callback is reused only when it was registered at this level or an enclosing one that is still
    open (its savepoints are all active), so a rolled-back or finished savepoint never swallows a key."""
    conn = transaction.get_connection()
    active = set(conn.savepoint_ids)
    for sids, callback, _ in conn.run_on_commit:
        if isinstance(callback, _RelayAfterCommit) and not callback.fired and set(sids) <= active:
            callback.keys.append(key)
            return
    callback = _RelayAfterCommit()
    callback.keys.append(key)
    transaction.on_commit(callback)


def _due(now: datetime) -> Q:
    redeliver_before = now - timedelta(seconds=settings.OUTBOX_REDELIVER_AFTER_SECONDS)
    return Q(done_at__isnull=True, failed_at__isnull=True) & (Q(sent_at__isnull=True) | Q(sent_at__lt=redeliver_before))


def outbox_relay(*, keys: Sequence[str] | None = None, limit: int = 500) -> int:
    """Hand due messages to the broker (or run them in-process when Celery is eager); returns how many
    were handed over.

    Due: never sent, or sent over ``OUTBOX_REDELIVER_AFTER_SECONDS`` ago and still not done. With
    ``keys``, only those events' messages (the after-commit relay); otherwise everything due, oldest
    first (the beat sweep). Messages are claimed under ``skip_locked`` row locks and marked sent before
    they are handed over, so concurrent relays never send one twice; a broker that refuses them gets
    them back as unsent, with the error recorded."""
    dispatcher = outbox_dispatcher()
    now = timezone.now()
    due = OutboxMessage.objects.filter(_due(now))
    if keys is not None:
        due = due.filter(key__in=list(dict.fromkeys(keys)))
    with transaction.atomic():
        claimed = list(due.select_for_update(skip_locked=True).order_by("id")[:limit])
        exhausted = [m.pk for m in claimed if m.attempts >= settings.OUTBOX_MAX_ATTEMPTS]
        if exhausted:
            OutboxMessage.objects.filter(pk__in=exhausted).update(failed_at=now)
            logger.error("outbox messages %s gave up after %s sends", exhausted, settings.OUTBOX_MAX_ATTEMPTS)
        claimed = [m for m in claimed if m.pk not in set(exhausted)]
        if not claimed:
            return 0
        OutboxMessage.objects.filter(pk__in=[m.pk for m in claimed]).update(sent_at=now, attempts=F("attempts") + 1)
    sent = 0
    for message in claimed:
        try:
            dispatcher.dispatch(message)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:2000]
            if dispatcher.eager:  # the task itself failed: it stays sent and is tried again later
                OutboxMessage.objects.filter(pk=message.pk).update(last_error=error)
                logger.warning("outbox message %s (%s) failed: %s", message.pk, message.task_name, error)
                continue
            unsent = [m.pk for m in claimed[sent:]]
            OutboxMessage.objects.filter(pk__in=unsent, done_at__isnull=True).update(sent_at=None, last_error=error)
            logger.warning("outbox messages %s not sent: %s", unsent, error)
            break
        sent += 1
    return sent


def outbox_message_done(*, message_id: int) -> bool:
    """Mark a message done once its task has finished; False when it was already done. A message given up on
    (its copies sat in a queue no worker read for ``OUTBOX_MAX_ATTEMPTS`` redeliveries) whose task finishes after
    all is done, not failed: the work happened."""
    return bool(
        OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True).update(
            done_at=timezone.now(), failed_at=None, last_error=""
        )
    )


def outbox_backlog() -> dict[str, int]:
    """For health checks and the admin: messages waiting (not done), overdue, and given up."""
    now = timezone.now()
    waiting = OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True)
    overdue_before = now - timedelta(seconds=settings.OUTBOX_REDELIVER_AFTER_SECONDS)
    return {
        "waiting": waiting.count(),
        "overdue": waiting.filter(
            Q(sent_at__lt=overdue_before) | Q(sent_at__isnull=True, created_at__lt=overdue_before)
        ).count(),
        "failed": OutboxMessage.objects.filter(failed_at__isnull=False, done_at__isnull=True).count(),
    }
