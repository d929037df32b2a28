from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    """Work to hand to Celery after a commit, written in the same transaction as the change.

    The relay (a beat task, and an on-commit nudge) sends undispatched messages to the broker
    and marks them dispatched; a broker outage leaves them here to be sent later. Tasks are
    idempotent, so a message sent twice (crash between send and mark) does no harm.
    """

    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], name="outbox_pending_idx", condition=models.Q(dispatched_at__isnull=True)),
        ]

    def __str__(self) -> str:
        state = "dispatched" if self.dispatched_at else "pending"
        return f"{self.task_name}({self.kwargs}) {state}"
