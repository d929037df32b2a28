"""Notifications: a row per person (the portal's list) and an email each, sent by Celery via the outbox."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from incubator.events import NOTIFICATION_CREATED
from incubator.models import Notification
from shop.core.outbox import event_publish


def notify(*, users: Iterable, text: str, link: str = "") -> list[Notification]:
    """Record a notification for each distinct user and queue its email, inside the caller's
    transaction: a rolled-back change notifies no one."""
    seen: set[int] = set()
    created = []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        notification = Notification.objects.create(user=user, text=text[:500], link=link)
        event_publish(NOTIFICATION_CREATED, notification_id=notification.pk)
        created.append(notification)
    return created


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification unless it was already emailed; True when sent now. Safe to run twice
    (a crash between sending and marking may send it again: at least once, never lost)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        body = notification.text
        if notification.link:
            body += f"\n\n{notification.link}"
        send_mail(
            subject=f"Bashu Creative: {notification.text[:60]}",
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.user.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when ``notification_ids`` is None); returns
    how many changed. Other people's notifications are never touched."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())
