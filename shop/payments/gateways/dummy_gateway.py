"""The dummy gateway: no network. The shopper decides the outcome on the dummy pay page.

Its outcomes are Stripe-shaped events, recorded and processed exactly like Stripe's webhooks.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING

from shop.payments.gateways import CancelResult, GatewayEvent, IntentResult, RefundResult, WebhookRejected

if TYPE_CHECKING:
    from shop.payments.models import Payment


class DummyGateway:
    name = "dummy"
    refunds_confirmed_by_webhook = False

    def create_intent(self, *, payment: Payment, idempotency_key: str) -> IntentResult:
        intent_id = f"dummy_pi_{secrets.token_hex(12)}"
        return IntentResult(intent_id=intent_id, client_secret=f"{intent_id}_secret_{secrets.token_urlsafe(18)}")

    def refund(self, *, payment: Payment, amount_minor: int, idempotency_key: str) -> RefundResult:
        return RefundResult(reference=f"dummy_re_{secrets.token_hex(12)}", status="succeeded")

    def cancel(self, *, payment: Payment, idempotency_key: str) -> CancelResult:
        # Nothing outside the shop holds a dummy intent: the pay page asks the payment's status, which the
        # caller sets to cancelled.
        return CancelResult(status="canceled")

    def parse_webhook(self, *, payload: bytes, signature: str | None) -> GatewayEvent:
        raise WebhookRejected("The dummy gateway sends no webhooks.")

    @staticmethod
    def event_prefix(*, payment: Payment) -> str:
        return f"evt_dummy_{payment.pk}_"

    def outcome_event(self, *, payment: Payment, succeeded: bool, sequence: int | None = None) -> GatewayEvent:
        """The event the shopper's choice on the pay page stands for: with ``sequence``, the payment's
        ``sequence``-th, whose id is derived from both (a second press recording the same step collides on the
        unique event id); without, under a fresh id."""
        event_type = "payment_intent.succeeded" if succeeded else "payment_intent.payment_failed"
        intent = {
            "id": payment.intent_id,
            "object": "payment_intent",
            "amount": payment.amount_minor,
            "amount_received": payment.amount_minor if succeeded else 0,
            "currency": payment.currency.lower(),
            "metadata": {"order_number": payment.order.number, "payment_id": str(payment.pk)},
            "status": "succeeded" if succeeded else "requires_payment_method",
            "last_payment_error": None if succeeded else {"message": "The payment was declined (dummy gateway)."},
        }
        event_id = (
            f"{self.event_prefix(payment=payment)}{sequence}"
            if sequence is not None
            else f"evt_dummy_{secrets.token_hex(12)}"
        )
        payload = {
            "id": event_id,
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": intent},
        }
        return GatewayEvent(event_id=event_id, type=event_type, payload=payload)
