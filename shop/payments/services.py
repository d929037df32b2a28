"""Payments: create a payment for an order, record and process gateway events, refund.

The flow: checkout completion calls :func:`payment_create_for_order` (after its commit); the
shopper pays on the gateway's page; the gateway's event (a Stripe webhook, or the dummy pay
page) is stored once by its id with :func:`payment_event_record`, which publishes
``payment.event_received`` (the worker runs :func:`payment_event_process` on it); the handler for
the event type moves the payment and calls ``shop.orders.services.order_mark_paid``. Every step is safe to repeat.

Every payment status change goes through :data:`PAYMENT_TRANSITIONS` (one explicit map, like the
orders' ``ORDER_TRANSITIONS``); pages ask :func:`payment_can_be_paid` rather than restating statuses.

Public surface: other apps call the payments app through this module (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.core.errors import ApplicationError
from shop.core.money import Money
from shop.core.outbox import event_publish, event_redeliver
from shop.orders.models import Order, OrderStatus, Refund
from shop.orders.services import (
    order_chargeback,
    order_late_payment_refund,
    order_mark_paid,
    order_payment_cancelled_record,
    order_payment_problem_record,
)
from shop.payments.errors import PaymentErrorCode
from shop.payments.events import PAYMENT_EVENT_RECEIVED
from shop.payments.gateways import CancelResult, GatewayEvent, event_object, get_gateway
from shop.payments.gateways.dummy_gateway import DummyGateway
from shop.payments.models import Payment, PaymentEvent, PaymentStatus

logger = logging.getLogger(__name__)

P = PaymentStatus
# The only allowed status changes. A failed attempt can still succeed (the shopper tries again on the
# same intent); an open payment is cancelled when its order is cancelled (at the gateway first, see
# :func:`payment_cancel`) or when the shop switched gateways since it was created. A cancelled payment
# "succeeds" only when the gateway collected it anyway (paid in the moment before our cancel reached it):
# the money is in, and goes straight back (``order_late_payment_refund``).
PAYMENT_TRANSITIONS: dict[str, frozenset[str]] = {
    P.PENDING: frozenset({P.SUCCEEDED, P.FAILED, P.CANCELLED}),
    P.FAILED: frozenset({P.SUCCEEDED, P.CANCELLED}),
    P.SUCCEEDED: frozenset({P.PARTIALLY_REFUNDED, P.REFUNDED}),
    P.PARTIALLY_REFUNDED: frozenset({P.PARTIALLY_REFUNDED, P.REFUNDED}),
    P.REFUNDED: frozenset(),
    P.CANCELLED: frozenset({P.SUCCEEDED}),
}
# Open: the shopper may still pay it (the statuses that may be cancelled; ``payment_one_open_per_order``
# names the same). Collected: the money came in (some may have gone back since).
OPEN_STATUSES = tuple(status for status, targets in PAYMENT_TRANSITIONS.items() if P.CANCELLED in targets)
COLLECTED_STATUSES = (P.SUCCEEDED, P.PARTIALLY_REFUNDED, P.REFUNDED)
CANCEL_KEY_PREFIX = "bashu-cancel-"


def payment_can_transition(*, payment: Payment, to: str) -> bool:
    return to in PAYMENT_TRANSITIONS.get(payment.status, frozenset())


def payment_can_be_paid(*, payment: Payment) -> bool:
    """Can the shopper pay ``payment`` now: it is still open and its order awaits payment."""
    return payment.status in OPEN_STATUSES and payment.order.status == OrderStatus.UNPAID


def _transition(payment: Payment, to: str, *, fields: tuple[str, ...] = ()) -> None:
    """Move a locked payment to ``to`` (refused unless the map allows it) and save it with ``fields``,
    the other attributes the caller changed with it."""
    if not payment_can_transition(payment=payment, to=to):
        raise ApplicationError(
            f"Payment {payment.pk} cannot go from {payment.get_status_display()} to {PaymentStatus(to).label}.",
            code=PaymentErrorCode.INVALID_TRANSITION,
        )
    payment.status = to
    payment.save(update_fields=["status", *fields])


def payment_create_for_order(*, order: Order) -> Payment:
    """The order's open payment on the configured gateway, with its intent created at the gateway.

    Call it after the order is committed, outside any transaction (it talks to the gateway).
    Repeating the call returns the same payment; if an earlier call failed at the gateway it
    retries with the same idempotency key, so the gateway never holds two intents for it.
    Raises ``ORDER_NOT_PAYABLE`` unless the order is unpaid, and ``GATEWAY_ERROR`` /
    ``GATEWAY_UNAVAILABLE`` when the gateway fails (the payment row stays, without an intent).
    """
    payment = _payment_open_for_order(order=order, gateway_name=get_gateway().name)
    return payment_intent_ensure(payment=payment)


def payment_open_for_new_order(*, order: Order) -> Payment:
    """The first payment of an order placed in the caller's transaction, on the configured gateway, without
    its intent: the caller commits, then calls :func:`payment_intent_ensure` outside any transaction.

    Saves a placement the order lock and the look-up for an open payment of
    :func:`payment_create_for_order` (a new order has none; ``payment_one_open_per_order`` refuses a second)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("payment_open_for_new_order must run in the transaction that placed the order")
    return _payment_insert(order=order, gateway_name=get_gateway().name)


def _payment_insert(*, order: Order, gateway_name: str) -> Payment:
    amount = Money(order.total_amount, order.currency)
    if amount.minor <= 0:
        raise ApplicationError(f"Order {order.number} has nothing to pay.", code=PaymentErrorCode.INVALID)
    token = uuid.uuid4()
    payment = Payment(
        order=order,
        gateway=gateway_name,
        token=token,
        amount_minor=amount.minor,
        currency=order.currency,
        idempotency_key=f"bashu-payment-{token}",
    )
    # Field checks only, no queries: the order is the caller's row, the unique token and key are fresh UUIDs,
    # and the model's constraints (amount not negative, one open payment per order) are the database's;
    # asking the database all that again cost 13 queries a checkout.
    payment.full_clean(exclude=["order"], validate_unique=False, validate_constraints=False)
    payment.save(force_insert=True)
    return payment


def _payment_open_for_order(*, order: Order, gateway_name: str) -> Payment:
    with transaction.atomic():
        # The order row lock serialises concurrent calls for one order.
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.UNPAID:
            raise ApplicationError(
                f"Order {order.number} is not awaiting payment.", code=PaymentErrorCode.ORDER_NOT_PAYABLE
            )
        payment = order.payments.filter(status__in=OPEN_STATUSES).first()
        if payment is not None and payment.gateway == gateway_name:
            return payment
        if payment is not None:  # the shop switched gateways since: that attempt is abandoned
            _transition(payment, PaymentStatus.CANCELLED)
        return _payment_insert(order=order, gateway_name=gateway_name)


def payment_intent_ensure(*, payment: Payment) -> Payment:
    """Create the payment's intent at its gateway unless it has one; same idempotency key every time.

    The intent is stored by one conditional write (``… WHERE intent_id IS NULL``): of two concurrent
    calls the first stores its intent (the gateway returned the same one to both, by the idempotency
    key) and the second reads it back."""
    if payment.intent_id:
        return payment
    result = get_gateway(payment.gateway).create_intent(payment=payment, idempotency_key=payment.idempotency_key)
    stored = Payment.objects.filter(pk=payment.pk, intent_id__isnull=True).update(
        intent_id=result.intent_id, client_secret=result.client_secret
    )
    if stored:
        payment.intent_id, payment.client_secret = result.intent_id, result.client_secret
        return payment
    return Payment.objects.select_related("order").get(pk=payment.pk)


def payment_event_record(*, gateway: str, event: GatewayEvent) -> PaymentEvent | None:
    """Store an authenticated gateway event once and queue its processing; ``None`` for a duplicate.

    The unique ``event_id`` decides: a concurrent or later delivery of the same event fails the
    insert and changes nothing. Processing is handed to Celery through the outbox, in the same
    transaction as the insert.
    """
    try:
        with transaction.atomic():
            stored = PaymentEvent.objects.create(
                event_id=event.event_id, gateway=gateway, type=event.type, payload=event.payload
            )
            event_publish(PAYMENT_EVENT_RECEIVED, event_id=stored.pk)
    except IntegrityError:
        return None
    return stored


def payment_event_process(*, payment_event_id: int) -> PaymentEvent:
    """Apply a stored event once, through the handler for its type.

    The event row is locked and marked processed in the same transaction as the handler's
    changes, so running this twice (or concurrently) applies the event once. A handler that
    refuses the event (unknown payment, amount mismatch…) changes nothing: the refusal is
    recorded in ``error``. Unknown event types are marked processed and ignored.
    """
    with transaction.atomic():
        try:
            event = PaymentEvent.objects.select_for_update().get(pk=payment_event_id)
        except PaymentEvent.DoesNotExist:
            raise ApplicationError(f"No payment event {payment_event_id}.", code=PaymentErrorCode.NOT_FOUND) from None
        if event.processed_at is not None:
            return event
        handler = EVENT_HANDLERS.get(event.type)
        note = ""
        if handler is not None:
            try:
                with transaction.atomic():
                    note = handler(event=event) or ""
            except ApplicationError as exc:
                note = f"{exc.code}: {exc.message}"
                logger.warning("payment event %s refused: %s", event.event_id, note)
        event.error = note
        event.processed_at = timezone.now()
        event.save(update_fields=["error", "processed_at"])
    return event


def payment_event_requeue_unprocessed(*, older_than: timedelta = timedelta(minutes=10), limit: int = 200) -> int:
    """Queue processing again for events stored over ``older_than`` ago and still unprocessed.

    A safety net for a processing task that gave up for good (its outbox message failed after every
    send): ``payment.event_received`` is delivered again; processing is idempotent, so a spare
    delivery does no harm. Events older than a
    day are left for staff (they show in the admin with no ``processed_at``). Returns how many."""
    now = timezone.now()
    stale = PaymentEvent.objects.filter(
        processed_at__isnull=True, received_at__lt=now - older_than, received_at__gte=now - timedelta(days=1)
    ).order_by("received_at")[:limit]
    ids = list(stale.values_list("pk", flat=True))
    for event_id in ids:
        event_redeliver(PAYMENT_EVENT_RECEIVED, event_id=event_id)
    return len(ids)


def _event_object(event: PaymentEvent) -> dict:
    obj = event_object(event.payload)
    if obj is None:
        raise ApplicationError("The event carries no object.", code=PaymentErrorCode.INVALID)
    return obj


def _event_time(event: PaymentEvent) -> datetime | None:
    """When the gateway says the event happened (``created``, Unix seconds); None if it does not say."""
    created = event.payload.get("created") if isinstance(event.payload, dict) else None
    if type(created) is not int or created <= 0:
        return None
    return datetime.fromtimestamp(created, tz=UTC)


def _payment_locked_by_intent(*, gateway: str, intent_id: object) -> Payment:
    payment = (
        Payment.objects.select_for_update()
        .select_related("order")
        .filter(gateway=gateway, intent_id=intent_id if isinstance(intent_id, str) else None)
        .first()
    )
    if payment is None:
        raise ApplicationError(f"No payment has intent {intent_id!r}.", code=PaymentErrorCode.UNKNOWN_PAYMENT)
    return payment


def _currency_check(payment: Payment, currency: object) -> None:
    if not isinstance(currency, str) or currency.upper() != payment.currency:
        raise ApplicationError(
            f"Currency {currency!r} does not match the payment's {payment.currency}.",
            code=PaymentErrorCode.AMOUNT_MISMATCH,
        )


def _amount_received_check(payment: Payment, received: object) -> None:
    if type(received) is not int or received != payment.amount_minor:
        raise ApplicationError(
            f"Amount received {received!r} does not match the payment's {payment.amount_minor}.",
            code=PaymentErrorCode.AMOUNT_MISMATCH,
        )


def _on_intent_succeeded(*, event: PaymentEvent) -> str:
    intent = _event_object(event)
    payment = _payment_locked_by_intent(gateway=event.gateway, intent_id=intent.get("id"))
    _currency_check(payment, intent.get("currency"))
    _amount_received_check(payment, intent.get("amount_received", intent.get("amount")))
    metadata = intent.get("metadata")
    order_number = metadata.get("order_number") if isinstance(metadata, dict) else None
    if order_number is not None and order_number != payment.order.number:
        raise ApplicationError(
            f"The intent is for order {order_number!r}, not {payment.order.number}.",
            code=PaymentErrorCode.AMOUNT_MISMATCH,
        )
    return _payment_collected(payment, paid_at=_event_time(event))


def _payment_collected(payment: Payment, *, paid_at: datetime | None) -> str:
    """The gateway collected the locked ``payment`` (its amount and currency checked by the caller): mark it
    succeeded and its order paid, once. An order that refuses (cancelled, or expired with its stock gone)
    does not keep the money: the whole payment is booked as a late-payment refund, which the gateway refund
    and the customer's email follow. Returns the note kept on the event (empty when all is as expected)."""
    if payment.status in COLLECTED_STATUSES:
        return ""  # already applied through another event for the same intent, or the cancel's answer
    payment.succeeded_at = timezone.now()
    payment.failure_message = ""
    _transition(payment, PaymentStatus.SUCCEEDED, fields=("succeeded_at", "failure_message"))
    try:
        # order_mark_paid's own atomic block is a savepoint here: its refusal undoes only its writes.
        order_mark_paid(order=payment.order, payment_id=payment.pk, paid_at=paid_at)
    except ApplicationError as exc:
        refund = order_late_payment_refund(
            order_id=payment.order_id,
            payment_reference=payment.intent_id or f"payment-{payment.pk}",
            amount_minor=payment.amount_minor,
            currency=payment.currency,
        )
        return f"LATE_PAYMENT_REFUNDED: {exc.code}: {exc.message} Refund {refund.pk} returns the whole payment."
    return ""


def _on_intent_failed(*, event: PaymentEvent) -> str:
    intent = _event_object(event)
    payment = _payment_locked_by_intent(gateway=event.gateway, intent_id=intent.get("id"))
    if not payment_can_transition(payment=payment, to=PaymentStatus.FAILED):
        return ""  # failed already, or a late failure after a success: nothing to change
    error = intent.get("last_payment_error") or {}
    payment.failure_message = str(error.get("message") or "")[:255] if isinstance(error, dict) else ""
    _transition(payment, PaymentStatus.FAILED, fields=("failure_message",))
    return ""


def _on_intent_canceled(*, event: PaymentEvent) -> str:
    """Stripe cancelled the intent (our cancel, or someone in Stripe's dashboard): nobody can pay it now."""
    intent = _event_object(event)
    payment = _payment_locked_by_intent(gateway=event.gateway, intent_id=intent.get("id"))
    if payment.status in OPEN_STATUSES:
        _transition(payment, PaymentStatus.CANCELLED)
        order_payment_cancelled_record(order_id=payment.order_id, payment_reference=payment.intent_id or "")
    return ""


def _on_charge_refunded(*, event: PaymentEvent) -> str:
    charge = _event_object(event)
    payment = _payment_locked_by_intent(gateway=event.gateway, intent_id=charge.get("payment_intent"))
    _currency_check(payment, charge.get("currency"))
    refunded = charge.get("amount_refunded")
    if type(refunded) is not int or not 0 <= refunded <= payment.amount_minor:
        raise ApplicationError(
            f"Refunded amount {refunded!r} is not within the payment's {payment.amount_minor}.",
            code=PaymentErrorCode.AMOUNT_MISMATCH,
        )
    if payment.status not in COLLECTED_STATUSES:
        raise ApplicationError(
            f"Payment is {payment.status}; nothing to refund.", code=PaymentErrorCode.INVALID_TRANSITION
        )
    _payment_set_refunded(payment=payment, refunded_minor=max(refunded, payment.refunded_minor))
    return ""


def _on_dispute_closed(*, event: PaymentEvent) -> str:
    """A card dispute closed. Lost: the money went back to the cardholder, so the order is booked as
    charged back (``order_chargeback``: a refund of what is left, royalties reversed). Won or withdrawn:
    the money stayed, nothing changes. A partial loss cannot be matched to order lines: it is refused
    here, kept on the event, and royalty reconciliation lists it until finance books it."""
    dispute = _event_object(event)
    if dispute.get("status") != "lost":
        return ""
    dispute_id = dispute.get("id")
    if not isinstance(dispute_id, str) or not dispute_id:
        raise ApplicationError("The dispute has no id.", code=PaymentErrorCode.INVALID)
    payment = _payment_locked_by_intent(gateway=event.gateway, intent_id=dispute.get("payment_intent"))
    _currency_check(payment, dispute.get("currency"))
    if payment.status not in COLLECTED_STATUSES:
        raise ApplicationError(f"Payment is {payment.status}; nothing was collected.", code=PaymentErrorCode.INVALID)
    amount, held = dispute.get("amount"), payment.amount_minor - payment.refunded_minor
    if type(amount) is not int or amount != held:
        raise ApplicationError(
            f"Dispute {dispute_id} took {amount!r} of the {held} the payment still held: a partial chargeback "
            "cannot be matched to order lines; book it by hand.",
            code=PaymentErrorCode.PARTIAL_DISPUTE,
        )
    order_chargeback(order_id=payment.order_id, dispute_reference=dispute_id)
    return ""


def _payment_set_refunded(*, payment: Payment, refunded_minor: int) -> None:
    # ``amount_refunded`` is cumulative, so an older event arriving late never lowers it.
    if refunded_minor <= payment.refunded_minor:
        return
    payment.refunded_minor = refunded_minor
    to = PaymentStatus.REFUNDED if refunded_minor == payment.amount_minor else PaymentStatus.PARTIALLY_REFUNDED
    _transition(payment, to, fields=("refunded_minor",))


EVENT_HANDLERS: dict[str, Callable[..., str]] = {
    "payment_intent.succeeded": _on_intent_succeeded,
    "payment_intent.payment_failed": _on_intent_failed,
    "payment_intent.canceled": _on_intent_canceled,
    "charge.refunded": _on_charge_refunded,
    "charge.dispute.closed": _on_dispute_closed,
}


def payment_dummy_complete(*, payment: Payment, succeeded: bool) -> PaymentEvent:
    """Record the dummy pay page's outcome as an event, processed like a Stripe webhook.

    Refused (nothing recorded) unless the payment is a dummy one that can still be paid
    (pending or failed) and its order is awaiting payment. While an earlier press's event is still
    waiting to be processed, a press records nothing and returns that event (20 concurrent presses
    stored 10 events for one payment); the event ids are the payment's own sequence, so the unique
    id refuses a duplicate even without the row lock.
    """
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
        if payment.gateway != DummyGateway.name or not payment.intent_id:
            raise ApplicationError("This is not a dummy payment.", code=PaymentErrorCode.INVALID)
        if not payment_can_transition(payment=payment, to=PaymentStatus.SUCCEEDED):
            raise ApplicationError("This payment is already complete.", code=PaymentErrorCode.INVALID_TRANSITION)
        if payment.order.status != OrderStatus.UNPAID:
            raise ApplicationError("This order is no longer awaiting payment.", code=PaymentErrorCode.ORDER_NOT_PAYABLE)
        earlier = PaymentEvent.objects.filter(
            gateway=DummyGateway.name, event_id__startswith=DummyGateway.event_prefix(payment=payment)
        )
        waiting = earlier.filter(processed_at__isnull=True).order_by("id").first()
        if waiting is not None:
            return waiting
        event = DummyGateway().outcome_event(payment=payment, succeeded=succeeded, sequence=earlier.count() + 1)
        stored = payment_event_record(gateway=DummyGateway.name, event=event)
    if stored is None:  # recorded concurrently under the same id
        return PaymentEvent.objects.get(event_id=event.event_id)
    return stored


def payment_cancel_for_order(*, order_id: int) -> list[Payment]:
    """Cancel, at its gateway, every open payment of a cancelled order, so nobody can pay it any more; returns
    them as they ended. Nothing for an order that is not cancelled (an expired order may still be paid).

    Safe to repeat (each cancel carries the payment's own idempotency key and a cancelled payment is not open).
    Raises ``GATEWAY_UNAVAILABLE`` (ask again later) or ``GATEWAY_ERROR`` (the gateway refused: the caller
    reports it); the payments cancelled before the failure stay cancelled."""
    order = Order.objects.get(pk=order_id)
    if order.status != OrderStatus.CANCELLED:
        return []
    payments = list(order.payments.filter(status__in=OPEN_STATUSES).select_related("order").order_by("id"))
    return [payment_cancel(payment=payment) for payment in payments]


def payment_cancel(*, payment: Payment) -> Payment:
    """Make ``payment`` unpayable: cancel its intent at the gateway (outside any transaction: it talks to the
    gateway), then mark it cancelled, through the map, and note it on the order's timeline.

    The race: when the gateway answers that the intent had already succeeded, the money came in; it is
    recorded as collected (:func:`_payment_collected`), so a cancelled order books the late-payment refund
    that sends it back, exactly as the ``payment_intent.succeeded`` webhook does (whichever comes first;
    the other changes nothing)."""
    if payment.intent_id:
        gateway = get_gateway(payment.gateway)
        result = gateway.cancel(payment=payment, idempotency_key=f"{CANCEL_KEY_PREFIX}{payment.token}")
    else:  # the gateway never heard of it (it was down at checkout): nothing to cancel there
        result = CancelResult(status="canceled")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("order").get(pk=payment.pk)
        if result.status == "succeeded":
            _currency_check(payment, result.currency)
            _amount_received_check(payment, result.amount_received)
            note = _payment_collected(payment, paid_at=None)
            if note:
                logger.warning("payment %s collected while being cancelled: %s", payment.pk, note)
        elif payment.status in OPEN_STATUSES:
            _transition(payment, PaymentStatus.CANCELLED)
            order_payment_cancelled_record(
                order_id=payment.order_id, payment_reference=payment.intent_id or f"payment-{payment.pk}"
            )
    return payment


def payment_problem_report(*, order_id: int, what: str, message: str, key: str) -> None:
    """A gateway failure that retrying will not mend (``what``: ``cancel`` or ``refund``): logged, and put on
    the order's timeline and in the back office's payment issues, once per ``key``."""
    logger.error("payment %s failed for order %s: %s", what, order_id, message)
    order_payment_problem_record(order_id=order_id, what=what, message=message, key=key)


def payment_refund_execute(*, refund_id: int) -> Refund:
    """Send an order refund to the gateway of the order's collected payment, once.

    The payment is the one ``refund.payment_reference`` names (a late payment's), else the order's latest
    collected one. Done when ``refund.gateway_reference`` is set; before that, a repeat sends the same
    idempotency key, so the gateway refunds once however often this runs. Gateways without
    refund events (dummy) have the refunded amount recorded on the payment here; Stripe's
    ``charge.refunded`` event records it for Stripe.
    """
    refund = Refund.objects.select_related("order").get(pk=refund_id)
    if refund.gateway_reference:
        return refund
    collected = refund.order.payments.filter(status__in=COLLECTED_STATUSES).select_related("order")
    if refund.payment_reference:  # a late payment goes back to the very payment that brought it
        collected = collected.filter(intent_id=refund.payment_reference)
    payment = collected.order_by("-id").first()
    if payment is None:
        raise ApplicationError(
            f"Order {refund.order.number} has no collected payment to refund.", code=PaymentErrorCode.NOT_FOUND
        )
    amount = Money(refund.amount, refund.currency)
    if refund.currency != payment.currency or not 0 < amount.minor <= payment.amount_minor:
        raise ApplicationError(f"Refund {refund.pk} does not fit payment {payment.pk}.", code=PaymentErrorCode.INVALID)
    gateway = get_gateway(payment.gateway)
    result = gateway.refund(
        payment=payment, amount_minor=amount.minor, idempotency_key=f"bashu-refund-{refund.idempotency_key}"
    )
    with transaction.atomic():
        # The one lock order (README, "Security and failure model"): the order, then its refund, then its payment,
        # as the ledger's refund task takes the order first. The refund is locked FOR NO KEY UPDATE, alone (a join
        # would lock the order in the same statement, in no set order): the ledger's foreign-key checks on it
        # (FOR KEY SHARE) do not wait for that. Two workers deadlocked here before.
        Order.objects.select_for_update().filter(pk=refund.order_id).first()
        refund = Refund.objects.select_for_update(no_key=True, of=("self",)).select_related("order").get(pk=refund_id)
        if refund.gateway_reference:
            return refund
        refund.gateway_reference = result.reference
        refund.save(update_fields=["gateway_reference"])
        if not gateway.refunds_confirmed_by_webhook:
            payment = Payment.objects.select_for_update().get(pk=payment.pk)
            _payment_set_refunded(
                payment=payment, refunded_minor=min(payment.amount_minor, payment.refunded_minor + amount.minor)
            )
    return refund
