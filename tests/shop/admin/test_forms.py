"""The admin forms refuse what the services refuse (licensor shares and usage weights off 10000, rates
past 100%, stock below what orders hold) and save through the services (images, variants)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from shop.catalog.models import Design, ProductVariant, Stock
from shop.collection.models import Licence
from tests.factories import (
    CategoryFactory,
    DesignFactory,
    LicenceFactory,
    MuseumFactory,
    RelicFactory,
    VariantFactory,
)
from tests.shop.admin.helpers import jpeg_upload

pytestmark = pytest.mark.django_db


def _inline_prefixes(response) -> dict[str, str]:
    return {
        inline.formset.model._meta.model_name: inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
    }


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _licence_post(superuser_client, *, relic, shares, reference="TCTM-TEST-001"):
    url = reverse("admin:collection_licence_add")
    prefixes = _inline_prefixes(superuser_client.get(url))
    share_prefix = prefixes["licensorshare"]
    category_prefix = next(prefix for name, prefix in prefixes.items() if name != "licensorshare")
    data = {
        "relic": relic.pk,
        "reference": reference,
        "museum_rate_bp": "1000",
        "territory": "mainland_china",
        "valid_from": "2025-01-01",
        "valid_until": "",
        "status": "active",
        **_management(share_prefix, len(shares)),
        **_management(category_prefix, 0),
    }
    for index, (museum, share_bp) in enumerate(shares):
        data[f"{share_prefix}-{index}-museum"] = museum.pk
        data[f"{share_prefix}-{index}-share_bp"] = str(share_bp)
    return superuser_client.post(url, data)


def test_licence_admin_refuses_shares_not_summing_to_10000(superuser_client):
    chongqing, sichuan = MuseumFactory(), MuseumFactory()
    relic = RelicFactory(museum=chongqing)

    response = _licence_post(superuser_client, relic=relic, shares=[(chongqing, 6000), (sichuan, 3000)])

    assert response.status_code == 200
    errors = [str(error) for inline in response.context["inline_admin_formsets"] for error in inline.non_form_errors()]
    assert any("sum to 10000" in error for error in errors), errors
    assert not Licence.objects.exists()


def test_licence_admin_saves_a_jointly_held_licence(superuser_client):
    chongqing, sichuan = MuseumFactory(), MuseumFactory()
    relic = RelicFactory(museum=chongqing)

    response = _licence_post(superuser_client, relic=relic, shares=[(chongqing, 6000), (sichuan, 4000)])

    assert response.status_code == 302
    licence = Licence.objects.get()
    assert sorted(licence.shares.values_list("share_bp", flat=True)) == [4000, 6000]


def test_licence_admin_refuses_the_same_museum_twice(superuser_client):
    museum = MuseumFactory()
    response = _licence_post(
        superuser_client, relic=RelicFactory(museum=museum), shares=[(museum, 5000), (museum, 5000)]
    )
    assert response.status_code == 200
    assert not Licence.objects.exists()


def _design_post(superuser_client, design, *, weights, designer_rate_bp=None):
    url = reverse("admin:catalog_design_change", args=[design.pk])
    prefix = _inline_prefixes(superuser_client.get(url))["designlicenceusage"]
    usages = list(design.usages.order_by("id"))
    data = {
        "name": design.name,
        "category": design.category_id,
        "designer": design.designer_id,
        "designer_rate_bp": str(design.designer_rate_bp if designer_rate_bp is None else designer_rate_bp),
        **_management(prefix, len(usages), len(usages)),
    }
    for index, (usage, weight) in enumerate(zip(usages, weights, strict=True)):
        data[f"{prefix}-{index}-id"] = usage.pk
        data[f"{prefix}-{index}-design"] = design.pk
        data[f"{prefix}-{index}-licence"] = usage.licence_id
        data[f"{prefix}-{index}-weight_bp"] = str(weight)
    return superuser_client.post(url, data)


def _two_licence_design():
    category = CategoryFactory()
    first = LicenceFactory(categories=[category])
    second = LicenceFactory(categories=[category])
    return DesignFactory(category=category, usages=[(first, 5000), (second, 5000)])


def test_design_admin_refuses_usage_weights_not_summing_to_10000(superuser_client):
    design = _two_licence_design()

    response = _design_post(superuser_client, design, weights=[7000, 2000])

    assert response.status_code == 200
    errors = [str(error) for inline in response.context["inline_admin_formsets"] for error in inline.non_form_errors()]
    assert any("sum to 10000" in error for error in errors), errors
    assert sorted(design.usages.values_list("weight_bp", flat=True)) == [5000, 5000]


def test_design_admin_saves_new_weights_summing_to_10000(superuser_client):
    design = _two_licence_design()

    response = _design_post(superuser_client, design, weights=[7000, 3000])

    assert response.status_code == 302
    assert list(design.usages.order_by("id").values_list("weight_bp", flat=True)) == [7000, 3000]


def test_design_admin_refuses_a_designer_rate_that_leaves_the_platform_negative(superuser_client):
    design = _two_licence_design()  # museum rates 1000 bp each

    response = _design_post(superuser_client, design, weights=[5000, 5000], designer_rate_bp=9500)

    assert response.status_code == 200
    assert Design.objects.get(pk=design.pk).designer_rate_bp == design.designer_rate_bp


def test_licence_admin_refuses_a_rate_that_would_overpay_a_design(superuser_client):
    design = DesignFactory(designer_rate_bp=3000)
    licence = design.usages.get().licence
    url = reverse("admin:collection_licence_change", args=[licence.pk])
    page = superuser_client.get(url)
    prefixes = _inline_prefixes(page)
    data = {
        "relic": licence.relic_id,
        "reference": licence.reference,
        "museum_rate_bp": "8000",  # 80% + the designer's 30% > 100%
        "territory": licence.territory,
        "valid_from": licence.valid_from.isoformat(),
        "valid_until": "",
        "status": licence.status,
    }
    share = licence.shares.get()
    data |= _management(prefixes["licensorshare"], 1, 1)
    data |= {
        f"{prefixes['licensorshare']}-0-id": share.pk,
        f"{prefixes['licensorshare']}-0-licence": licence.pk,
        f"{prefixes['licensorshare']}-0-museum": share.museum_id,
        f"{prefixes['licensorshare']}-0-share_bp": "10000",
    }
    category_prefix = next(prefix for name, prefix in prefixes.items() if name != "licensorshare")
    links = list(licence.allowed_categories.through.objects.filter(licence=licence))
    data |= _management(category_prefix, len(links), len(links))
    for index, link in enumerate(links):
        data |= {
            f"{category_prefix}-{index}-id": link.pk,
            f"{category_prefix}-{index}-licence": licence.pk,
            f"{category_prefix}-{index}-category": link.category_id,
        }

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "museum_rate_bp" in response.context["adminform"].form.errors
    licence.refresh_from_db()
    assert licence.museum_rate_bp == 1000


def test_product_admin_refuses_stock_below_what_orders_hold(superuser_client):
    variant = VariantFactory(stock=5)
    Stock.objects.filter(variant=variant).update(quantity_allocated=3)
    url = reverse("admin:catalog_productvariant_change", args=[variant.pk])

    response = superuser_client.post(
        url,
        {
            "sku": variant.sku,
            "name_en": variant.name_en,
            "name_zh": variant.name_zh,
            "price_amount": "128.00",
            "currency": "CNY",
            "position": "0",
            "stock_quantity": "2",
        },
    )

    assert response.status_code == 200
    assert "stock_quantity" in response.context["adminform"].form.errors
    assert Stock.objects.get(variant=variant).quantity == 5


def test_relic_admin_adds_an_image_through_the_imaging_pipeline(superuser_client):
    relic = RelicFactory()
    url = reverse("admin:collection_relic_change", args=[relic.pk])
    prefix = _inline_prefixes(superuser_client.get(url))["relicimage"]
    data = {
        "museum": relic.museum_id,
        "accession_number": relic.accession_number,
        "slug": relic.slug,
        "category": relic.category,
        "name_en": relic.name_en,
        "name_zh": relic.name_zh,
        "period_en": relic.period_en,
        "period_zh": relic.period_zh,
        "story_en": "",
        "story_zh": "",
        **_management(prefix, 1),
        f"{prefix}-0-upload": jpeg_upload((2000, 1500)),
        f"{prefix}-0-alt_en": "A vessel",
        f"{prefix}-0-alt_zh": "",
        f"{prefix}-0-credit_line": "Photo: museum",
        f"{prefix}-0-rights_statement": "NoC-CR",
        f"{prefix}-0-position": "0",
    }

    response = superuser_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    image = relic.images.get()
    assert image.original.storage is not image.preview.storage
    with Image.open(image.preview.path) as preview:
        assert max(preview.size) == 1600


def test_relic_admin_refuses_an_upload_that_is_not_an_image(superuser_client):
    relic = RelicFactory()
    url = reverse("admin:collection_relic_change", args=[relic.pk])
    prefix = _inline_prefixes(superuser_client.get(url))["relicimage"]
    data = {
        "museum": relic.museum_id,
        "accession_number": relic.accession_number,
        "slug": relic.slug,
        "category": relic.category,
        "name_en": relic.name_en,
        "name_zh": relic.name_zh,
        "period_en": relic.period_en,
        "period_zh": relic.period_zh,
        **_management(prefix, 1),
        f"{prefix}-0-upload": SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
        f"{prefix}-0-alt_en": "A vessel",
        f"{prefix}-0-credit_line": "Photo: museum",
        f"{prefix}-0-rights_statement": "NoC-CR",
        f"{prefix}-0-position": "0",
    }

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert not relic.images.exists()


def test_product_admin_creates_variants_with_their_stock(superuser_client):
    design = DesignFactory()
    url = reverse("admin:catalog_product_add")
    prefixes = _inline_prefixes(superuser_client.get(url))
    variants, images = prefixes["productvariant"], prefixes["productimage"]
    data = {
        "slug": "tiger-notebook",
        "name_en": "Tiger Notebook",
        "name_zh": "虎纹笔记本",
        "design": design.pk,
        "category": design.category_id,
        "description_en": "",
        "description_zh": "",
        "is_published": "on",
        **_management(variants, 1),
        f"{variants}-0-sku": "BC-NB-TIGER",
        f"{variants}-0-name_en": "A5",
        f"{variants}-0-name_zh": "A5",
        f"{variants}-0-price_amount": "48.00",
        f"{variants}-0-currency": "CNY",
        f"{variants}-0-stock_quantity": "120",
        f"{variants}-0-position": "0",
        **_management(images, 1),
        f"{images}-0-upload": jpeg_upload((2400, 1200)),
        f"{images}-0-alt_en": "Notebook",
        f"{images}-0-alt_zh": "",
        f"{images}-0-position": "0",
    }

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    variant = ProductVariant.objects.get(sku="BC-NB-TIGER")
    assert variant.price_amount == Decimal("48.00")
    assert variant.stock.quantity == 120
    photo = variant.product.images.get()
    with Image.open(photo.image.path) as stored:
        assert stored.size == (2000, 1000)


def test_product_admin_refuses_a_category_other_than_the_designs(superuser_client):
    design = DesignFactory()
    url = reverse("admin:catalog_product_add")
    prefixes = _inline_prefixes(superuser_client.get(url))
    data = {
        "slug": "odd-one",
        "name_en": "Odd",
        "name_zh": "怪",
        "design": design.pk,
        "category": CategoryFactory().pk,
        **_management(prefixes["productvariant"], 1),
        f"{prefixes['productvariant']}-0-sku": "BC-ODD",
        f"{prefixes['productvariant']}-0-price_amount": "10.00",
        f"{prefixes['productvariant']}-0-currency": "CNY",
        f"{prefixes['productvariant']}-0-stock_quantity": "1",
        f"{prefixes['productvariant']}-0-position": "0",
        **_management(prefixes["productimage"], 0),
    }

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert "category" in response.context["adminform"].form.errors
    assert not ProductVariant.objects.filter(sku="BC-ODD").exists()
