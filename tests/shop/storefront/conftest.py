from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from shop.collection.models import LicenceStatus, RelicCategory
from tests.factories import (
    CategoryFactory,
    DesignFactory,
    LicenceFactory,
    MuseumFactory,
    ProductFactory,
    RelicFactory,
    UserFactory,
    VariantFactory,
)
from tests.shop.storefront.factories import ProductImageFactory, RelicImageFactory


@pytest.fixture
def museums():
    chongqing = MuseumFactory(
        slug="three-gorges",
        name_en="Chongqing China Three Gorges Museum",
        name_zh="重庆中国三峡博物馆",
        city_en="Chongqing",
        city_zh="重庆",
        description_en="The museum of the Three Gorges and the Ba people.",
        description_zh="三峡与巴人的博物馆。",
    )
    sichuan = MuseumFactory(
        slug="sichuan-museum",
        name_en="Sichuan Museum",
        name_zh="四川博物院",
        city_en="Chengdu",
        city_zh="成都",
    )
    return chongqing, sichuan


@pytest.fixture
def shop(museums):
    """Two museums, a bronze relic with a preview, a brick relic, a buyable product with a photo and
    two variants, and a product whose licence has expired."""
    chongqing, sichuan = museums
    scarves = CategoryFactory(slug="scarves", name_en="Scarves", name_zh="丝巾")
    stationery = CategoryFactory(slug="stationery", name_en="Stationery", name_zh="文具")
    bronze = RelicFactory(
        museum=chongqing,
        slug="tiger-knob-chunyu",
        name_en="Tiger-knob Chunyu Bell",
        name_zh="虎钮錞于",
        period_en="Warring States",
        period_zh="战国",
        category=RelicCategory.BRONZE,
        story_en="A bronze bell of the Ba people, crowned with a tiger.",
        story_zh="巴人的青铜乐器，顶上蹲着一只老虎。",
        is_featured=True,
    )
    relic_image = RelicImageFactory(relic=bronze, credit_line="Chongqing China Three Gorges Museum")
    brick = RelicFactory(
        museum=sichuan,
        slug="harvest-brick",
        name_en="Harvest Portrait Brick",
        name_zh="弋射收获画像砖",
        period_en="Eastern Han",
        period_zh="东汉",
        category=RelicCategory.PORTRAIT_BRICK,
    )
    designer = UserFactory(display_name="Lin Yue")
    scarf_design = DesignFactory(
        category=scarves, designer=designer, usages=[(LicenceFactory(relic=bronze, categories=[scarves]), 10_000)]
    )
    scarf = ProductFactory(
        slug="tiger-bell-silk-scarf",
        name_en="Tiger Bell Silk Scarf",
        name_zh="虎钮錞于真丝丝巾",
        description_en="Mulberry silk printed with the tiger of the chunyu.",
        description_zh="桑蚕丝印虎钮錞于纹样。",
        design=scarf_design,
        is_featured=True,
    )
    VariantFactory(product=scarf, sku="SCARF-S", name_en="Small", name_zh="小号", price_amount=Decimal("168.00"))
    VariantFactory(
        product=scarf, sku="SCARF-L", name_en="Large", name_zh="大号", price_amount=Decimal("1288.50"), stock=0
    )
    product_image = ProductImageFactory(product=scarf)

    expired = LicenceFactory(
        relic=brick,
        categories=[stationery],
        status=LicenceStatus.EXPIRED,
        valid_from=timezone.localdate() - datetime.timedelta(days=400),
        valid_until=timezone.localdate() - datetime.timedelta(days=35),
    )
    notebook = ProductFactory(
        slug="harvest-brick-notebook",
        name_en="Harvest Brick Notebook",
        name_zh="弋射收获画像砖笔记本",
        design=DesignFactory(category=stationery, designer=None, designer_rate_bp=0, usages=[(expired, 10_000)]),
    )
    VariantFactory(product=notebook, sku="NOTE-1", price_amount=Decimal("58.00"), stock=40)
    return {
        "chongqing": chongqing,
        "sichuan": sichuan,
        "bronze": bronze,
        "brick": brick,
        "relic_image": relic_image,
        "scarf": scarf,
        "product_image": product_image,
        "notebook": notebook,
        "designer": designer,
        "scarves": scarves,
        "stationery": stationery,
    }
