"""Options every task shares: late acks, bounded retries with exponential backoff and jitter."""

from django.db import DatabaseError

# Retried: transient infrastructure failures (database, SMTP/network). Business errors are not.
RETRY_ON = (DatabaseError, ConnectionError, OSError, TimeoutError)

TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": RETRY_ON,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}
