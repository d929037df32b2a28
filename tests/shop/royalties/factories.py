"""Orders, lines and refunds built directly (not through checkout) for the royalty tests."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import factory
from django.utils import timezone

from shop.accounts.roles import Role
from shop.collection.models import MuseumStaff
from shop.orders.models import Order, OrderLine, OrderStatus, Refund, RefundLine
from tests.factories import MuseumFactory, UserFactory

_numbers = itertools.count(1)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    number = factory.LazyFunction(lambda: f"BCR{next(_numbers):08d}")
    email = factory.Sequence(lambda n: f"shopper{n}@example.com")
    status = OrderStatus.PAID
    subtotal_amount = Decimal("0")
    vat_amount = Decimal("0")
    total_amount = Decimal("0")
    paid_at = factory.LazyFunction(timezone.now)


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(OrderFactory)
    product_name_en = factory.Sequence(lambda n: f"Bronze mask scarf {n}")
    product_name_zh = factory.Sequence(lambda n: f"青铜面具丝巾{n}")
    sku = factory.Sequence(lambda n: f"SKU-R{n:06d}")
    quantity = 1
    unit_price_amount = Decimal("128.00")
    total_amount = factory.LazyAttribute(lambda o: o.unit_price_amount * o.quantity)
    vat_rate_bp = 1300
    design_id_snapshot = 1
    royalty_snapshot = factory.LazyFunction(lambda: snapshot())


def snapshot(*, shares=None, museum_rate_bp: int = 1000, designer=None, designer_rate_bp: int = 800, usages=None):
    """A royalty snapshot: one usage held by ``shares`` [(museum, bp)], and a designer (None: museum's own)."""
    if usages is None:
        if shares is None:
            shares = [(MuseumFactory(), 10_000)]
        usages = [
            {
                "licence_id": 1,
                "weight_bp": 10_000,
                "museum_rate_bp": museum_rate_bp,
                "shares": [[museum.pk, bp] for museum, bp in shares],
            }
        ]
    return {
        "design_id": 1,
        "designer_id": designer.pk if designer else None,
        "designer_rate_bp": designer_rate_bp if designer else 0,
        "usages": usages,
    }


def paid_order(*, lines: list[dict], paid_at: datetime.datetime | None = None, **order_kwargs) -> Order:
    """A paid order with ``lines`` (OrderLineFactory kwargs each)."""
    order = OrderFactory(paid_at=paid_at or timezone.now(), **order_kwargs)
    for kwargs in lines:
        OrderLineFactory(order=order, **kwargs)
    return order


def refund_of(order: Order, parts: list[tuple[OrderLine, int]], *, created_at=None) -> Refund:
    refund = Refund.objects.create(
        order=order,
        amount=sum((line.unit_price_amount * units for line, units in parts), Decimal("0")),
        idempotency_key=f"refund-{order.number}-{Refund.objects.count() + 1}",
        created_at=created_at or timezone.now(),
    )
    for line, units in parts:
        RefundLine.objects.create(refund=refund, order_line=line, quantity=units, amount=line.unit_price_amount * units)
    return refund


def finance_user():
    return UserFactory(roles=[Role.FINANCE])


def museum_staff_user(museum):
    user = UserFactory(roles=[Role.MUSEUM_STAFF])
    MuseumStaff.objects.create(user=user, museum=museum)
    return user


def designer_user():
    return UserFactory(roles=[Role.DESIGNER])


def bank_account(who):
    """Bank details on file for a museum or a designer (a settlement asks transfers only to those)."""
    from shop.collection.models import Museum
    from shop.royalties.models import DesignerBankAccount, MuseumBankAccount

    if isinstance(who, Museum):
        return MuseumBankAccount.objects.get_or_create(
            museum=who,
            defaults={"account_name": who.name_zh, "bank_name": "中国银行", "account_number": f"6216{who.pk:012d}"},
        )[0]
    return DesignerBankAccount.objects.get_or_create(
        designer=who,
        defaults={"account_name": str(who), "bank_name": "招商银行", "account_number": f"6225{who.pk:012d}"},
    )[0]
