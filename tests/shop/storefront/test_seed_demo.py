"""``manage.py seed_demo``: the demo shop, seeded once however often the command runs."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone
from easy_thumbnails.models import Thumbnail
from PIL import Image

from shop.accounts.models import User
from shop.accounts.permissions import user_roles
from shop.accounts.roles import Role
from shop.catalog.models import Category, Product, ProductImage, ProductVariant
from shop.catalog.selectors import product_is_available, product_queryset_annotated
from shop.collection.models import Licence, LicenceStatus, Museum, MuseumStaff, Relic, RelicCategory, RelicImage
from shop.orders.models import Fulfillment, Order, OrderStatus, ReturnRequest, ReturnStatus
from shop.payments.models import Payment, PaymentStatus
from shop.royalties.models import MuseumBankAccount, RoyaltyEntry, RoyaltyPeriod, RoyaltyStatement
from shop.royalties.periods import period_current, period_of, period_previous
from shop.royalties.selectors import reconciliation_breaks
from shop.storefront.management.demo_data import DEMO_PASSWORD
from shop.storefront.management.demo_operations import DEMO_DOMAIN

pytestmark = pytest.mark.django_db

DEMO_APPS = ("accounts", "collection", "catalog", "easy_thumbnails", "orders", "payments", "royalties")


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app in DEMO_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_demo_shop_once_however_often_it_runs():
    first_output = _seed()
    after_first = _row_counts()
    media_files = sorted(Path(settings.MEDIA_ROOT).rglob("*"))

    second_output = _seed()

    assert _row_counts() == after_first
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*")) == media_files
    assert "nothing new" in second_output
    for output in (first_output, second_output):
        assert DEMO_PASSWORD in output
        assert "admin@bashu.example" in output

    # Both museums, 24+ relics across every category, each with one or two images.
    assert set(Museum.objects.values_list("slug", flat=True)) == {"chongqing-three-gorges", "sichuan-museum"}
    assert MuseumBankAccount.objects.count() == 2  # the bank settlement has somewhere to send each museum's money
    assert Relic.objects.count() >= 24
    assert set(Relic.objects.values_list("category", flat=True)) == set(RelicCategory.values)
    for relic in Relic.objects.prefetch_related("images"):
        assert 1 <= len(relic.images.all()) <= 2, relic.slug
    assert Relic.objects.filter(is_featured=True).exists()

    # Licences: jointly held ones, exactly one expired and one suspended.
    joint = [licence for licence in Licence.objects.prefetch_related("shares") if licence.shares.count() == 2]
    assert joint
    for licence in joint:
        assert sum(share.share_bp for share in licence.shares.all()) == 10_000
    assert Licence.objects.filter(status=LicenceStatus.EXPIRED).count() == 1
    assert Licence.objects.filter(status=LicenceStatus.SUSPENDED).count() == 1

    # Catalogue: categories, 12+ published products with variants, stock and images.
    assert Category.objects.count() >= 6
    assert Product.objects.filter(is_published=True).count() >= 12
    for product in Product.objects.prefetch_related("variants__stock", "images"):
        assert 1 <= len(product.variants.all()) <= 3, product.slug
        assert product.images.all(), product.slug
        for variant in product.variants.all():
            assert variant.price_amount > 0 and variant.stock is not None
    assert Product.objects.filter(is_featured=True).exists()
    assert Product.objects.filter(design__designer__isnull=True).exists()  # a museum's own product

    # A product on the expired licence stays visible, as unavailable.
    expired = Product.objects.get(design__usages__licence__status=LicenceStatus.EXPIRED)
    assert not product_is_available(product_queryset_annotated().get(pk=expired.pk))
    assert product_queryset_annotated().filter(licences_active=True, stock_available__gt=0).count() >= 10

    # People: 3+ designers with display names, one login per role, museum staff for each museum.
    designers = User.objects.filter(groups__name=Role.DESIGNER)
    assert designers.count() >= 3
    assert all(designer.display_name for designer in designers)
    assert set(MuseumStaff.objects.values_list("museum__slug", flat=True)) == {
        "chongqing-three-gorges",
        "sichuan-museum",
    }
    held = set()
    for user in User.objects.all():
        held |= user_roles(user)
    assert held == set(Role)
    admin = authenticate(email="admin@bashu.example", password=DEMO_PASSWORD)
    assert admin is not None and admin.is_superuser
    assert authenticate(email="customer@bashu.example", password=DEMO_PASSWORD) is not None

    # Imagery: originals private, previews watermarked JPEGs ≤1600 px, thumbnails made in advance.
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    for image in RelicImage.objects.all():
        assert Path(image.original.path).resolve().is_relative_to(private_root)
        with Image.open(image.preview.path) as preview:
            assert preview.format == "JPEG" and max(preview.size) <= 1600
    previews = list(RelicImage.objects.values_list("preview", flat=True))
    photos = list(ProductImage.objects.values_list("image", flat=True))
    aliases = len(settings.THUMBNAIL_ALIASES[""])
    assert Thumbnail.objects.filter(source__name__in=previews + photos).count() == aliases * len(previews + photos)
    # Each relic's picture is its own: no two previews are the same file content.
    digests = {Path(RelicImage.objects.get(preview=name).preview.path).read_bytes() for name in previews}
    assert len(digests) == len(previews)
    assert ProductVariant.objects.filter(stock__quantity=0).exists()


def test_seed_demo_records_three_months_of_sales_with_their_royalties_and_closes_them():
    _seed()
    orders = Order.objects.filter(email="customer@bashu.example")
    assert orders.count() == 18
    assert set(orders.values_list("status", flat=True)) == {OrderStatus.DELIVERED}
    for order in orders:
        assert order.created_at <= order.paid_at <= order.fulfilled_at <= order.delivered_at <= timezone.now()
    current = period_current()
    closed = sorted(RoyaltyPeriod.objects.values_list("period", flat=True))
    assert closed[-1] == period_previous(current) and len(closed) == 3
    assert {period_of(order.paid_at) for order in orders} == set(closed)  # each in its own month, not today's
    assert RoyaltyStatement.objects.filter(payee_type="museum").exists()
    assert RoyaltyStatement.objects.filter(payee_type="designer").exists()
    assert reconciliation_breaks(period=closed[-1]) == []
    assert all(payment.status == PaymentStatus.SUCCEEDED for payment in Payment.objects.filter(order__in=orders))


def test_seed_demo_gives_the_back_office_orders_in_every_state():
    _seed()
    orders = Order.objects.filter(email__endswith=DEMO_DOMAIN)
    statuses = set(orders.values_list("status", flat=True))
    assert {
        OrderStatus.UNPAID,
        OrderStatus.PAID,
        OrderStatus.PARTIALLY_FULFILLED,
        OrderStatus.FULFILLED,
        OrderStatus.DELIVERED,
        OrderStatus.RETURNED,
    } <= statuses
    assert ReturnRequest.objects.filter(order__in=orders, status=ReturnStatus.REQUESTED).exists()
    received = ReturnRequest.objects.get(order__in=orders, status=ReturnStatus.RECEIVED)
    assert received.refund is not None
    assert RoyaltyEntry.objects.filter(refund=received.refund).exists()  # the reversal shows on the statements
    assert Fulfillment.objects.filter(order__in=orders, delivered_at__isnull=True).exists()
