"""Stripe through the official library: PaymentIntents (card, Alipay, WeChat Pay), refunds, webhooks.

``STRIPE_API_BASE`` points the client at another host (the tests' local stand-in of the API).
Every request that creates something carries an idempotency key derived from our own row, so
a retry (ours, or the library's network retries) never creates a second intent or refund.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

import stripe

from shop.payments.gateways import (
    CancelResult,
    GatewayError,
    GatewayEvent,
    GatewayUnavailable,
    IntentResult,
    RefundResult,
    WebhookRejected,
)

if TYPE_CHECKING:
    from shop.payments.models import Payment

PAYMENT_METHOD_TYPES = ["card", "alipay", "wechat_pay"]
# Failures on Stripe's side or on the way there: the same request (same idempotency key) may succeed later.
TRANSIENT_ERRORS = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)


# Stripe's own default: a signed event older than this, or dated this far ahead, is refused.
WEBHOOK_TOLERANCE_SECONDS = 300


def _signature_timestamp(header: str) -> int | None:
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def stripe_client(*, secret_key: str, api_base: str = "") -> stripe.StripeClient:
    """The official client, pointed at ``api_base`` when given, retrying network failures twice (every
    creating request carries an idempotency key, so a retry never creates twice)."""
    base_addresses = {"api": api_base} if api_base else None
    return stripe.StripeClient(secret_key, base_addresses=base_addresses, max_network_retries=2)  # type: ignore[arg-type]


class StripeGateway:
    name = "stripe"
    refunds_confirmed_by_webhook = True

    def __init__(self, *, secret_key: str, webhook_secret: str, api_base: str = "") -> None:
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.api_base = api_base

    def _client(self) -> stripe.StripeClient:
        if not self.secret_key:
            raise GatewayError("Stripe is not configured (STRIPE_SECRET_KEY is empty).")
        return stripe_client(secret_key=self.secret_key, api_base=self.api_base)

    def create_intent(self, *, payment: Payment, idempotency_key: str) -> IntentResult:
        params = {
            "amount": payment.amount_minor,
            "currency": payment.currency.lower(),
            "payment_method_types": PAYMENT_METHOD_TYPES,
            "metadata": {"order_number": payment.order.number, "payment_id": str(payment.pk)},
        }
        try:
            intent = self._client().v1.payment_intents.create(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        except TRANSIENT_ERRORS as exc:
            raise GatewayUnavailable(f"Stripe did not create the payment: {exc.user_message or exc}") from exc
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe refused the payment: {exc.user_message or exc}") from exc
        return IntentResult(intent_id=intent.id, client_secret=intent.client_secret or "")

    def refund(self, *, payment: Payment, amount_minor: int, idempotency_key: str) -> RefundResult:
        params = {
            "payment_intent": payment.intent_id,
            "amount": amount_minor,
            "metadata": {"order_number": payment.order.number, "payment_id": str(payment.pk)},
        }
        try:
            refund = self._client().v1.refunds.create(
                params=params,  # type: ignore[arg-type]
                options={"idempotency_key": idempotency_key},
            )
        except TRANSIENT_ERRORS as exc:
            raise GatewayUnavailable(f"Stripe did not refund: {exc.user_message or exc}") from exc
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe refused the refund: {exc.user_message or exc}") from exc
        if refund.status in ("failed", "canceled"):
            raise GatewayError(f"Stripe refund {refund.id} {refund.status}.")
        return RefundResult(reference=refund.id, status=refund.status or "")

    def cancel(self, *, payment: Payment, idempotency_key: str) -> CancelResult:
        """Cancel the payment's PaymentIntent so nobody can pay it any more. Stripe refuses to cancel an intent
        that already succeeded (or was cancelled before, say by an earlier try whose answer was lost): then the
        intent is read back and its state reported. An intent still ``processing`` may yet succeed or fail, so
        that is :class:`GatewayUnavailable` (ask again later)."""
        client = self._client()
        try:
            intent = client.v1.payment_intents.cancel(
                payment.intent_id or "",
                params={"cancellation_reason": "abandoned"},
                options={"idempotency_key": idempotency_key},
            )
        except TRANSIENT_ERRORS as exc:
            raise GatewayUnavailable(f"Stripe did not cancel the payment: {exc.user_message or exc}") from exc
        except stripe.InvalidRequestError as exc:
            if exc.code != "payment_intent_unexpected_state":
                raise GatewayError(f"Stripe refused to cancel the payment: {exc.user_message or exc}") from exc
            try:
                intent = client.v1.payment_intents.retrieve(payment.intent_id or "")
            except TRANSIENT_ERRORS as read_exc:
                raise GatewayUnavailable(f"Stripe did not show the payment: {read_exc}") from read_exc
            except stripe.StripeError as read_exc:
                raise GatewayError(f"Stripe did not show the payment: {read_exc}") from read_exc
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe refused to cancel the payment: {exc.user_message or exc}") from exc
        if intent.status == "canceled":
            return CancelResult(status="canceled")
        if intent.status == "succeeded":
            return CancelResult(
                status="succeeded", amount_received=intent.amount_received or 0, currency=intent.currency or ""
            )
        if intent.status == "processing":
            raise GatewayUnavailable(f"Stripe is still processing payment {intent.id}; it cannot be cancelled yet.")
        raise GatewayError(f"Stripe left payment {intent.id} {intent.status}; it was not cancelled.")

    def parse_webhook(self, *, payload: bytes, signature: str | None) -> GatewayEvent:
        """Verify the ``Stripe-Signature`` header (HMAC and a 5-minute timestamp tolerance, both ways: the library
        refuses only old timestamps, and a signature dated in the future is a forged clock or a replay being
        prepared) and parse the body."""
        try:
            stripe.Webhook.construct_event(payload, signature, self.webhook_secret, tolerance=WEBHOOK_TOLERANCE_SECONDS)
            signed_at = _signature_timestamp(signature or "")
            if signed_at is None or signed_at > time.time() + WEBHOOK_TOLERANCE_SECONDS:
                raise WebhookRejected("The signature's timestamp is in the future.")
            body = json.loads(payload)
        except stripe.SignatureVerificationError as exc:
            raise WebhookRejected(f"Invalid Stripe signature: {exc.user_message or exc}") from exc
        except ValueError as exc:  # not UTF-8 or not JSON: signed or not, we cannot use it
            raise WebhookRejected("The webhook body is not a JSON event.") from exc
        event_id, event_type = body.get("id"), body.get("type")
        if not (isinstance(event_id, str) and 0 < len(event_id) <= 120):
            raise WebhookRejected("The event has no valid id.")
        if not (isinstance(event_type, str) and 0 < len(event_type) <= 80):
            raise WebhookRejected("The event has no valid type.")
        return GatewayEvent(event_id=event_id, type=event_type, payload=body)
