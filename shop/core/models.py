from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One subscriber's delivery of a domain event, written in the same transaction as the change.

    ``event`` and ``key`` identify the event (publishing a key twice writes nothing); ``task_name`` and
    ``kwargs`` are what the subscriber runs (``worker/subscriptions.py`` decides them). A message is
    *sent* when the relay handed it to the broker and *done* when its task finished; one sent long ago
    and not done is sent again, so a lost broker queue delays work but never loses it.
    """

    event = models.CharField(_("event"), max_length=100)
    key = models.CharField(_("key"), max_length=200)
    task_name = models.CharField(_("task name"), max_length=200)
    kwargs = models.JSONField(_("kwargs"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["key", "task_name"], name="outbox_one_delivery_per_subscriber"),
        ]
        indexes = [
            models.Index(
                fields=["id"],
                name="outbox_open_idx",
                condition=models.Q(done_at__isnull=True, failed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        if self.done_at:
            state = "done"
        elif self.failed_at:
            state = "failed"
        else:
            state = "sent" if self.sent_at else "pending"
        return f"{self.event} → {self.task_name}({self.kwargs}) {state}"
