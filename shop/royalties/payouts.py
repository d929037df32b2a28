"""Paying out and checking: the museums' bank settlement list, designers' Stripe Connect transfers, and
reconciliation runs. Balances below ``ROYALTY_MIN_PAYOUT_MINOR`` carry over to a later period.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import asdict, dataclass

import stripe
from django.conf import settings
from django.db.models import Sum

from shop.royalties.models import EntryKind, RoyaltyEntry, RoyaltyReconciliation
from shop.royalties.periods import period_current, period_label, period_previous
from shop.royalties.selectors import payee_balance, payee_filter, payee_name, reconciliation_breaks
from shop.royalties.services import royalty_payout_record
from shop.royalties.split import DESIGNER, MUSEUM, Payee

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SettlementRow:
    payee: str
    name: str
    currency: str
    available_minor: int
    pending_minor: int


def settlement_rows(*, payee_type: str = MUSEUM) -> list[SettlementRow]:
    """Who is due a transfer now: payees of ``payee_type`` whose available balance reaches the minimum
    (the rest carry over). Museums are paid by bank transfer in CNY from this list."""
    groups = (
        RoyaltyEntry.objects.filter(payee_type=payee_type)
        .values("museum_id", "designer_id", "currency")
        .annotate(total=Sum("amount_minor"))
        .order_by("museum_id", "designer_id", "currency")
    )
    rows = []
    for group in groups:
        payee = Payee(payee_type, group["museum_id"] or group["designer_id"])
        balance = payee_balance(payee=payee, currency=group["currency"])
        if balance.available_minor >= settings.ROYALTY_MIN_PAYOUT_MINOR:
            rows.append(
                SettlementRow(
                    payee.key, payee_name(payee), group["currency"], balance.available_minor, balance.pending_minor
                )
            )
    return rows


def _stripe_client() -> stripe.StripeClient:
    base_addresses = {"api": settings.STRIPE_API_BASE} if settings.STRIPE_API_BASE else None
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses=base_addresses, max_network_retries=2)


def royalty_designer_transfers(*, period: datetime.date) -> list[RoyaltyEntry]:
    """Pay every designer with a connected Stripe account their available balance (at least the minimum)
    by a Stripe Connect transfer in transfer group ``ROYALTIES-YYYY-MM``, then record it as a payout.

    Idempotent: the transfer's idempotency key is ``royalty-transfer-<period>-<designer>`` and a designer
    who already has this period's transfer recorded is skipped; a crash between Stripe and the ledger is
    healed by the rerun (Stripe replays the same transfer, the ledger records it once)."""
    from shop.royalties.models import DesignerPayoutAccount

    if not settings.STRIPE_SECRET_KEY:
        logger.info("Stripe is not configured; designer transfers skipped")
        return []
    group = f"ROYALTIES-{period_label(period)}"
    recorded = []
    for account in DesignerPayoutAccount.objects.order_by("designer_id"):
        payee = Payee(DESIGNER, account.designer_id)
        if RoyaltyEntry.objects.filter(payee_filter(payee), kind=EntryKind.PAYOUT, memo=group).exists():
            continue
        currency = settings.SHOP_CURRENCY
        balance = payee_balance(payee=payee, currency=currency)
        if balance.available_minor < settings.ROYALTY_MIN_PAYOUT_MINOR:
            continue  # carries over
        transfer = _stripe_client().v1.transfers.create(
            params={
                "amount": balance.available_minor,
                "currency": currency.lower(),
                "destination": account.stripe_account_id,
                "transfer_group": group,
                "metadata": {"payee": payee.key, "period": period_label(period)},
            },
            options={"idempotency_key": f"royalty-transfer-{period_label(period)}-{account.designer_id}"},
        )
        recorded.append(
            royalty_payout_record(
                payee=payee,
                amount_minor=balance.available_minor,
                currency=currency,
                reference=transfer.id,
                memo=group,
            )
        )
    return recorded


def royalty_reconcile(*, periods: list[datetime.date] | None = None) -> list[RoyaltyReconciliation]:
    """Run the reconciliation checks (``selectors.reconciliation_breaks``) for ``periods`` (default: the
    current and the previous month) and record each run with its breaks."""
    if periods is None:
        current = period_current()
        periods = [period_previous(current), current]
    runs = []
    for period in periods:
        breaks = [asdict(item) for item in reconciliation_breaks(period=period)]
        if breaks:
            logger.warning("royalty reconciliation of %s: %d breaks", period_label(period), len(breaks))
        runs.append(RoyaltyReconciliation.objects.create(period=period, breaks=breaks))
    return runs
