from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from shop.catalog.models import Stock
from shop.checkout.models import Checkout, CheckoutLine
from shop.checkout.services import (
    LineInput,
    checkout_complete,
    checkout_create,
    checkout_line_delete,
    checkout_lines_add,
    checkout_lines_update,
    checkout_shipping_address_update,
)
from shop.collection.models import LicenceStatus
from shop.core.errors import ApplicationError, ValidationFailed
from shop.core.models import OutboxMessage
from shop.orders.models import Allocation, Order, OrderStatus
from tests.factories import UserFactory, make_buyable_product
from tests.shop.checkout.helpers import ADDRESS, ready_checkout

pytestmark = pytest.mark.django_db


def _codes(exc_info) -> list[str]:
    exc = exc_info.value
    return [e.code for e in (exc.errors if isinstance(exc, ValidationFailed) else [exc])]


@pytest.mark.parametrize("quantity", [0, -1, 21, 1000])
def test_checkout_create_refuses_quantities_out_of_range(quantity):
    variant = make_buyable_product(stock=100)
    with pytest.raises(ApplicationError) as exc_info:
        checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=quantity)], email="a@example.com")
    assert exc_info.value.code == "QUANTITY_OUT_OF_RANGE"
    assert not Checkout.objects.exists()


def test_lines_add_refuses_going_over_the_cap_in_total():
    variant = make_buyable_product(stock=100)
    checkout = checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=15)], email="a@example.com")
    with pytest.raises(ApplicationError) as exc_info:
        checkout_lines_add(checkout=checkout, lines=[LineInput(variant_id=variant.pk, quantity=6)])
    assert exc_info.value.code == "QUANTITY_OUT_OF_RANGE"
    assert checkout.lines.get().quantity == 15


def test_checkout_create_refuses_unknown_variant_and_writes_nothing():
    with pytest.raises(ApplicationError) as exc_info:
        checkout_create(lines=[LineInput(variant_id=999_999, quantity=1)], email="a@example.com")
    assert exc_info.value.code == "NOT_FOUND"
    assert not Checkout.objects.exists()


def test_checkout_create_refuses_more_than_100_lines(settings):
    variant = make_buyable_product()
    with pytest.raises(ApplicationError) as exc_info:
        checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=1)] * 101, email="a@example.com")
    assert exc_info.value.code == "TOO_MANY_LINES"


def test_same_variant_twice_is_summed_into_one_line():
    variant = make_buyable_product()
    checkout = checkout_create(
        lines=[LineInput(variant_id=variant.pk, quantity=1), LineInput(variant_id=variant.pk, quantity=2)],
        email="a@example.com",
    )
    assert list(checkout.lines.values_list("quantity", flat=True)) == [3]


def test_lines_update_sets_quantity_and_delete_removes_the_line():
    variant = make_buyable_product()
    checkout = checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=1)], email="a@example.com")
    checkout_lines_update(checkout=checkout, lines=[LineInput(variant_id=variant.pk, quantity=4)])
    line = checkout.lines.get()
    assert line.quantity == 4
    checkout_line_delete(checkout=checkout, line_id=line.pk)
    assert not checkout.lines.exists()
    with pytest.raises(ApplicationError) as exc_info:
        checkout_line_delete(checkout=checkout, line_id=line.pk)
    assert exc_info.value.code == "NOT_FOUND"


def test_adding_more_than_the_stock_is_refused():
    variant = make_buyable_product(stock=2)
    with pytest.raises(ApplicationError) as exc_info:
        checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=3)], email="a@example.com")
    assert exc_info.value.code == "INSUFFICIENT_STOCK"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("phone", "12345", "INVALID_PHONE"),
        ("phone", "+1 415 555 0100", "INVALID_PHONE"),
        ("province", "Atlantis", "INVALID"),
        ("postal_code", "61007", "INVALID_POSTAL_CODE"),
        ("country_code", "US", "INVALID"),
        ("city", "", "REQUIRED"),
        ("district", "", "REQUIRED"),
    ],
)
def test_shipping_address_is_validated_and_nothing_is_stored_on_error(field, value, code):
    variant = make_buyable_product()
    checkout = checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=1)], email="a@example.com")
    with pytest.raises(ValidationFailed) as exc_info:
        checkout_shipping_address_update(checkout=checkout, address={**ADDRESS, field: value})
    assert [(e.field, e.code) for e in exc_info.value.errors] == [(field, code)]
    checkout.refresh_from_db()
    assert checkout.ship_full_name == ""


def test_shipping_address_normalises_phone_and_english_province():
    variant = make_buyable_product()
    checkout = checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=1)], email="a@example.com")
    checkout = checkout_shipping_address_update(
        checkout=checkout, address={**ADDRESS, "phone": "+86 139-1234-5678", "province": "chongqing"}
    )
    assert checkout.ship_phone == "13912345678"
    assert checkout.ship_province == "重庆市"


def test_complete_places_an_unpaid_order_with_snapshots_and_allocation(django_capture_on_commit_callbacks):
    variant = make_buyable_product(price="113.00", stock=5)
    checkout = ready_checkout(variant=variant, quantity=2)
    result = checkout_complete(checkout_token=checkout.token)
    order = result.order
    assert order.status == OrderStatus.UNPAID
    assert order.total_amount == Decimal("226.00")
    assert order.vat_amount == Decimal("26.00")  # 226 incl. 13% VAT → 200 net
    assert order.expires_at is not None
    line = order.lines.get()
    assert (line.sku, line.quantity, line.unit_price_amount, line.vat_rate_bp) == (
        variant.sku,
        2,
        Decimal("113.00"),
        1300,
    )
    assert line.product_name_en == variant.product.name_en
    design = variant.product.design
    usage = design.usages.get()
    assert line.design_id_snapshot == design.pk
    assert line.licence_ids == [usage.licence_id]
    assert line.royalty_snapshot == {
        "design_id": design.pk,
        "designer_id": design.designer_id,
        "designer_rate_bp": 800,
        "usages": [
            {
                "licence_id": usage.licence_id,
                "weight_bp": 10_000,
                "museum_rate_bp": 1000,
                "shares": [[usage.licence.relic.museum_id, 10_000]],
            }
        ],
    }
    assert Allocation.objects.get(order_line=line).quantity == 2
    assert Stock.objects.get(variant=variant).quantity_allocated == 2
    assert not Checkout.objects.filter(pk=checkout.pk).exists()
    assert OutboxMessage.objects.filter(
        task_name="worker.tasks.orders.order_email_task", kwargs={"order_id": order.pk, "kind": "placed"}
    ).exists()


def test_completing_twice_returns_the_same_order():
    variant = make_buyable_product(stock=5)
    checkout = ready_checkout(variant=variant)
    first = checkout_complete(checkout_token=checkout.token).order
    second = checkout_complete(checkout_token=checkout.token).order
    assert first.pk == second.pk
    assert Stock.objects.get(variant=variant).quantity_allocated == 1


def test_later_catalogue_edits_do_not_change_the_order_line():
    variant = make_buyable_product(price="50.00")
    order = checkout_complete(checkout_token=ready_checkout(variant=variant).token).order
    variant.price_amount = Decimal("80.00")
    variant.sku = "RENAMED"
    variant.save()
    variant.product.name_en = "Renamed"
    variant.product.save()
    line = order.lines.get()
    assert (line.unit_price_amount, line.sku, line.product_name_en) != (Decimal("80.00"), "RENAMED", "Renamed")


def test_complete_refuses_an_inactive_licence_on_the_right_line():
    good = make_buyable_product()
    bad = make_buyable_product()
    checkout = ready_checkout(variant=good)
    checkout_lines_add(checkout=checkout, lines=[LineInput(variant_id=bad.pk, quantity=1)])
    licence = bad.product.design.usages.get().licence
    licence.status = LicenceStatus.SUSPENDED
    licence.save()
    with pytest.raises(ValidationFailed) as exc_info:
        checkout_complete(checkout_token=checkout.token)
    [error] = exc_info.value.errors
    assert error.code == "LICENCE_INACTIVE"
    assert error.line_id == CheckoutLine.objects.get(variant=bad).pk
    assert not Order.objects.exists()
    assert Stock.objects.get(variant=good).quantity_allocated == 0


def test_complete_refuses_when_stock_ran_short_and_names_the_line():
    variant = make_buyable_product(stock=3)
    checkout = ready_checkout(variant=variant, quantity=3)
    Stock.objects.filter(variant=variant).update(quantity=2)
    with pytest.raises(ValidationFailed) as exc_info:
        checkout_complete(checkout_token=checkout.token)
    [error] = exc_info.value.errors
    assert (error.code, error.line_id, error.variant_id) == ("INSUFFICIENT_STOCK", checkout.lines.get().pk, variant.pk)
    assert not Order.objects.exists()
    assert Checkout.objects.filter(pk=checkout.pk).exists()


def test_complete_reports_a_price_change_then_succeeds_at_the_new_price():
    variant = make_buyable_product(price="100.00")
    checkout = ready_checkout(variant=variant)
    variant.price_amount = Decimal("120.00")
    variant.save()
    with pytest.raises(ValidationFailed) as exc_info:
        checkout_complete(checkout_token=checkout.token)
    assert _codes(exc_info) == ["PRICE_CHANGED"]
    assert not Order.objects.exists()
    assert checkout.lines.get().unit_price_amount == Decimal("120.00")
    order = checkout_complete(checkout_token=checkout.token).order
    assert order.total_amount == Decimal("120.00")


def test_complete_refuses_a_variant_that_is_gone_or_unpublished():
    gone = make_buyable_product()
    hidden = make_buyable_product()
    checkout = ready_checkout(variant=gone)
    checkout_lines_add(checkout=checkout, lines=[LineInput(variant_id=hidden.pk, quantity=1)])
    hidden.product.is_published = False
    hidden.product.save()
    gone_line = checkout.lines.get(variant=gone)
    gone.delete()
    with pytest.raises(ValidationFailed) as exc_info:
        checkout_complete(checkout_token=checkout.token)
    errors = {e.line_id: e.code for e in exc_info.value.errors}
    assert errors == {gone_line.pk: "VARIANT_UNAVAILABLE", checkout.lines.get(variant=hidden).pk: "VARIANT_UNAVAILABLE"}


def test_complete_needs_email_address_and_lines():
    variant = make_buyable_product()
    checkout = checkout_create(lines=[LineInput(variant_id=variant.pk, quantity=1)])
    with pytest.raises(ValidationFailed) as exc_info:
        checkout_complete(checkout_token=checkout.token)
    assert sorted((e.field, e.code) for e in exc_info.value.errors) == [
        ("email", "REQUIRED"),
        ("shipping_address", "REQUIRED"),
    ]


@pytest.mark.parametrize("token", [uuid.uuid4(), "not-a-uuid"])
def test_complete_with_unknown_token_is_not_found(token):
    with pytest.raises(ApplicationError) as exc_info:
        checkout_complete(checkout_token=token)
    assert exc_info.value.code == "NOT_FOUND"


def test_a_shoppers_checkout_cannot_be_completed_by_someone_else():
    owner, other = UserFactory(), UserFactory()
    variant = make_buyable_product()
    checkout = ready_checkout(variant=variant, user=owner)
    for intruder in (other, None):
        with pytest.raises(ApplicationError) as exc_info:
            checkout_complete(checkout_token=checkout.token, user=intruder)
        assert exc_info.value.code == "NOT_FOUND"
    assert not Order.objects.exists()
    order = checkout_complete(checkout_token=checkout.token, user=owner).order
    assert order.user == owner
    with pytest.raises(ApplicationError):
        checkout_complete(checkout_token=checkout.token, user=other)


def test_a_guest_checkout_completed_after_signing_in_belongs_to_the_shopper():
    shopper = UserFactory()
    checkout = ready_checkout(variant=make_buyable_product())
    order = checkout_complete(checkout_token=checkout.token, user=shopper).order
    assert order.user == shopper
