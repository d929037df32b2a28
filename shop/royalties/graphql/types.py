"""GraphQL types of the royalty ledger: payees (global ids ``RoyaltyPayee:museum-3``), statements, lines."""

from __future__ import annotations

import graphene
from django.utils.translation import get_language
from graphql_relay import from_global_id, to_global_id

from shop.core.errors import ApplicationError
from shop.core.graphql.connections import CountableConnection, connection_args, paginate
from shop.core.graphql.errors import error_type
from shop.core.graphql.types import Money
from shop.core.money import Money as MoneyValue
from shop.royalties.errors import RoyaltyErrorCode
from shop.royalties.exports.lines import StatementLineReader
from shop.royalties.graphql.dataloaders import PayeeNameLoader, StatementLineRelicsLoader
from shop.royalties.line_types import line_type
from shop.royalties.periods import period_label
from shop.royalties.selectors import (
    settlement_lines_paid,
    statement_line_quantity,
    statement_line_rate,
    statement_lines,
)
from shop.royalties.split import Payee, SplitError

RoyaltyError = error_type("RoyaltyError", RoyaltyErrorCode)


def payee_global_id(payee: Payee) -> str:
    return to_global_id("RoyaltyPayee", payee.key)


def payee_from_global_id(global_id: str, *, field: str = "payee") -> Payee:
    """The payee behind a ``RoyaltyPayee`` global id; anything else is an INVALID error."""
    try:
        type_name, key = from_global_id(global_id)
        if type_name != "RoyaltyPayee":
            raise SplitError("wrong type")
        return Payee.parse(key)
    except (SplitError, TypeError, ValueError, UnicodeDecodeError):
        raise ApplicationError(
            f"“{global_id}” is not a RoyaltyPayee id.", code=RoyaltyErrorCode.INVALID, field=field
        ) from None


class RoyaltyPayeeKind(graphene.Enum):
    MUSEUM = "museum"
    DESIGNER = "designer"
    PLATFORM = "platform"


class RoyaltyPayee(graphene.ObjectType):
    """Who a royalty is paid to: a museum, a designer or the platform."""

    id = graphene.ID(required=True, description="Global id, e.g. the encoding of `RoyaltyPayee:museum-3`.")
    kind = graphene.Field(RoyaltyPayeeKind, required=True)
    name = graphene.String(required=True)

    @staticmethod
    def resolve_id(root: Payee, info):
        return payee_global_id(root)

    @staticmethod
    def resolve_name(root: Payee, info):
        return PayeeNameLoader.for_request(info).load(root)


def _line_notes(row: dict) -> tuple[str, bool, str]:
    """(corrects, remainder, note) of a statement line, by the documents' own rule, in the request's language;
    worked out once per line."""
    found = row.get("_notes")
    if found is None:
        found = row["_notes"] = StatementLineReader.notes(
            row["corrected_period"],
            row["reference"],
            row["refunded_through"],
            row["order_line__quantity"],
            language=get_language() or "en",
        )
    return found


class RoyaltyStatementLine(graphene.ObjectType):
    """One ledger entry behind a statement: the order line it comes from and the payee's amount."""

    kind = graphene.String(
        required=True, description="The ledger entry's kind: sale, refund, adjustment or payout (see lineType)."
    )
    line_type = graphene.String(
        required=True,
        description="What the line is on the statement documents: sale, reversal, chargeback, late_sale, "
        "late_refund, late_chargeback (an event of a closed month booked in this one), adjustment or payout.",
    )
    note = graphene.String(
        description="The documents' note, in the request's language: the closed month a late item corrects, that "
        "a refund took what remained of its line, a payout's transfer reference. Null when there is none."
    )
    corrects_period = graphene.String(description="YYYY-MM: the closed month a late item corrects; null otherwise.")
    order_number = graphene.String()
    date = graphene.DateTime(required=True)
    sku = graphene.String()
    product_name = graphene.String()
    relics = graphene.String()
    quantity = graphene.Int()
    net_sales = graphene.Field(Money, description="The base (net of VAT) this amount is a share of.")
    rate = graphene.String(description="The payee's exact share of net sales, in percent.")
    amount = graphene.Field(Money, required=True)
    reference = graphene.String()

    @staticmethod
    def resolve_line_type(root, info):
        return line_type(root["kind"], root["refund__kind"], root["order_line_id"] is not None)

    @staticmethod
    def resolve_note(root, info):
        return _line_notes(root)[2] or None

    @staticmethod
    def resolve_corrects_period(root, info):
        return _line_notes(root)[0] or None

    @staticmethod
    def resolve_order_number(root, info):
        return root["order_line__order__number"]

    @staticmethod
    def resolve_date(root, info):
        return root["occurred_at"]

    @staticmethod
    def resolve_sku(root, info):
        return root["order_line__sku"]

    @staticmethod
    def resolve_product_name(root, info):
        if not root["order_line__sku"]:
            return None
        return f"{root['order_line__product_name_en']} {root['order_line__product_name_zh']}".strip()

    @staticmethod
    def resolve_relics(root, info):
        return StatementLineRelicsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_quantity(root, info):
        return statement_line_quantity(root)

    @staticmethod
    def resolve_net_sales(root, info):
        if root["base_minor"] is None:
            return None
        sign = -1 if root["amount_minor"] < 0 else 1
        return MoneyValue.from_minor(sign * root["base_minor"], root["currency"])

    @staticmethod
    def resolve_rate(root, info):
        return statement_line_rate(root)

    @staticmethod
    def resolve_amount(root, info):
        return MoneyValue.from_minor(root["amount_minor"], root["currency"])


class RoyaltyStatementLineConnection(CountableConnection):
    class Meta:
        node = RoyaltyStatementLine


class RoyaltyStatement(graphene.ObjectType):
    """A payee's statement for a month: final once the period is closed, provisional before."""

    id = graphene.ID(description="Global id of a final statement; null while provisional.")
    period = graphene.String(required=True, description="YYYY-MM.")
    payee = graphene.Field(RoyaltyPayee, required=True)
    currency = graphene.String(required=True)
    is_final = graphene.Boolean(required=True)
    opening_balance = graphene.Field(Money, required=True)
    royalties = graphene.Field(Money, required=True)
    reversals = graphene.Field(Money, required=True)
    adjustments = graphene.Field(Money, required=True)
    payouts = graphene.Field(Money, required=True)
    closing_balance = graphene.Field(Money, required=True)
    line_count = graphene.Int(required=True)
    lines = graphene.Field(RoyaltyStatementLineConnection, required=True, **connection_args())

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("RoyaltyStatement", root.pk) if root.pk else None

    @staticmethod
    def resolve_period(root, info):
        return period_label(root.period)

    @staticmethod
    def resolve_is_final(root, info):
        return root.pk is not None

    @staticmethod
    def resolve_opening_balance(root, info):
        return MoneyValue.from_minor(root.opening_minor, root.currency)

    @staticmethod
    def resolve_royalties(root, info):
        return MoneyValue.from_minor(root.royalties_minor, root.currency)

    @staticmethod
    def resolve_reversals(root, info):
        return MoneyValue.from_minor(root.reversals_minor, root.currency)

    @staticmethod
    def resolve_adjustments(root, info):
        return MoneyValue.from_minor(root.adjustments_minor, root.currency)

    @staticmethod
    def resolve_payouts(root, info):
        return MoneyValue.from_minor(root.payouts_minor, root.currency)

    @staticmethod
    def resolve_closing_balance(root, info):
        return MoneyValue.from_minor(root.closing_minor, root.currency)

    @staticmethod
    def resolve_lines(root, info, first=None, after=None):
        queryset = statement_lines(period=root.period, payee=root.payee, currency=root.currency)
        return paginate(queryset, connection_type=RoyaltyStatementLineConnection, first=first, after=after)


class RoyaltyPeriod(graphene.ObjectType):
    period = graphene.String(required=True)
    closed_at = graphene.DateTime(required=True)
    statement_count = graphene.Int(required=True)

    @staticmethod
    def resolve_period(root, info):
        return period_label(root.period)

    @staticmethod
    def resolve_statement_count(root, info):
        return root.statements.count()


class RoyaltyLedgerEntry(graphene.ObjectType):
    id = graphene.ID(required=True)
    kind = graphene.String(required=True)
    payee = graphene.Field(RoyaltyPayee, required=True)
    amount = graphene.Field(Money, required=True)
    period = graphene.String(required=True)
    reference = graphene.String(required=True)
    settlement_period = graphene.String(description="YYYY-MM of the bank settlement this payout was matched to.")

    @staticmethod
    def resolve_id(root, info):
        return to_global_id("RoyaltyLedgerEntry", root.pk)

    @staticmethod
    def resolve_amount(root, info):
        return MoneyValue.from_minor(root.amount_minor, root.currency)

    @staticmethod
    def resolve_period(root, info):
        return period_label(root.period)

    @staticmethod
    def resolve_settlement_period(root, info):
        line = root.settlement_line
        return period_label(line.settlement.period) if line else None


class RoyaltySettlementLine(graphene.ObjectType):
    """One bank transfer a settlement asks for, and what the payouts recorded against it add up to."""

    payee = graphene.Field(RoyaltyPayee, required=True)
    amount = graphene.Field(Money, required=True)
    paid = graphene.Field(Money, required=True)
    account_name = graphene.String(required=True)
    bank_name = graphene.String(required=True)
    account_number = graphene.String(required=True)

    @staticmethod
    def resolve_amount(root, info):
        return MoneyValue.from_minor(root.amount_minor, root.currency)

    @staticmethod
    def resolve_paid(root, info):
        return MoneyValue.from_minor(root.paid_minor, root.currency)


class RoyaltySettlement(graphene.ObjectType):
    """The frozen bank settlement of a closed month (museums; designers without a connected Stripe account)."""

    period = graphene.String(required=True)
    issued_at = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(RoyaltySettlementLine), required=True)

    @staticmethod
    def resolve_period(root, info):
        return period_label(root.period)

    @staticmethod
    def resolve_lines(root, info):
        return settlement_lines_paid(root.lines.all()).order_by("id")
