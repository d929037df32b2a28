"""/healthz tells a load balancer when the shop is degraded (issue 13, finding 5; API.md: non-200 when degraded)."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from shop.core.models import OutboxMessage

pytestmark = pytest.mark.django_db


def _dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the embedded demo: no broker or worker to ask


def test_healthy_is_200(client, eager):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["outbox"] == {"waiting": 0, "overdue": 0, "failed": 0}


def test_overdue_outbox_messages_make_it_503(client, eager, settings):
    sent = timezone.now() - timedelta(seconds=settings.OUTBOX_REDELIVER_AFTER_SECONDS + 60)
    OutboxMessage.objects.create(event="order.paid", key="k", task_name="t", kwargs={}, created_at=sent, sent_at=sent)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["outbox"]["overdue"] == 1


def test_failed_outbox_messages_make_it_503(client, eager):
    now = timezone.now()
    OutboxMessage.objects.create(event="order.paid", key="k", task_name="t", kwargs={}, created_at=now, failed_at=now)

    assert client.get("/healthz").status_code == 503


def test_redis_down_makes_it_503_and_it_still_answers(client, eager, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_dead_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"].startswith("error")


def test_broker_down_makes_it_503(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_dead_port()}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_a_message_given_up_whose_task_finishes_after_all_clears_the_alarm(client, eager):
    """Found reviewing the outbox: with the worker down for OUTBOX_MAX_ATTEMPTS redeliveries (50 minutes), healthy
    messages were marked failed, and stayed failed (and /healthz 503) after their queued copies ran."""
    from shop.core.outbox import outbox_message_done

    now = timezone.now()
    message = OutboxMessage.objects.create(
        event="order.paid", key="k", task_name="t", kwargs={}, created_at=now, sent_at=now, failed_at=now
    )
    assert client.get("/healthz").status_code == 503

    assert outbox_message_done(message_id=message.pk)

    message.refresh_from_db()
    assert message.failed_at is None and message.done_at is not None
    assert client.get("/healthz").status_code == 200
