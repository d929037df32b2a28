"""The royalty ledger (append-only), closed periods and their frozen statements.

Entries are never updated or deleted: ``save()`` refuses an update, ``delete()`` refuses, the admin is
read-only and on PostgreSQL a trigger raises on UPDATE or DELETE (migration 0002). Whether an earning is
*pending* or *available* is derived from the order's fulfilment date and the return window at query time
(``selectors``), because an append-only row cannot flip a status column.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.royalties.split import Payee


class LedgerIsAppendOnly(Exception):
    """Raised when code tries to change or remove a ledger row."""


class PayeeType(models.TextChoices):
    MUSEUM = "museum", _("Museum")
    DESIGNER = "designer", _("Designer")
    PLATFORM = "platform", _("Platform")


class EntryKind(models.TextChoices):
    SALE = "sale", _("Royalty")
    REFUND = "refund", _("Reversal")
    ADJUSTMENT = "adjustment", _("Adjustment")
    PAYOUT = "payout", _("Payout")


class PayeeFields(models.Model):
    """Who is paid: exactly one of museum / designer, or neither for the platform."""

    payee_type = models.CharField(max_length=10, choices=PayeeType.choices)
    museum = models.ForeignKey("collection.Museum", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def payee(self) -> Payee:
        return Payee(self.payee_type, self.museum_id or self.designer_id)

    @staticmethod
    def payee_columns(payee: Payee) -> dict:
        return {
            "payee_type": payee.kind,
            "museum_id": payee.id if payee.kind == PayeeType.MUSEUM else None,
            "designer_id": payee.id if payee.kind == PayeeType.DESIGNER else None,
        }


def _payee_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(
            Q(payee_type=PayeeType.MUSEUM, museum__isnull=False, designer__isnull=True)
            | Q(payee_type=PayeeType.DESIGNER, museum__isnull=True, designer__isnull=False)
            | Q(payee_type=PayeeType.PLATFORM, museum__isnull=True, designer__isnull=True)
        ),
        name=name,
    )


class RoyaltyEntry(PayeeFields):
    """One signed movement on one payee's account; the unique ``idempotency_key`` decides duplicates.

    Sale and refund entries keep the line's base (or the refund's share of it), the exact weights used
    and the licence/design/agreement ids, so any amount can be recomputed from the order line alone.
    ``period`` is the first day of the statement month it belongs to (Asia/Shanghai); an event dated
    into a closed period is booked into the first open one as an ``adjustment`` whose ``corrected_period``
    (and ``corrects``, when it reverses an earlier entry) say what it corrects.
    """

    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    amount_minor = models.BigIntegerField(help_text=_("Signed, in minor units: positive is owed to the payee."))
    currency = models.CharField(max_length=3)
    idempotency_key = models.CharField(max_length=160, unique=True)
    order_line = models.ForeignKey(
        "orders.OrderLine", null=True, blank=True, on_delete=models.PROTECT, related_name="royalty_entries"
    )
    refund = models.ForeignKey(
        "orders.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="royalty_entries"
    )
    base_minor = models.BigIntegerField(null=True, blank=True, help_text=_("The base this entry is a share of."))
    weights = models.JSONField(default=dict, blank=True, help_text=_("Exact weights of every payee on the line."))
    licence_ids = models.JSONField(default=list, blank=True)
    design_id = models.BigIntegerField(null=True, blank=True)
    agreement_id = models.BigIntegerField(null=True, blank=True)
    period = models.DateField(db_index=True, help_text=_("First day of the statement month."))
    occurred_at = models.DateTimeField(help_text=_("When the event happened (payment, refund, transfer)."))
    corrected_period = models.DateField(null=True, blank=True)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections")
    reference = models.CharField(max_length=120, blank=True, help_text=_("Bank or Stripe transfer reference."))
    memo = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "royalty entries"
        constraints = [
            _payee_constraint("royalty_entry_one_payee"),
            models.CheckConstraint(
                condition=~Q(kind="sale") | Q(amount_minor__gte=0), name="royalty_entry_sale_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["refund", "payout"]) | Q(amount_minor__lte=0),
                name="royalty_entry_debit_not_positive",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "payee_type", "museum", "designer"], name="royalty_entry_statement_idx"),
            models.Index(fields=["museum", "period"], name="royalty_entry_museum_idx"),
            models.Index(fields=["designer", "period"], name="royalty_entry_designer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_minor} {self.currency} → {self.payee}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise LedgerIsAppendOnly("Royalty entries are never updated; book an adjustment instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("Royalty entries are never deleted; book an adjustment instead.")


class RoyaltyPeriod(models.Model):
    """A closed statement month. A month without a row here is open."""

    period = models.DateField(unique=True, help_text=_("First day of the month (Asia/Shanghai)."))
    closed_at = models.DateTimeField(default=timezone.now)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise LedgerIsAppendOnly("A closed period is frozen.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("A closed period is frozen.")


class RoyaltyStatement(PayeeFields):
    """A payee's frozen statement for a closed period; its lines are the period's entries for the payee.

    Totals were computed by SQL aggregates when the period closed; reconciliation compares them to the
    ledger again. ``closing = opening + royalties + reversals + adjustments + payouts`` (signed).
    """

    closed_period = models.ForeignKey(RoyaltyPeriod, on_delete=models.PROTECT, related_name="statements")
    period = models.DateField()
    payee_key = models.CharField(max_length=40)
    currency = models.CharField(max_length=3)
    opening_minor = models.BigIntegerField()
    royalties_minor = models.BigIntegerField()
    reversals_minor = models.BigIntegerField()
    adjustments_minor = models.BigIntegerField()
    payouts_minor = models.BigIntegerField()
    closing_minor = models.BigIntegerField()
    line_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["period", "payee_type", "museum_id", "designer_id"]
        constraints = [
            _payee_constraint("royalty_statement_one_payee"),
            models.UniqueConstraint(fields=["period", "payee_key", "currency"], name="royalty_statement_unique"),
            models.CheckConstraint(
                condition=Q(
                    closing_minor=models.F("opening_minor")
                    + models.F("royalties_minor")
                    + models.F("reversals_minor")
                    + models.F("adjustments_minor")
                    + models.F("payouts_minor")
                ),
                name="royalty_statement_balances",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payee_key} {self.period:%Y-%m} {self.currency}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise LedgerIsAppendOnly("A statement of a closed period never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly("A statement of a closed period never changes.")


class DesignerPayoutAccount(models.Model):
    """A designer's connected Stripe account (Express/Custom), paid by Stripe Connect transfers."""

    designer = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payout_account")
    stripe_account_id = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.designer} → {self.stripe_account_id}"


class RoyaltyReconciliation(models.Model):
    """One reconciliation run of a period: the breaks found (listed for finance, never fixed silently)."""

    period = models.DateField(db_index=True)
    ran_at = models.DateTimeField(default=timezone.now)
    breaks = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} at {self.ran_at:%Y-%m-%d %H:%M}: {len(self.breaks)} breaks"

    @property
    def ok(self) -> bool:
        return not self.breaks
