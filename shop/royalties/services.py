"""Writes to the royalty ledger: sales, refunds, payouts, period closing. Each event is one transaction.

Every entry carries a unique idempotency key derived from the event (``sale:<line>:<payee>``,
``refund:<refund>:<line>:<payee>``, ``payout:<payee>:<reference>``), so running a task twice, or again
after a crash, writes nothing twice. The amounts come from :mod:`shop.royalties.split` only.

Writers take a shared PostgreSQL advisory lock and closing a period takes it exclusively, so an entry
is never booked into a period that closed between its check and its insert.

Public surface: other apps call the royalties app through this module (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

import datetime
import zlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core.errors import ApplicationError
from shop.core.money import Money
from shop.orders.models import Order, OrderLine, Refund, RefundLine
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.ledger import ledger_rows_insert_new
from shop.royalties.models import EntryKind, PayeeFields, RoyaltyEntry, RoyaltyPeriod, RoyaltyStatement
from shop.royalties.periods import period_current, period_label, period_next, period_of, period_previous
from shop.royalties.selectors import (
    PAID_STATUSES,
    payee_balance,
    payee_currencies,
    payee_exists,
    payee_name,
    period_last_closed,
    settlement_lines_outstanding,
    statement_totals,
)
from shop.royalties.split import (
    Payee,
    SplitError,
    allocate,
    line_base,
    payee_weights,
    refund_sequence,
    weights_to_json,
)

LEDGER_LOCK = 0x524F59  # "ROY": one advisory lock key for the ledger
PAYEE_LOCK = 0x504159  # "PAY": per-payee payout lock (second key is the payee's crc32)


def advisory_lock(*keys: int, shared: bool = False) -> None:
    """A PostgreSQL advisory lock held until the transaction ends (``LEDGER_LOCK``, ``PAYEE_LOCK``)."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        return  # SQLite serialises writers itself
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    placeholders = ", ".join(["%s"] * len(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}({placeholders})", list(keys))


def _booking(event_period: datetime.date, last_closed: datetime.date | None) -> tuple[datetime.date, bool]:
    """Where an event dated into ``event_period`` is booked: there, or (when that period is closed) into the
    first open period as a late correction."""
    if last_closed is not None and event_period <= last_closed:
        return period_next(last_closed), True
    return event_period, False


def _line_terms(line: OrderLine) -> tuple[int, dict]:
    try:
        weights = payee_weights(line.royalty_snapshot or {})
        base = line_base(total_minor=Money(line.total_amount, line.currency).minor, vat_rate_bp=line.vat_rate_bp)
    except SplitError as exc:
        raise ApplicationError(
            f"Order line {line.pk} cannot be split: {exc}", code=RoyaltyErrorCode.SNAPSHOT_INVALID
        ) from exc
    return base, weights


def _line_ids(line: OrderLine) -> dict:
    snapshot = line.royalty_snapshot or {}
    return {
        "licence_ids": [usage.get("licence_id") for usage in snapshot.get("usages", [])],
        "design_id": snapshot.get("design_id") or line.design_id_snapshot,
        "agreement_id": snapshot.get("agreement_id"),
    }


def _sale_key(line_id: int, payee: Payee) -> str:
    return f"sale:{line_id}:{payee.key}"


def _sale_rows(line: OrderLine, *, order: Order, last_closed: datetime.date | None) -> list[dict]:
    """The field values of the line's sale entries (one per payee): the one place they are computed."""
    base, weights = _line_terms(line)
    event_period = period_of(order.paid_at)
    period, late = _booking(event_period, last_closed)
    common = {
        "kind": EntryKind.ADJUSTMENT if late else EntryKind.SALE,
        "currency": line.currency,
        "order_line_id": line.pk,
        "base_minor": base,
        "weights": weights_to_json(weights),
        "period": period,
        "occurred_at": order.paid_at,
        "corrected_period": event_period if late else None,
        "memo": f"Sale of {order.number} paid in closed period {period_label(event_period)}" if late else "",
        **_line_ids(line),
    }
    return [
        {
            **common,
            "amount_minor": amount,
            "idempotency_key": _sale_key(line.pk, payee),
            **PayeeFields.payee_columns(payee),
        }
        for payee, amount in allocate(base, weights).items()
    ]


def _sale_entries(line: OrderLine, *, order: Order, last_closed: datetime.date | None) -> list[RoyaltyEntry]:
    return [RoyaltyEntry(**row) for row in _sale_rows(line, order=order, last_closed=last_closed)]


def _insert_new(entries: list[RoyaltyEntry]) -> list[RoyaltyEntry]:
    """Insert the entries whose keys are not in the ledger yet (inside the caller's transaction)."""
    if not entries:
        return []
    keys = [entry.idempotency_key for entry in entries]
    existing = set(RoyaltyEntry.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    new = [entry for entry in entries if entry.idempotency_key not in existing]
    RoyaltyEntry.objects.bulk_create(new, batch_size=1000)
    return new


def _order_for_ledger(order_id: int) -> Order:
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise ApplicationError(f"Order {order_id} does not exist.", code=RoyaltyErrorCode.NOT_FOUND)
    if order.status not in PAID_STATUSES or order.paid_at is None:
        raise ApplicationError(
            f"Order {order.number} is not paid ({order.status}); it earns no royalties.",
            code=RoyaltyErrorCode.INVALID_TRANSITION,
        )
    return order


def royalty_record_order(*, order_id: int) -> int:
    """Write the sale entries of every line of a paid order, in one transaction; returns how many were new.

    Idempotent: the order row is locked and existing keys are skipped, so a second run writes nothing.
    A sale dated into a closed period is booked into the first open one as an adjustment.
    Six statements whatever the number of lines: the ledger lock, the last closed period, the order locked,
    its lines, the keys already booked (by the unique index) and one ``COPY`` of the new entries."""
    with transaction.atomic():
        advisory_lock(LEDGER_LOCK, shared=True)
        # Read after the lock is granted, in a statement of its own: its snapshot then sees a close that
        # committed while this waited (one statement taking the lock and reading would not).
        last_closed = period_last_closed()
        order = _order_for_ledger(order_id)
        rows = [
            row
            for line in order.lines.only(*_LINE_FIELDS).order_by("id")
            for row in _sale_rows(line, order=order, last_closed=last_closed)
        ]
        return ledger_rows_insert_new(rows)


_LINE_FIELDS = ("id", "order_id", "total_amount", "currency", "vat_rate_bp", "royalty_snapshot", "design_id_snapshot")


def royalty_record_refund(*, refund_id: int) -> int:
    """Write the reversals of a refund (split rule 4–5), in one transaction; returns how many were new.

    The reversals of refund ``k`` on a line are replayed from the line's refund history in refund-id
    order, so they do not depend on which task ran first. A line whose sale is not in the ledger yet gets
    its sale entries first (same keys as the sale task, which then writes nothing)."""
    with transaction.atomic():
        advisory_lock(LEDGER_LOCK, shared=True)
        refund = Refund.objects.filter(pk=refund_id).first()
        if refund is None:
            raise ApplicationError(f"Refund {refund_id} does not exist.", code=RoyaltyErrorCode.NOT_FOUND)
        order = _order_for_ledger(refund.order_id)
        last_closed = period_last_closed()
        event_period = period_of(refund.created_at)
        period, late = _booking(event_period, last_closed)
        line_ids = sorted(set(refund.lines.values_list("order_line_id", flat=True)))
        entries: list[RoyaltyEntry] = []
        for line in OrderLine.objects.filter(pk__in=line_ids, order=order).order_by("id"):
            base, weights = _line_terms(line)
            _insert_new(_sale_entries(line, order=order, last_closed=last_closed))
            sales = {
                entry.idempotency_key: entry
                for entry in RoyaltyEntry.objects.filter(idempotency_key__in=[_sale_key(line.pk, p) for p in weights])
            }
            paid = {payee: sales[_sale_key(line.pk, payee)].amount_minor for payee in weights}
            history = list(
                RefundLine.objects.filter(order_line=line, refund_id__lte=refund.pk)
                .values("refund_id")
                .annotate(units=Sum("quantity"))
                .order_by("refund_id")
            )
            try:
                split = refund_sequence(
                    base=base,
                    quantity=line.quantity,
                    weights=weights,
                    paid=paid,
                    refunds=[row["units"] for row in history],
                )[-1]
            except SplitError as exc:
                raise ApplicationError(
                    f"Refund {refund.pk} on line {line.pk} cannot be split: {exc}",
                    code=RoyaltyErrorCode.SNAPSHOT_INVALID,
                ) from exc
            common = {
                "currency": line.currency,
                "order_line_id": line.pk,
                "refund_id": refund.pk,
                "base_minor": split.base,
                "weights": weights_to_json(weights),
                "period": period,
                "occurred_at": refund.created_at,
                "corrected_period": event_period if late else None,
                **_line_ids(line),
            }
            late_memo = f"Refund of {split.quantity} on {order.number} in closed {period_label(event_period)}"
            for payee, amount in split.reversals.items():
                entries.append(
                    RoyaltyEntry(
                        kind=EntryKind.ADJUSTMENT if late else EntryKind.REFUND,
                        amount_minor=-amount,
                        idempotency_key=f"refund:{refund.pk}:{line.pk}:{payee.key}",
                        corrects=sales[_sale_key(line.pk, payee)] if late else None,
                        memo=late_memo if late else "",
                        **common,
                        **PayeeFields.payee_columns(payee),
                    )
                )
        return len(_insert_new(entries))


def royalty_payout_record(
    *,
    payee: Payee,
    amount_minor: int,
    currency: str,
    reference: str,
    memo: str = "",
    transfer_group: str = "",
    settlement_line_id: int | None = None,
) -> RoyaltyEntry:
    """Record money paid out to ``payee`` (a bank transfer or a Stripe transfer) as a negative entry.

    Refused, with nothing written: a non-positive amount, an empty reference, an unknown payee, a currency
    the payee is not owed in, more than the payee's available balance, a reference already recorded.

    A bank transfer (no Stripe ``transfer_group``) pays ``settlement_line_id`` when given (refused unless
    that line is the payee's, in this currency, with at least this much outstanding); otherwise it is
    matched to the payee's oldest outstanding settlement line when it fits in what that line has left. One
    that fits none stays unmatched and the reconciliation lists it: a transfer no settlement asked for is
    never hidden."""
    reference = (reference or "").strip()
    if not reference or len(reference) > 120:
        raise ApplicationError(
            _("A transfer reference (1–120 characters) is required."), code=RoyaltyErrorCode.REQUIRED, field="reference"
        )
    if not isinstance(amount_minor, int) or amount_minor <= 0:
        raise ApplicationError(_("A payout must be a positive amount."), code=RoyaltyErrorCode.INVALID, field="amount")
    if not payee_exists(payee):
        raise ApplicationError(f"Payee {payee} does not exist.", code=RoyaltyErrorCode.NOT_FOUND, field="payee")
    name = payee_name(payee)  # messages name the payee as finance knows them, never by an internal key
    with transaction.atomic():
        advisory_lock(LEDGER_LOCK, shared=True)
        advisory_lock(PAYEE_LOCK, zlib.crc32(payee.key.encode()) & 0x7FFFFFFF)
        owed_in = payee_currencies(payee) or {settings.SHOP_CURRENCY}
        if currency not in owed_in:
            raise ApplicationError(
                _("%(name)s is owed in %(owed)s, not %(currency)s.")
                % {"name": name, "owed": ", ".join(sorted(owed_in)), "currency": currency},
                code=RoyaltyErrorCode.CURRENCY_MISMATCH,
                field="amount",
            )
        key = f"payout:{payee.key}:{reference}"
        if RoyaltyEntry.objects.filter(idempotency_key=key).exists():
            raise ApplicationError(
                _("Transfer %(reference)s is already recorded for %(name)s.") % {"reference": reference, "name": name},
                code=RoyaltyErrorCode.UNIQUE,
                field="reference",
            )
        balance = payee_balance(payee=payee, currency=currency)
        if amount_minor > balance.available_minor:
            available = Money.from_minor(max(balance.available_minor, 0), currency)
            raise ApplicationError(
                _("%(name)s has %(available)s available; cannot pay out %(amount)s.")
                % {"name": name, "available": available, "amount": Money.from_minor(amount_minor, currency)},
                code=RoyaltyErrorCode.INSUFFICIENT_BALANCE,
                field="amount",
            )
        settlement_line = None
        outstanding = [] if transfer_group else settlement_lines_outstanding(payee=payee, currency=currency)
        if settlement_line_id is not None:
            wanted = next((line for line in outstanding if line.pk == settlement_line_id), None)
            if wanted is None:
                raise ApplicationError(
                    _("That settlement line is not outstanding for %(name)s in %(currency)s.")
                    % {"name": name, "currency": currency},
                    code=RoyaltyErrorCode.SETTLEMENT_MISMATCH,
                    field="settlement_line",
                )
            left = wanted.amount_minor - wanted.paid_minor
            if amount_minor > left:
                raise ApplicationError(
                    _("That settlement line has %(left)s outstanding.") % {"left": Money.from_minor(left, currency)},
                    code=RoyaltyErrorCode.SETTLEMENT_MISMATCH,
                    field="amount",
                )
            settlement_line = wanted
        elif outstanding and amount_minor <= outstanding[0].amount_minor - outstanding[0].paid_minor:
            settlement_line = outstanding[0]
        now = timezone.now()
        period, _late = _booking(period_of(now), period_last_closed())
        return RoyaltyEntry.objects.create(
            kind=EntryKind.PAYOUT,
            amount_minor=-amount_minor,
            currency=currency,
            idempotency_key=key,
            period=period,
            occurred_at=now,
            reference=reference,
            memo=memo[:255],
            settlement_line=settlement_line,
            transfer_group=transfer_group,
            **PayeeFields.payee_columns(payee),
        )


def royalty_period_close(
    *, period: datetime.date, closed_by=None, now: datetime.datetime | None = None
) -> RoyaltyPeriod:
    """Close a statement month: freeze it and write one statement per payee and currency (SQL aggregates).

    Periods close in order, once, and only after they end: a current or future month, an already closed
    month, or a month after an open earlier one are refused with nothing written. Anything later dated into
    a closed month is booked into the first open one as an adjustment."""
    current = period_current(now=now)
    if period >= current:
        raise ApplicationError(
            _("%(period)s has not ended yet; it can be closed from %(next)s.")
            % {"period": period_label(period), "next": period_label(period_next(period))},
            code=RoyaltyErrorCode.PERIOD_NOT_ENDED,
            field="period",
        )
    try:
        with transaction.atomic():
            advisory_lock(LEDGER_LOCK)
            last_closed = period_last_closed()
            if last_closed is not None and period <= last_closed:
                raise ApplicationError(
                    _("%(period)s is already closed.") % {"period": period_label(period)},
                    code=RoyaltyErrorCode.PERIOD_CLOSED,
                    field="period",
                )
            if last_closed is not None and period != period_next(last_closed):
                raise ApplicationError(
                    _("Close %(period)s first: periods close in order.")
                    % {"period": period_label(period_next(last_closed))},
                    code=RoyaltyErrorCode.PERIOD_OUT_OF_ORDER,
                    field="period",
                )
            earliest = (
                RoyaltyEntry.objects.filter(period__lt=period).order_by("period").values_list("period", flat=True)
            )
            if last_closed is None and earliest.exists():
                raise ApplicationError(
                    _("Close %(period)s first: it holds entries and is still open.")
                    % {"period": period_label(earliest.first())},
                    code=RoyaltyErrorCode.PERIOD_OUT_OF_ORDER,
                    field="period",
                )
            closed = RoyaltyPeriod.objects.create(period=period, closed_by=closed_by)
            statements = statement_totals(period=period)
            for statement in statements:
                statement.closed_period = closed
            RoyaltyStatement.objects.bulk_create(statements, batch_size=1000)
            return closed
    except IntegrityError as exc:  # a concurrent close of the same month won (SQLite has no advisory lock)
        raise ApplicationError(
            _("%(period)s is already closed.") % {"period": period_label(period)},
            code=RoyaltyErrorCode.PERIOD_CLOSED,
            field="period",
        ) from exc


def royalty_period_close_due(*, now: datetime.datetime | None = None) -> list[RoyaltyPeriod]:
    """The monthly beat: close, in order, every month up to the one before the current month that is not
    closed yet (the first ever being the earliest month holding entries). Returns what it closed."""
    last_month = period_previous(period_current(now=now))
    closed = []
    while True:
        last_closed = period_last_closed()
        if last_closed is not None:
            target = period_next(last_closed)
        else:
            target = RoyaltyEntry.objects.order_by("period").values_list("period", flat=True).first() or last_month
        if target > last_month:
            return closed
        closed.append(royalty_period_close(period=target, now=now))
