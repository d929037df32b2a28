import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from graphql_relay import to_global_id

from shop.accounts.roles import Role
from shop.royalties.models import RoyaltyEntry, RoyaltyPeriod, RoyaltySettlement, RoyaltyStatement
from shop.royalties.services import royalty_period_close, royalty_record_order
from tests.factories import MuseumFactory, UserFactory
from tests.shop.core.graphql.client import error_codes, graphql_post
from tests.shop.royalties.factories import (
    bank_account,
    designer_user,
    finance_user,
    museum_staff_user,
    paid_order,
    snapshot,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")

STATEMENTS = """
query($period: String!, $payee: ID) {
  royaltyStatements(period: $period, payee: $payee) {
    id period isFinal currency payee { id kind name }
    openingBalance { amount currency } royalties { amount } closingBalance { amount }
    lineCount
    lines(first: 10) {
      totalCount
      edges { node { kind orderNumber sku quantity rate netSales { amount } amount { amount } } }
    }
  }
}
"""
CLOSE = """
mutation($period: String!) {
  royaltyPeriodClose(period: $period) { period { period statementCount } errors { field code message } }
}
"""
PAYOUT = """
mutation($payee: ID!, $amount: RoyaltyMoneyInput!, $reference: String!) {
  payoutRecord(payee: $payee, amount: $amount, reference: $reference) {
    entry { kind amount { amount currency } reference payee { kind } } errors { field code message }
  }
}
"""


def payee_id(key: str) -> str:
    return to_global_id("RoyaltyPayee", key)


@pytest.fixture
def world():
    """Two museums and a designer with September sales, September closed."""
    museum, other_museum = MuseumFactory(), MuseumFactory()
    designer = designer_user()
    paid_at = datetime.datetime(2026, 9, 10, 12, tzinfo=SHANGHAI)
    for shares in ([(museum, 10_000)], [(other_museum, 10_000)]):
        order = paid_order(
            lines=[{"royalty_snapshot": snapshot(shares=shares, designer=designer), "quantity": 2}], paid_at=paid_at
        )
        royalty_record_order(order_id=order.pk)
    royalty_period_close(period=datetime.date(2026, 9, 1))
    return {"museum": museum, "other_museum": other_museum, "designer": designer}


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def test_finance_sees_every_statement_with_lines(client, world):
    status, body = graphql_post(_as(client, finance_user()), STATEMENTS, {"period": "2026-09"})
    assert status == 200, body
    statements = body["data"]["royaltyStatements"]
    keys = {s["payee"]["id"] for s in statements}
    assert payee_id(f"museum-{world['museum'].pk}") in keys
    assert payee_id(f"designer-{world['designer'].pk}") in keys
    assert payee_id("platform") in keys
    museum = next(s for s in statements if s["payee"]["id"] == payee_id(f"museum-{world['museum'].pk}"))
    assert museum["isFinal"] is True
    assert (
        museum["royalties"]["amount"] == museum["closingBalance"]["amount"] == "22.66"
    )  # 2265.5 fen: the largest remainder gets the leftover fen
    line = museum["lines"]["edges"][0]["node"]
    assert line == {
        "kind": "sale",
        "orderNumber": line["orderNumber"],
        "sku": line["sku"],
        "quantity": 2,
        "rate": "10.0000%",
        "netSales": {"amount": "226.55"},
        "amount": {"amount": "22.66"},
    }


def test_museum_staff_see_only_their_museum(client, world):
    user = museum_staff_user(world["museum"])
    _, body = graphql_post(_as(client, user), STATEMENTS, {"period": "2026-09"})
    assert [s["payee"]["id"] for s in body["data"]["royaltyStatements"]] == [payee_id(f"museum-{world['museum'].pk}")]


def test_designer_sees_only_their_own(client, world):
    _, body = graphql_post(_as(client, world["designer"]), STATEMENTS, {"period": "2026-09"})
    statements = body["data"]["royaltyStatements"]
    assert [s["payee"]["id"] for s in statements] == [payee_id(f"designer-{world['designer'].pk}")]
    assert statements[0]["lineCount"] == 2


ROLES_REFUSED = {
    "anonymous": lambda w: None,
    "customer": lambda w: UserFactory(roles=[Role.CUSTOMER]),
    "curator": lambda w: UserFactory(roles=[Role.CURATOR]),
}


@pytest.mark.parametrize("role", ROLES_REFUSED)
def test_statements_refused_to_roles_without_statements(client, world, role):
    _, body = graphql_post(_as(client, ROLES_REFUSED[role](world)), STATEMENTS, {"period": "2026-09"})
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert body["data"] is None


@pytest.mark.parametrize(
    ("who", "target"),
    [("other_staff", "museum"), ("other_designer", "designer"), ("museum_staff", "designer")],
)
def test_statements_of_someone_else_are_refused_and_nothing_leaks(client, world, who, target):
    users = {
        "other_staff": lambda: museum_staff_user(world["other_museum"]),
        "other_designer": designer_user,
        "museum_staff": lambda: museum_staff_user(world["museum"]),
    }
    key = f"{target}-{world[target].pk}"
    _, body = graphql_post(_as(client, users[who]()), STATEMENTS, {"period": "2026-09", "payee": payee_id(key)})
    assert error_codes(body) == ["PERMISSION_DENIED"]
    assert body["data"] is None
    assert "22.66" not in str(body)


@pytest.mark.parametrize("period", ["2026-9", "September", "2026-13"])
def test_statements_with_a_malformed_period_are_an_invalid_error(client, world, period):
    _, body = graphql_post(_as(client, finance_user()), STATEMENTS, {"period": period})
    assert error_codes(body) == ["INVALID"]


def test_finance_closes_a_period(client, world):
    _, body = graphql_post(_as(client, finance_user()), CLOSE, {"period": "2026-10"})
    assert body["data"]["royaltyPeriodClose"] == {"period": {"period": "2026-10", "statementCount": 4}, "errors": []}


@pytest.mark.parametrize(
    ("period", "code"),
    [
        ("2026-09", "PERIOD_CLOSED"),
        ("2099-01", "PERIOD_NOT_ENDED"),
        ("2026-9", "INVALID"),
    ],
)
def test_close_errors_are_reported_and_change_nothing(client, world, period, code):
    before = (RoyaltyPeriod.objects.count(), RoyaltyStatement.objects.count())
    status, body = graphql_post(_as(client, finance_user()), CLOSE, {"period": period})
    assert status == 200
    assert body["data"]["royaltyPeriodClose"]["errors"][0]["code"] == code
    assert body["data"]["royaltyPeriodClose"]["period"] is None
    assert (RoyaltyPeriod.objects.count(), RoyaltyStatement.objects.count()) == before


MUTATION_REFUSED = {
    "anonymous": lambda w: None,
    "customer": lambda w: UserFactory(roles=[Role.CUSTOMER]),
    "curator": lambda w: UserFactory(roles=[Role.CURATOR]),
    "designer": lambda w: w["designer"],
    "museum_staff": lambda w: museum_staff_user(w["museum"]),
}


@pytest.mark.parametrize("role", MUTATION_REFUSED)
def test_close_refused_to_everyone_but_finance(client, world, role):
    _, body = graphql_post(_as(client, MUTATION_REFUSED[role](world)), CLOSE, {"period": "2026-10"})
    assert body["data"]["royaltyPeriodClose"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert RoyaltyPeriod.objects.count() == 1


def _make_available(world):
    # Orders shipped long ago: their earnings are out of the return window.
    from shop.orders.models import Order

    Order.objects.update(fulfilled_at=timezone.now() - datetime.timedelta(days=60))
    for who in (world["museum"], world["designer"]):
        bank_account(who)


@pytest.mark.parametrize("role", MUTATION_REFUSED)
def test_payout_refused_to_everyone_but_finance(client, world, role):
    _make_available(world)
    count = RoyaltyEntry.objects.count()
    variables = {
        "payee": payee_id(f"museum-{world['museum'].pk}"),
        "amount": {"amount": "10.00", "currency": "CNY"},
        "reference": "ICBC-1",
    }
    _, body = graphql_post(_as(client, MUTATION_REFUSED[role](world)), PAYOUT, variables)
    assert body["data"]["payoutRecord"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert body["data"]["payoutRecord"]["entry"] is None
    assert RoyaltyEntry.objects.count() == count


def test_finance_records_a_payout(client, world):
    _make_available(world)
    variables = {
        "payee": payee_id(f"museum-{world['museum'].pk}"),
        "amount": {"amount": "10.00", "currency": "CNY"},
        "reference": "ICBC-1",
    }
    _, body = graphql_post(_as(client, finance_user()), PAYOUT, variables)
    assert body["data"]["payoutRecord"] == {
        "entry": {
            "kind": "payout",
            "amount": {"amount": "-10.00", "currency": "CNY"},
            "reference": "ICBC-1",
            "payee": {"kind": "MUSEUM"},
        },
        "errors": [],
    }


@pytest.mark.parametrize(
    ("payee", "amount", "code"),
    [
        ("museum", {"amount": "100000.00", "currency": "CNY"}, "INSUFFICIENT_BALANCE"),
        ("museum", {"amount": "1.00", "currency": "USD"}, "CURRENCY_MISMATCH"),
        ("museum", {"amount": "1.00", "currency": "XXX"}, "INVALID"),
        ("museum", {"amount": "1.001", "currency": "CNY"}, "INVALID"),
        ("museum", {"amount": "-1.00", "currency": "CNY"}, "INVALID"),
        ("bogus", {"amount": "1.00", "currency": "CNY"}, "INVALID"),
        ("missing", {"amount": "1.00", "currency": "CNY"}, "NOT_FOUND"),
    ],
)
def test_payout_bad_input_is_an_error_and_writes_nothing(client, world, payee, amount, code):
    _make_available(world)
    ids = {
        "museum": payee_id(f"museum-{world['museum'].pk}"),
        "bogus": to_global_id("Order", "1"),
        "missing": payee_id("museum-999999"),
    }
    count = RoyaltyEntry.objects.count()
    status, body = graphql_post(
        _as(client, finance_user()), PAYOUT, {"payee": ids[payee], "amount": amount, "reference": "R-1"}
    )
    assert status == 200
    assert body["data"]["payoutRecord"]["errors"][0]["code"] == code
    assert RoyaltyEntry.objects.count() == count


SETTLEMENT = """
mutation($period: String!) {
  royaltySettlementIssue(period: $period) {
    settlement { period lines { payee { kind } amount { amount currency } paid { amount } bankName } }
    errors { field code message }
  }
}
"""


def test_finance_issues_a_settlement_and_a_payout_is_matched_to_it(client, world, settings):
    settings.ROYALTY_MIN_PAYOUT_MINOR = 1
    _make_available(world)
    finance = _as(client, finance_user())
    _, body = graphql_post(finance, SETTLEMENT, {"period": "2026-09"})
    result = body["data"]["royaltySettlementIssue"]
    assert result["errors"] == []
    assert result["settlement"]["period"] == "2026-09"
    lines = result["settlement"]["lines"]
    assert {line["payee"]["kind"] for line in lines} == {"MUSEUM", "DESIGNER"}  # the platform is never paid out
    assert all(line["paid"]["amount"] == "0.00" for line in lines)
    museum_line = next(line for line in lines if line["payee"]["kind"] == "MUSEUM")

    _, body = graphql_post(
        finance,
        PAYOUT.replace("reference payee { kind }", "reference payee { kind } settlementPeriod"),
        {
            "payee": payee_id(f"museum-{world['museum'].pk}"),
            "amount": museum_line["amount"],
            "reference": "ICBC-7",
        },
    )
    assert body["data"]["payoutRecord"]["entry"]["settlementPeriod"] == "2026-09"


@pytest.mark.parametrize(("period", "code"), [("2026-10", "PERIOD_OPEN"), ("2026-9", "INVALID")])
def test_settlement_errors_are_reported_and_issue_nothing(client, world, period, code):
    _, body = graphql_post(_as(client, finance_user()), SETTLEMENT, {"period": period})
    assert [e["code"] for e in body["data"]["royaltySettlementIssue"]["errors"]] == [code]
    assert not RoyaltySettlement.objects.exists()


@pytest.mark.parametrize("role", MUTATION_REFUSED)
def test_settlement_refused_to_everyone_but_finance(client, world, role):
    _, body = graphql_post(_as(client, MUTATION_REFUSED[role](world)), SETTLEMENT, {"period": "2026-09"})
    assert body["data"]["royaltySettlementIssue"]["errors"][0]["code"] == "PERMISSION_DENIED"
    assert not RoyaltySettlement.objects.exists()
