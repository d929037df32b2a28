"""The royalty ledger (append-only), closed periods and their frozen statements.

Entries are never updated or deleted: ``save()`` refuses an update, ``delete()`` refuses, the admin is
read-only and on PostgreSQL a trigger raises on UPDATE or DELETE (migration 0002). Whether an earning is
*pending* or *available* is derived from the order's fulfilment date and the return window at query time
(``selectors``), because an append-only row cannot flip a status column.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shop.royalties.split import Payee


class LedgerIsAppendOnly(Exception):
    """Raised when code tries to change or remove a ledger row."""


class AppendOnlyModel(models.Model):
    """Rows written once and never changed: ``save()`` refuses an update and ``delete()`` refuses (on
    PostgreSQL a trigger refuses both too, whatever the client: migrations 0002 and 0003)."""

    frozen_reason = "This row never changes."

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise LedgerIsAppendOnly(self.frozen_reason)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerIsAppendOnly(self.frozen_reason)


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

    payee_type = models.CharField(_("payee type"), max_length=10, choices=PayeeType.choices)
    museum = models.ForeignKey(
        "collection.Museum", verbose_name=_("museum"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("designer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
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


class RoyaltyEntry(PayeeFields, AppendOnlyModel):
    """One signed movement on one payee's account; the unique ``idempotency_key`` decides duplicates.

    Sale and refund entries keep the line's base (or the refund's share of it), the exact weights used
    and the licence/design/agreement ids, so any amount can be recomputed from the order line alone.
    ``period`` is the first day of the statement month it belongs to (Asia/Shanghai); an event dated
    into a closed period is booked into the first open one as an ``adjustment`` whose ``corrected_period``
    (and ``corrects``, when it reverses an earlier entry) say what it corrects.
    """

    frozen_reason = "Royalty entries are never updated; book an adjustment instead."

    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    amount_minor = models.BigIntegerField(
        _("amount minor"), help_text=_("Signed, in minor units: positive is owed to the payee.")
    )
    currency = models.CharField(_("currency"), max_length=3)
    idempotency_key = models.CharField(_("idempotency key"), max_length=160, unique=True)
    order_line = models.ForeignKey(
        "orders.OrderLine",
        verbose_name=_("order line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="royalty_entries",
    )
    refund = models.ForeignKey(
        "orders.Refund",
        verbose_name=_("refund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="royalty_entries",
    )
    base_minor = models.BigIntegerField(
        _("base minor"), null=True, blank=True, help_text=_("The base this entry is a share of.")
    )
    weights = models.JSONField(
        _("weights"), default=dict, blank=True, help_text=_("Exact weights of every payee on the line.")
    )
    licence_ids = models.JSONField(_("licence ids"), default=list, blank=True)
    design_id = models.BigIntegerField(_("design id"), null=True, blank=True)
    agreement_id = models.BigIntegerField(_("agreement id"), null=True, blank=True)
    period = models.DateField(
        pgettext_lazy("royalty", "period"), db_index=True, help_text=_("First day of the statement month.")
    )
    occurred_at = models.DateTimeField(
        _("occurred at"), help_text=_("When the event happened (payment, refund, transfer).")
    )
    corrected_period = models.DateField(_("corrected period"), null=True, blank=True)
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    reference = models.CharField(
        pgettext_lazy("transfer", "reference"),
        max_length=120,
        blank=True,
        help_text=_("Bank or Stripe transfer reference."),
    )
    settlement_line = models.ForeignKey(
        "royalties.RoyaltySettlementLine",
        verbose_name=_("settlement line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payouts",
        help_text=_("The settlement line a bank payout pays (matched when the payout is recorded)."),
    )
    transfer_group = models.CharField(
        _("transfer group"),
        max_length=40,
        blank=True,
        help_text=_("Stripe transfer group of a Connect payout: ROYALTIES-YYYY-MM."),
    )
    memo = models.CharField(_("memo"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("royalty entry")
        verbose_name_plural = _("royalty entries")
        ordering = ["id"]
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
            # A statement's lines in the order they are written (statement_rows orders by these columns):
            # read straight from the index, no sort, whatever the statement's length.
            models.Index(
                fields=["period", "payee_type", "museum", "designer", "id"], name="royalty_entry_statement_idx"
            ),
            models.Index(fields=["museum", "period"], name="royalty_entry_museum_idx"),
            models.Index(fields=["designer", "period"], name="royalty_entry_designer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_minor} {self.currency} → {self.payee}"


class RoyaltyPeriod(AppendOnlyModel):
    """A closed statement month. A month without a row here is open."""

    frozen_reason = "A closed period is frozen."

    period = models.DateField(
        pgettext_lazy("royalty", "period"), unique=True, help_text=_("First day of the month (Asia/Shanghai).")
    )
    closed_at = models.DateTimeField(_("closed at"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("royalty period")
        verbose_name_plural = _("royalty periods")
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"


class RoyaltyStatement(PayeeFields, AppendOnlyModel):
    """A payee's frozen statement for a closed period; its lines are the period's entries for the payee.

    Totals were computed by SQL aggregates when the period closed; reconciliation compares them to the
    ledger again. ``closing = opening + royalties + reversals + adjustments + payouts`` (signed).
    """

    frozen_reason = "A statement of a closed period never changes."

    closed_period = models.ForeignKey(
        RoyaltyPeriod, verbose_name=_("closed period"), on_delete=models.PROTECT, related_name="statements"
    )
    period = models.DateField(pgettext_lazy("royalty", "period"))
    payee_key = models.CharField(_("payee key"), max_length=40)
    currency = models.CharField(_("currency"), max_length=3)
    opening_minor = models.BigIntegerField(_("opening minor"))
    royalties_minor = models.BigIntegerField(_("royalties minor"))
    reversals_minor = models.BigIntegerField(_("reversals minor"))
    adjustments_minor = models.BigIntegerField(_("adjustments minor"))
    payouts_minor = models.BigIntegerField(_("payouts minor"))
    closing_minor = models.BigIntegerField(_("closing minor"))
    line_count = models.PositiveIntegerField(_("line count"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("royalty statement")
        verbose_name_plural = _("royalty statements")
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


class DesignerPayoutAccount(models.Model):
    """A designer's connected Stripe account (Express/Custom), paid by Stripe Connect transfers."""

    designer = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("designer"), on_delete=models.CASCADE, related_name="payout_account"
    )
    stripe_account_id = models.CharField(_("stripe account id"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("designer payout account")
        verbose_name_plural = _("designer payout accounts")

    def __str__(self) -> str:
        return f"{self.designer} → {self.stripe_account_id}"


class RoyaltyReconciliation(models.Model):
    """One reconciliation run of a period: the breaks found (listed for finance, never fixed silently)."""

    period = models.DateField(pgettext_lazy("royalty", "period"), db_index=True)
    ran_at = models.DateTimeField(_("ran at"), default=timezone.now)
    breaks = models.JSONField(_("breaks"), default=list, blank=True)

    class Meta:
        verbose_name = _("royalty reconciliation")
        verbose_name_plural = _("royalty reconciliations")
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} at {self.ran_at:%Y-%m-%d %H:%M}: {len(self.breaks)} breaks"

    @property
    def ok(self) -> bool:
        return not self.breaks


class MuseumBankAccount(models.Model):
    """Where a museum is paid: a mainland bank account in CNY (Stripe Connect does not serve mainland China)."""

    museum = models.OneToOneField(
        "collection.Museum", verbose_name=_("museum"), on_delete=models.CASCADE, related_name="bank_account"
    )
    account_name = models.CharField(
        _("account name"), max_length=200, help_text=_("Beneficiary, as the bank knows it.")
    )
    bank_name = models.CharField(_("bank name"), max_length=200)
    account_number = models.CharField(_("account number"), max_length=40)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("museum bank account")
        verbose_name_plural = _("museum bank accounts")

    def __str__(self) -> str:
        return f"{self.museum} → {self.bank_name} {self.account_number[-4:]}"


class DesignerBankAccount(models.Model):
    """Where a designer without a connected Stripe account is paid: a mainland bank account in CNY."""

    designer = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("designer"), on_delete=models.CASCADE, related_name="bank_account"
    )
    account_name = models.CharField(
        _("account name"), max_length=200, help_text=_("Beneficiary, as the bank knows it.")
    )
    bank_name = models.CharField(_("bank name"), max_length=200)
    account_number = models.CharField(_("account number"), max_length=40)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("designer bank account")
        verbose_name_plural = _("designer bank accounts")

    def __str__(self) -> str:
        return f"{self.designer} → {self.bank_name} {self.account_number[-4:]}"


class RoyaltySettlement(AppendOnlyModel):
    """The museums' bank settlement of a closed period, frozen when finance issues it: the file sent to the
    bank never changes, and every museum payout recorded afterwards is matched against one of its lines."""

    frozen_reason = "An issued settlement never changes."

    period = models.DateField(
        pgettext_lazy("royalty", "period"), unique=True, help_text=_("The closed statement month it settles.")
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    left_out = models.JSONField(
        _("left out"),
        default=list,
        blank=True,
        help_text=_("Every payee with a balance it did not ask a transfer for, and why (as at issue)."),
    )

    class Meta:
        verbose_name = _("royalty settlement")
        verbose_name_plural = _("royalty settlements")
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"settlement {self.period:%Y-%m}"


class RoyaltySettlementLine(PayeeFields, AppendOnlyModel):
    """One transfer the settlement asks for: a payee, an amount and the bank details as they were at issue."""

    frozen_reason = "An issued settlement never changes."

    settlement = models.ForeignKey(
        RoyaltySettlement, verbose_name=_("settlement"), on_delete=models.PROTECT, related_name="lines"
    )
    currency = models.CharField(_("currency"), max_length=3)
    amount_minor = models.BigIntegerField(_("amount minor"))
    account_name = models.CharField(_("account name"), max_length=200, blank=True)
    bank_name = models.CharField(_("bank name"), max_length=200, blank=True)
    account_number = models.CharField(_("account number"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("royalty settlement line")
        verbose_name_plural = _("royalty settlement lines")
        ordering = ["settlement", "id"]
        constraints = [
            _payee_constraint("royalty_settlement_line_one_payee"),
            models.CheckConstraint(condition=Q(amount_minor__gt=0), name="royalty_settlement_line_positive"),
            models.UniqueConstraint(
                fields=["settlement", "payee_type", "museum", "designer", "currency"],
                name="royalty_settlement_line_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.settlement}: {self.payee} {self.amount_minor} {self.currency}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being written")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"


class StatementExportJob(PayeeFields):
    """A statement document written in the background (too long to stream in a request): who asked, which
    statement (a provisional one as a snapshot up to ``through_entry_id``), how far the writer has got, and
    the file in the private storage until ``expires_at``. The id is a random UUID: it appears in links."""

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.DateField(pgettext_lazy("royalty", "period"))
    currency = models.CharField(_("currency"), max_length=3)
    format = models.CharField(_("format"), max_length=4, choices=ExportFormat.choices)
    through_entry_id = models.BigIntegerField(_("through entry id"), null=True, blank=True)
    as_of = models.DateTimeField(_("as of"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    lines_total = models.PositiveIntegerField(_("lines total"), default=0)
    lines_written = models.PositiveIntegerField(_("lines written"), default=0)
    file_name = models.CharField(
        _("file name"), max_length=255, blank=True, help_text=_("Path in the private storage.")
    )
    size_bytes = models.BigIntegerField(_("size bytes"), default=0)
    error = models.CharField(_("error"), max_length=255, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement export job")
        verbose_name_plural = _("statement export jobs")
        ordering = ["-created_at"]
        constraints = [
            _payee_constraint("statement_export_one_payee"),
            models.CheckConstraint(
                condition=Q(lines_written__lte=models.F("lines_total")), name="statement_export_progress_le_total"
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="statement_export_user_idx")]

    def __str__(self) -> str:
        return f"{self.payee} {self.period:%Y-%m} {self.format} ({self.status})"
