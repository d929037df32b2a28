from __future__ import annotations

import json

import pytest

from tests.shop.payments.factories import OrderFactory
from tests.stripe_stub import stripe_signature_header

WEBHOOK_SECRET = "whsec_test_bashu_0123456789"


@pytest.fixture(autouse=True)
def _celery_not_eager(settings):
    """Tasks run only when a test runs the outbox (tests/outbox_helpers.py), as the brief for tests says.

    Set explicitly: when pytest-django configures Django before the root conftest sets
    DJANGO_ENV=test, the settings module would otherwise come up eager."""
    settings.CELERY_TASK_ALWAYS_EAGER = False


@pytest.fixture
def stripe_api(_stripe_server, settings):
    """The local Stripe stand-in, emptied, with the shop configured to use Stripe through it."""
    _stripe_server.reset()
    settings.PAYMENT_GATEWAY = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_bashu_0123456789"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_bashu_0123456789"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = _stripe_server.url
    return _stripe_server


@pytest.fixture
def dummy_gateway(settings):
    settings.PAYMENT_GATEWAY = "dummy"


@pytest.fixture
def unpaid_order(db):
    return OrderFactory()


def post_event(client, event: dict, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None, header=None):
    """POST ``event`` to the webhook as Stripe would: the raw JSON body and its computed signature."""
    body = json.dumps(event)
    if header is None:
        header = stripe_signature_header(body, secret=secret, timestamp=timestamp)
    extra = {} if header is False else {"HTTP_STRIPE_SIGNATURE": header}
    return client.post("/webhooks/stripe/", data=body, content_type="application/json", **extra)
