"""Payment gateways: one small interface, two implementations chosen by ``settings.PAYMENT_GATEWAY``.

A gateway turns a :class:`~shop.payments.models.Payment` into something the shopper can pay
(``create_intent``), stops it being payable (``cancel``), gives money back (``refund``) and
authenticates what the gateway sends us (``parse_webhook``). Every gateway reports outcomes as Stripe-shaped events
(``payment_intent.succeeded`` …), so one set of handlers processes both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from shop.core.errors import ApplicationError
from shop.payments.errors import PaymentErrorCode

if TYPE_CHECKING:
    from shop.payments.models import Payment


@dataclass(frozen=True, slots=True)
class IntentResult:
    intent_id: str
    client_secret: str


@dataclass(frozen=True, slots=True)
class CancelResult:
    """Where an intent stands after we asked the gateway to cancel it: ``canceled`` (nobody can pay it any
    more), or ``succeeded`` (it was paid first: ``amount_received`` minor units in ``currency`` came in)."""

    status: str
    amount_received: int = 0
    currency: str = ""


@dataclass(frozen=True, slots=True)
class RefundResult:
    reference: str
    status: str


@dataclass(frozen=True, slots=True)
class GatewayEvent:
    """An authenticated inbound event: its gateway-wide unique id, its type and the full JSON body."""

    event_id: str
    type: str
    payload: dict = field(repr=False)


def event_object(payload: object) -> dict | None:
    """The object a Stripe-shaped event body carries (``data.object``), or None when it carries none."""
    data = payload.get("data") if isinstance(payload, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    return obj if isinstance(obj, dict) else None


class GatewayError(ApplicationError):
    """The gateway refused the request; retrying the same request will not help."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=PaymentErrorCode.GATEWAY_ERROR)


class GatewayUnavailable(ApplicationError):
    """The gateway could not be reached or failed on its side; the same request may be retried."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=PaymentErrorCode.GATEWAY_UNAVAILABLE)


class WebhookRejected(ApplicationError):
    """A webhook whose signature, timestamp or body is not acceptable; nothing may be recorded."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=PaymentErrorCode.WEBHOOK_SIGNATURE_INVALID)


class PaymentGateway(Protocol):
    name: str
    # True when the gateway confirms refunds with its own events (Stripe's charge.refunded);
    # otherwise the refund service records the refunded amount itself.
    refunds_confirmed_by_webhook: bool

    def create_intent(self, *, payment: Payment, idempotency_key: str) -> IntentResult: ...

    def refund(self, *, payment: Payment, amount_minor: int, idempotency_key: str) -> RefundResult: ...

    def cancel(self, *, payment: Payment, idempotency_key: str) -> CancelResult: ...

    def parse_webhook(self, *, payload: bytes, signature: str | None) -> GatewayEvent: ...


GATEWAY_NAMES = ("stripe", "dummy")


def get_gateway(name: str | None = None) -> PaymentGateway:
    """The gateway called ``name`` (default: ``settings.PAYMENT_GATEWAY``), configured from settings."""
    name = name or settings.PAYMENT_GATEWAY
    if name == "stripe":
        from shop.payments.gateways.stripe_gateway import StripeGateway

        return StripeGateway(
            secret_key=settings.STRIPE_SECRET_KEY,
            webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
            api_base=settings.STRIPE_API_BASE,
        )
    if name == "dummy":
        from shop.payments.gateways.dummy_gateway import DummyGateway

        return DummyGateway()
    raise ImproperlyConfigured(f"Unknown PAYMENT_GATEWAY {name!r}; expected one of {GATEWAY_NAMES}")
