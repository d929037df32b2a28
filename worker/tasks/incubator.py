"""Incubator tasks: thin, take ids, call services; idempotent (keyed notifications, ``emailed_at``)."""

from __future__ import annotations

from celery import shared_task

from incubator.services.notifications import notification_email_send, submission_transition_notify
from worker.tasks.base import TASK_OPTIONS


@shared_task(name="worker.tasks.incubator.notification_email_task", **TASK_OPTIONS)
def notification_email_task(notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)


@shared_task(name="worker.tasks.incubator.submission_transition_notify_task", **TASK_OPTIONS)
def submission_transition_notify_task(submission_id: int, transition_id: int) -> int:
    """On ``submission.transitioned``: notify everyone concerned by the step; returns how many were."""
    return len(submission_transition_notify(transition_id=transition_id))
