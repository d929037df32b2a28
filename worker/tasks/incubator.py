"""Incubator tasks: thin, take ids, call services; idempotent (the service checks ``emailed_at``)."""

from __future__ import annotations

from celery import shared_task

from incubator.services.notifications import notification_email_send
from worker.tasks.base import TASK_OPTIONS


@shared_task(**TASK_OPTIONS)
def notification_email_task(notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)
