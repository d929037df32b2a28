"""Paying out and checking: the bank settlement of a closed period, designers' Stripe Connect transfers,
and reconciliation runs. Balances below ``ROYALTY_MIN_PAYOUT_MINOR`` carry over to a later period.

Who is paid how: designers with a connected Stripe account by a Stripe Connect transfer (transfer group
``ROYALTIES-YYYY-MM``); the museums (Stripe Connect does not serve mainland China) and designers without a
connected account by bank transfer in CNY, from the settlement finance issues for the period.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import asdict, dataclass

import stripe
from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shop.core.errors import ApplicationError
from shop.core.money import Money
from shop.payments.gateways.stripe_gateway import stripe_client
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.models import (
    DesignerBankAccount,
    DesignerPayoutAccount,
    EntryKind,
    MuseumBankAccount,
    PayeeFields,
    PayeeType,
    RoyaltyEntry,
    RoyaltyPeriod,
    RoyaltyReconciliation,
    RoyaltySettlement,
    RoyaltySettlementLine,
)
from shop.royalties.periods import period_current, period_label, period_previous
from shop.royalties.selectors import (
    ReconciliationBreak,
    held_filter,
    payee_balance,
    payee_from_row,
    payee_names,
    period_last_closed,
    reconciliation_breaks,
    settlement_lines_outstanding,
    settlement_lines_paid,
)
from shop.royalties.services import LEDGER_LOCK, advisory_lock, royalty_payout_record
from shop.royalties.split import DESIGNER, MUSEUM, Payee

logger = logging.getLogger(__name__)


def transfer_group(period: datetime.date) -> str:
    return f"ROYALTIES-{period_label(period)}"


class LeftOut(models.TextChoices):
    """Why a payee with a balance is not in a bank settlement."""

    STRIPE = "stripe", _("Paid by Stripe Connect transfer, not by bank")
    NO_BANK_ACCOUNT = "no_bank_account", _("No bank account on file")
    ALREADY_ASKED = "already_asked", _("An issued settlement already asks for it")
    BELOW_MINIMUM = "below_minimum", _("Below the minimum payout")
    PENDING = "pending", _("Still in the return window (pending)")
    OWES = "owes", _("Owes money: reversals exceed earnings")


@dataclass(frozen=True, slots=True)
class SettlementRow:
    payee: Payee
    name: str
    currency: str
    available_minor: int
    pending_minor: int
    outstanding_minor: int  # asked for by settlements already issued, not paid yet
    left_out: str = ""  # a LeftOut value; empty when a settlement issued now asks for it
    account: MuseumBankAccount | DesignerBankAccount | None = None

    @property
    def due_minor(self) -> int:
        """What a new settlement would ask the bank to transfer."""
        return self.available_minor - self.outstanding_minor

    @property
    def reason(self) -> str:
        return str(LeftOut(self.left_out).label) if self.left_out else ""

    def as_left_out(self) -> dict:
        """What the settlement keeps of a payee it leaves out (``RoyaltySettlement.left_out``)."""
        return {
            "payee": self.payee.key,
            "name": self.name,
            "currency": self.currency,
            "available_minor": self.available_minor,
            "pending_minor": self.pending_minor,
            "outstanding_minor": self.outstanding_minor,
            "reason": self.left_out,
        }


def _why_left_out(*, by_stripe: bool, account, available: int, pending: int, outstanding: int) -> str:
    due = available - outstanding
    if by_stripe:
        return LeftOut.STRIPE
    if due >= settings.ROYALTY_MIN_PAYOUT_MINOR:
        return "" if account is not None and account.account_number else LeftOut.NO_BANK_ACCOUNT
    if available < 0:
        return LeftOut.OWES
    if outstanding and available >= settings.ROYALTY_MIN_PAYOUT_MINOR:
        return LeftOut.ALREADY_ASKED
    if pending > 0 and available < settings.ROYALTY_MIN_PAYOUT_MINOR:
        return LeftOut.PENDING
    return LeftOut.BELOW_MINIMUM


def settlement_review(*, at: datetime.datetime | None = None) -> list[SettlementRow]:
    """Every museum and designer with a balance (or a settlement still asking for something) and what a
    settlement issued now would do with them: ask the bank to transfer what is due (``left_out`` empty) or
    leave them out, saying why (``LeftOut``). Paid by bank: museums, and designers without a connected Stripe
    account; a transfer needs the bank details on file and at least ``ROYALTY_MIN_PAYOUT_MINOR`` due.
    A fixed number of queries however many payees: balances, outstanding lines, accounts, names."""
    groups = (
        RoyaltyEntry.objects.exclude(payee_type=PayeeType.PLATFORM)
        .values("payee_type", "museum_id", "designer_id", "currency")
        .annotate(total=Sum("amount_minor"), pending=Coalesce(Sum("amount_minor", filter=held_filter(at)), 0))
        .order_by()
    )
    outstanding: dict[tuple[Payee, str], int] = {}
    for line in settlement_lines_paid().filter(paid_minor__lt=F("amount_minor")):
        key = (line.payee, line.currency)
        outstanding[key] = outstanding.get(key, 0) + line.amount_minor - line.paid_minor
    balances = [(payee_from_row(group), group) for group in groups]
    stripe = set(DesignerPayoutAccount.objects.values_list("designer_id", flat=True))
    museum_accounts = {account.museum_id: account for account in MuseumBankAccount.objects.all()}
    designer_accounts = {account.designer_id: account for account in DesignerBankAccount.objects.all()}
    names = payee_names(payee for payee, _ in balances)
    rows = []
    for payee, group in balances:
        waiting = outstanding.get((payee, group["currency"]), 0)
        if not group["total"] and not waiting:
            continue
        accounts = museum_accounts if payee.kind == MUSEUM else designer_accounts
        account = accounts.get(payee.id)
        available, pending = group["total"] - group["pending"], group["pending"]
        rows.append(
            SettlementRow(
                payee=payee,
                name=names[payee],
                currency=group["currency"],
                available_minor=available,
                pending_minor=pending,
                outstanding_minor=waiting,
                left_out=_why_left_out(
                    by_stripe=payee.kind == DESIGNER and payee.id in stripe,
                    account=account,
                    available=available,
                    pending=pending,
                    outstanding=waiting,
                ),
                account=account,
            )
        )
    return sorted(rows, key=lambda row: (row.payee.tie_rank, row.currency))


def bank_payees_due(*, at: datetime.datetime | None = None) -> list[SettlementRow]:
    """The payees a settlement issued now asks the bank to pay (``settlement_review`` without those left out)."""
    return [row for row in settlement_review(at=at) if not row.left_out]


def royalty_settlement_issue(
    *, period: datetime.date, issued_by=None, at: datetime.datetime | None = None
) -> RoyaltySettlement:
    """Freeze the bank settlement of a closed ``period``: one line per payee due a bank transfer now, with
    their bank details as they are today, and every other payee with a balance left out with the reason
    (``settlement_review``). Issued once per period; afterwards it never changes, and each payout finance
    records is matched against its lines (``royalty_payout_record``)."""
    if not RoyaltyPeriod.objects.filter(period=period).exists():
        raise ApplicationError(
            gettext("Close %(period)s before issuing its settlement.") % {"period": period_label(period)},
            code=RoyaltyErrorCode.PERIOD_OPEN,
            field="period",
        )
    try:
        with transaction.atomic():
            advisory_lock(LEDGER_LOCK)  # no payout or sale lands between the balances read and the lines written
            if RoyaltySettlement.objects.filter(period=period).exists():
                raise ApplicationError(
                    gettext("The settlement of %(period)s is already issued.") % {"period": period_label(period)},
                    code=RoyaltyErrorCode.UNIQUE,
                    field="period",
                )
            review = settlement_review(at=at)
            settlement = RoyaltySettlement.objects.create(
                period=period, issued_by=issued_by, left_out=[row.as_left_out() for row in review if row.left_out]
            )
            lines = [
                RoyaltySettlementLine(
                    settlement=settlement,
                    currency=row.currency,
                    amount_minor=row.due_minor,
                    account_name=row.account.account_name,
                    bank_name=row.account.bank_name,
                    account_number=row.account.account_number,
                    **PayeeFields.payee_columns(row.payee),
                )
                for row in review
                if not row.left_out and row.account is not None
            ]
            RoyaltySettlementLine.objects.bulk_create(lines)
            return settlement
    except IntegrityError as exc:  # a concurrent issue of the same period won (SQLite has no advisory lock)
        raise ApplicationError(
            gettext("The settlement of %(period)s is already issued.") % {"period": period_label(period)},
            code=RoyaltyErrorCode.UNIQUE,
        ) from exc


def _stripe_client() -> stripe.StripeClient:
    return stripe_client(secret_key=settings.STRIPE_SECRET_KEY, api_base=settings.STRIPE_API_BASE)


def _group_transfers(client: stripe.StripeClient, group: str) -> list:
    listed = client.v1.transfers.list(params={"transfer_group": group, "limit": 100})
    return list(listed.auto_paging_iter())


def royalty_designer_transfers(*, period: datetime.date | None = None) -> list[RoyaltyEntry]:
    """Pay every designer with a connected Stripe account their available balance, less what an issued bank
    settlement still asks for them, by a Stripe Connect transfer in transfer group ``ROYALTIES-YYYY-MM``,
    then record it as a payout. Balances under the minimum carry over. ``period`` defaults to the last
    closed month (none closed yet: nothing to pay).

    Idempotent: a designer whose transfer of the group is recorded is skipped; one Stripe already lists a
    transfer of the group for (a crash between Stripe and the ledger) gets that transfer recorded, never
    a second one; new transfers carry the key ``royalty-transfer-<period>-<designer>``. A transfer the
    ledger refuses (say, a refund emptied the balance meanwhile) is logged and left to reconciliation."""
    if not (settings.STRIPE_SECRET_KEY and settings.ROYALTY_STRIPE_TRANSFERS):
        logger.info("Stripe transfers are off (STRIPE_SECRET_KEY, ROYALTY_STRIPE_TRANSFERS); designers wait")
        return []
    period = period or period_last_closed()
    if period is None:
        return []
    group = transfer_group(period)
    paid = set(
        RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT, transfer_group=group).values_list("designer_id", flat=True)
    )
    accounts = list(DesignerPayoutAccount.objects.exclude(designer_id__in=paid).order_by("designer_id"))
    if not accounts:
        return []
    client = _stripe_client()
    made = {transfer.destination: transfer for transfer in _group_transfers(client, group)}
    currency = settings.SHOP_CURRENCY
    recorded = []
    for account in accounts:
        payee = Payee(DESIGNER, account.designer_id)
        transfer = made.get(account.stripe_account_id)
        if transfer is None:
            # A bank settlement issued before the account was connected still asks for its part: not paid twice.
            asked = sum(
                line.amount_minor - line.paid_minor
                for line in settlement_lines_outstanding(payee=payee, currency=currency)
            )
            amount = payee_balance(payee=payee, currency=currency).available_minor - asked
            if amount < settings.ROYALTY_MIN_PAYOUT_MINOR:
                continue  # carries over
            transfer = client.v1.transfers.create(
                params={
                    "amount": amount,
                    "currency": currency.lower(),
                    "destination": account.stripe_account_id,
                    "transfer_group": group,
                    "metadata": {"payee": payee.key, "period": period_label(period)},
                },
                options={"idempotency_key": f"royalty-transfer-{period_label(period)}-{account.designer_id}"},
            )
        try:
            recorded.append(
                royalty_payout_record(
                    payee=payee,
                    amount_minor=transfer.amount,
                    currency=transfer.currency.upper(),
                    reference=transfer.id,
                    memo=f"Stripe transfer {group}",
                    transfer_group=group,
                )
            )
        except ApplicationError as exc:
            logger.error("Stripe transfer %s to %s not recorded: %s (%s)", transfer.id, payee, exc.message, exc.code)
    return recorded


def _money(minor: int, currency: str) -> str:
    return str(Money.from_minor(minor, currency.upper()))


def stripe_transfer_breaks(*, period: datetime.date) -> list[ReconciliationBreak]:
    """Match the ledger's Stripe payouts of ``period``'s transfer group against the transfers Stripe lists
    for it: a transfer with no payout, a payout Stripe does not know, different amount, currency or
    destination, a reversed transfer. Stripe being unreachable is a break too, never a silent pass."""
    if not settings.STRIPE_SECRET_KEY:
        return []
    group = transfer_group(period)
    recorded = {
        entry.reference: entry
        for entry in RoyaltyEntry.objects.filter(kind=EntryKind.PAYOUT, transfer_group=group).order_by("id")
    }
    try:
        transfers = _group_transfers(_stripe_client(), group)
    except stripe.StripeError as exc:
        return [ReconciliationBreak("stripe_unavailable", f"Stripe's transfers in {group} could not be listed: {exc}")]
    accounts = dict(DesignerPayoutAccount.objects.values_list("stripe_account_id", "designer_id"))
    names = payee_names(entry.payee for entry in recorded.values())
    breaks = []
    for transfer in sorted(transfers, key=lambda item: item.id):
        amount = _money(transfer.amount, transfer.currency)
        entry = recorded.pop(transfer.id, None)
        if entry is None:
            breaks.append(
                ReconciliationBreak(
                    "transfer_unrecorded",
                    f"Stripe transfer {transfer.id} of {amount} to {transfer.destination} has no payout in the ledger.",
                    reference=transfer.id,
                )
            )
            continue
        if (
            entry.amount_minor != -transfer.amount
            or entry.currency.lower() != transfer.currency.lower()
            or accounts.get(transfer.destination) != entry.designer_id
        ):
            breaks.append(
                ReconciliationBreak(
                    "transfer_differs",
                    f"Payout {entry.id} records {_money(-entry.amount_minor, entry.currency)} to {names[entry.payee]}; "
                    f"Stripe transfer {transfer.id} is {amount} to {transfer.destination}.",
                    reference=transfer.id,
                )
            )
        if getattr(transfer, "amount_reversed", 0):
            breaks.append(
                ReconciliationBreak(
                    "transfer_reversed",
                    f"Stripe transfer {transfer.id} to {names[entry.payee]} was reversed by "
                    f"{_money(transfer.amount_reversed, transfer.currency)}; the ledger still counts it paid.",
                    reference=transfer.id,
                )
            )
    for reference, entry in recorded.items():
        breaks.append(
            ReconciliationBreak(
                "transfer_missing",
                f"Payout {entry.id} to {names[entry.payee]} records Stripe transfer {reference}, "
                f"which Stripe does not list in {group}.",
                reference=reference,
            )
        )
    return breaks


def reconciliation_all(*, period: datetime.date) -> list[ReconciliationBreak]:
    """Every check of ``period``: the ledger against orders, statements and settlements (SQL), then the
    Stripe payouts against Stripe's own list of transfers."""
    return reconciliation_breaks(period=period) + stripe_transfer_breaks(period=period)


def royalty_reconcile(*, periods: list[datetime.date] | None = None) -> list[RoyaltyReconciliation]:
    """Run the reconciliation checks for ``periods`` and record each run with its breaks. By default: the
    current and the previous month, and every month whose settlement still has a line not paid exactly,
    so an old unpaid transfer keeps showing until it is settled."""
    if periods is None:
        current = period_current()
        unsettled = set(
            settlement_lines_paid().exclude(paid_minor=F("amount_minor")).values_list("settlement__period", flat=True)
        )
        periods = sorted(unsettled | {period_previous(current), current})
    runs = []
    for period in periods:
        breaks = [asdict(item) for item in reconciliation_all(period=period)]
        if breaks:
            logger.warning("royalty reconciliation of %s: %d breaks", period_label(period), len(breaks))
        runs.append(RoyaltyReconciliation.objects.create(period=period, breaks=breaks))
    return runs
