"""Royalties' public reads: payees and access, balances, statements and their lines, reconciliation, reports.

Public surface: other apps call the royalties app through this package (reads) and ``services`` (writes and
business rules); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

from shop.royalties.selectors.balances import (
    Balance,
    held_filter,
    payee_balance,
    payee_currencies,
    period_last_closed,
    settlement_lines_outstanding,
    settlement_lines_paid,
)
from shop.royalties.selectors.payees import (
    PAID_STATUSES,
    PAYEE_ORDER,
    payee_exists,
    payee_filter,
    payee_from_row,
    payee_name,
    payee_names,
    payees_filter,
    payees_visible_to,
)
from shop.royalties.selectors.reconciliation import (
    ReconciliationBreak,
    reconciliation_breaks,
    reconciliation_last_run,
)
from shop.royalties.selectors.reports import (
    royalty_totals_by_month,
    top_products,
    top_relics,
)
from shop.royalties.selectors.statements import (
    STATEMENT_LINE_FIELDS,
    PayeeSummary,
    licence_relic_names,
    payee_summary,
    rate_percent,
    statement_line_quantity,
    statement_line_rate,
    statement_lines,
    statement_list,
    statement_totals,
    weight_of,
)

__all__ = [
    "PAID_STATUSES",
    "PAYEE_ORDER",
    "STATEMENT_LINE_FIELDS",
    "Balance",
    "PayeeSummary",
    "ReconciliationBreak",
    "held_filter",
    "licence_relic_names",
    "payee_balance",
    "payee_currencies",
    "payee_exists",
    "payee_filter",
    "payee_from_row",
    "payee_name",
    "payee_names",
    "payee_summary",
    "payees_filter",
    "payees_visible_to",
    "period_last_closed",
    "rate_percent",
    "reconciliation_breaks",
    "reconciliation_last_run",
    "royalty_totals_by_month",
    "settlement_lines_outstanding",
    "settlement_lines_paid",
    "statement_line_quantity",
    "statement_line_rate",
    "statement_lines",
    "statement_list",
    "statement_totals",
    "top_products",
    "top_relics",
    "weight_of",
]
