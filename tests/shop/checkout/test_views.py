from __future__ import annotations

import pytest
from django.urls import reverse

from shop.checkout.models import Checkout
from shop.orders.models import Order
from tests.factories import make_buyable_product
from tests.shop.checkout.helpers import ADDRESS

pytestmark = pytest.mark.django_db

FORM = {**ADDRESS, "email": "guest@example.com"}


def _add(client, variant, quantity=1):
    return client.post(reverse("checkout:cart-add"), {"variant": variant.pk, "quantity": quantity})


def test_guest_adds_to_cart_checks_out_and_sees_the_confirmation(client):
    variant = make_buyable_product(price="88.00", stock=5)
    response = _add(client, variant, 2)
    assert response.status_code == 302 and response.url == reverse("checkout:cart")
    cart = client.get(reverse("checkout:cart"))
    assert cart.status_code == 200
    assert variant.sku in cart.content.decode()
    response = client.post(reverse("checkout:checkout"), FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    order = Order.objects.get()
    assert response.url == reverse("checkout:confirmation", args=[order.number])
    page = client.get(response.url)
    assert page.status_code == 200
    assert order.number in page.content.decode()
    assert order.total_amount == 176
    assert not Checkout.objects.exists()
    status = client.get(reverse("orders:status", args=[order.number]))
    assert status.status_code == 200


@pytest.mark.parametrize(("field", "value"), [("phone", "555-0100"), ("province", "Atlantis"), ("email", "nope")])
def test_checkout_page_shows_form_errors_and_places_no_order(client, field, value):
    variant = make_buyable_product()
    _add(client, variant)
    response = client.post(reverse("checkout:checkout"), {**FORM, field: value})
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert not Order.objects.exists()


def test_add_to_cart_with_bad_quantity_shows_an_error_and_adds_nothing(client):
    variant = make_buyable_product()
    for quantity in (0, -3, 21, "x"):
        response = client.post(reverse("checkout:cart-add"), {"variant": variant.pk, "quantity": quantity}, follow=True)
        assert response.status_code == 200
    assert not Checkout.objects.exists()


def test_an_id_no_database_can_hold_is_a_form_error_not_a_server_error(client):
    """Found by the page fuzzer: a variant id past the bigint range reached the database driver (a 500)."""
    make_buyable_product()
    for variant in (2**63, 2**64 + 5, -(2**70)):
        response = client.post(reverse("checkout:cart-add"), {"variant": variant, "quantity": 1}, follow=True)
        assert response.status_code == 200
    assert not Checkout.objects.exists()


def test_cart_quantity_zero_removes_the_line(client):
    variant = make_buyable_product()
    _add(client, variant, 3)
    client.post(reverse("checkout:cart"), {"variant": variant.pk, "quantity": 0})
    assert not Checkout.objects.get().lines.exists()


def test_confirmation_and_status_pages_are_not_shown_to_strangers(client):
    variant = make_buyable_product()
    _add(client, variant)
    client.post(reverse("checkout:checkout"), FORM)
    order = Order.objects.get()
    client.cookies.clear()
    assert client.get(reverse("checkout:confirmation", args=[order.number])).status_code == 404
    assert client.get(reverse("orders:status", args=[order.number])).status_code == 404
    assert client.get(reverse("orders:status", args=[order.number]) + "?token=nonsense").status_code == 404
    ok = client.get(reverse("orders:status", args=[order.number]) + f"?token={order.checkout_token}")
    assert ok.status_code == 200


def test_guest_finds_an_order_by_number_and_email(client):
    variant = make_buyable_product()
    _add(client, variant)
    client.post(reverse("checkout:checkout"), FORM)
    order = Order.objects.get()
    client.cookies.clear()
    wrong = client.post(reverse("orders:lookup"), {"number": order.number, "email": "other@example.com"})
    assert wrong.status_code == 400
    right = client.post(reverse("orders:lookup"), {"number": order.number, "email": "GUEST@example.com"})
    assert right.status_code == 302
    assert client.get(right.url).status_code == 200


def test_pages_render_in_chinese(client):
    variant = make_buyable_product()
    client.post(reverse("set_language"), {"language": "zh-hans"})
    _add(client, variant)
    page = client.get(reverse("checkout:checkout"))
    assert page.status_code == 200
    assert "四川省" in page.content.decode()


def test_checkout_summary_names_the_variant(client):
    """Two sizes of one product were two identical "1 × Plate" lines on the checkout page."""
    variant = make_buyable_product()
    variant.name_en, variant.name_zh = "10-inch", "10英寸"
    variant.save()
    _add(client, variant)

    page = client.get(reverse("checkout:checkout")).content.decode()

    assert f"{variant.product.name_en} · 10-inch" in page


def test_order_page_in_chinese_names_the_variant_in_chinese(client, settings):
    """The order line kept only the English variant name: the Chinese order page read "大溪旋纹瓷盘 · 10-inch"."""
    variant = make_buyable_product()
    variant.name_en, variant.name_zh = "10-inch", "10英寸"
    variant.save()
    _add(client, variant)
    client.post(reverse("checkout:checkout"), FORM)
    order = Order.objects.get()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.get(reverse("orders:status", args=[order.number])).content.decode()

    assert f"{variant.product.name_zh} · 10英寸" in page
    assert "10-inch" not in page
