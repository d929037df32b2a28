"""Provenance a buyer can read: every relic with every licensor museum and its share, the licence number, each
museum's approval and its date, the designer (linked to their page), and what this purchase pays, which is what the
royalty ledger records for that very sale."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from incubator import services
from shop.catalog.models import ProductVariant
from shop.orders.services import order_line_snapshot
from shop.royalties.models import RoyaltyEntry
from shop.royalties.services import royalty_record_order
from shop.storefront.templatetags.storefront import yuan
from tests.incubator.factories import make_launched, make_world
from tests.shop.royalties.factories import paid_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def launched(world):
    submission = make_launched(world)  # the jointly held relic: Chongqing 40%, Sichuan 60%
    services.submission_publish(submission=submission, actor=world.curator)
    submission.refresh_from_db()
    return submission


def test_product_page_shows_both_museums_their_shares_approvals_and_the_designer(world, launched):
    product = launched.product
    html = Client().get(f"/products/{product.slug}/").content.decode()
    licence = world.joint_licence
    assert f"Licence {licence.reference}" in html
    assert f"{world.chongqing.name_en} holds 40%" in html and f"{world.sichuan.name_en} holds 60%" in html
    for approval in launched.approvals.all():
        assert f"Approved by {approval.museum.name_en} on {timezone.localdate(approval.decided_at):%Y-%m-%d}" in html
    profile = world.designer.designer_profile
    assert f'href="/designers/{profile.slug}/"' in html and f"Designed by {profile.display_name}" in html


def test_what_this_purchase_pays_is_what_the_ledger_records_for_that_sale(world, launched):
    variant = ProductVariant.objects.select_related("product__design").get(product=launched.product)
    html = Client().get(f"/products/{launched.product.slug}/").content.decode()

    order = paid_order(
        lines=[
            {
                "unit_price_amount": variant.price_amount,
                "total_amount": variant.price_amount,
                "royalty_snapshot": order_line_snapshot(variant=variant)["royalty_snapshot"],
            }
        ]
    )
    royalty_record_order(order_id=order.pk)
    entries = {entry.payee.key: entry.amount_minor for entry in RoyaltyEntry.objects.filter(order_line__order=order)}
    assert set(entries) == {
        f"museum-{world.chongqing.pk}",
        f"museum-{world.sichuan.pk}",
        f"designer-{world.designer.pk}",
        "platform",
    }
    for minor in entries.values():
        assert yuan(Decimal(minor) / 100) in html
    assert yuan(Decimal(sum(entries.values())) / 100) in html  # the base shared out, net of VAT


def test_cards_name_every_museum_and_link_the_designer(world, launched):
    html = Client().get("/products/").content.decode()
    assert f"{world.chongqing.name_zh}" not in html  # English page
    assert f"{world.chongqing.name_en} · {world.sichuan.name_en}" in html
    assert f'href="/designers/{world.designer.designer_profile.slug}/"' in html


def test_designer_page_shows_published_products_and_the_relics_drawn_from(world, launched):
    profile = world.designer.designer_profile
    profile.display_name_zh = "陈设计"
    profile.bio_zh = "成都的纺织设计师。"
    profile.save()
    english = Client().get(f"/designers/{profile.slug}/").content.decode()
    assert launched.product.name_en in english and world.joint_licence.relic.name_en in english
    chinese_client = Client(headers={"accept-language": "zh-hans"})
    chinese = chinese_client.get(f"/designers/{profile.slug}/").content.decode()
    assert "陈设计" in chinese and "成都的纺织设计师。" in chinese
    services.submission_publish(submission=launched, actor=world.curator, published=False)
    assert launched.product.name_en not in Client().get(f"/designers/{profile.slug}/").content.decode()
    assert Client().get("/designers/nobody-here/").status_code == 404
