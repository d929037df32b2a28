"""Options every task shares: late acks, bounded retries with exponential backoff and jitter, and the
outbox hand-back (a message is done only when its task has finished)."""

from celery import Task
from django.db import DatabaseError

from shop.core.outbox import MESSAGE_ID_KWARG, outbox_message_done

# Retried: transient infrastructure failures (database, SMTP/network). Business errors are not.
RETRY_ON = (DatabaseError, ConnectionError, OSError, TimeoutError)


class OutboxTask(Task):
    """Takes the outbox message id the relay adds and marks the message done once the task returns.

    A task that raises (to be retried, or failing) leaves its message open: the relay sends it again
    after ``OUTBOX_REDELIVER_AFTER_SECONDS``; tasks are idempotent, so that never doubles an effect."""

    def __call__(self, *args, **kwargs):
        message_id = kwargs.pop(MESSAGE_ID_KWARG, None)
        result = super().__call__(*args, **kwargs)
        if message_id is not None:
            outbox_message_done(message_id=message_id)
        return result


TASK_OPTIONS = {
    "base": OutboxTask,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": RETRY_ON,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}
