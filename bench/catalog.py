"""Catalogue benchmark: SQL queries and latency of a page of products, over GraphQL and as a page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_catalog .venv/bin/python bench/catalog.py [--products 2000]

Migrates the database in DATABASE_URL (its name must contain "bench", or it is SQLite: the run adds
rows), seeds --products published products (each on its own relic, licence and design, every other
licence held jointly by both museums, two variants, one real photo with rendered thumbnails), then
prints, for `products(first: 100)` with the full product shape and for the /products/ page: the SQL
queries of one request and the median / p95 latency over --runs requests through Django's test client.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ENV", "development")
os.environ.setdefault("DJANGO_DEBUG", "false")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from shop.catalog.models import (  # noqa: E402
    Category,
    Design,
    DesignLicenceUsage,
    Product,
    ProductImage,
    ProductVariant,
    Stock,
)
from shop.catalog.services import product_image_add  # noqa: E402
from shop.collection.models import Licence, LicensorShare, Museum, Relic, RelicCategory  # noqa: E402

QUERY = """
query Products($first: Int!) {
  products(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id slug name description isAvailable
      category { slug name }
      pricing { priceRange { start { amount currency } stop { amount currency } } }
      thumbnail(size: 400) { url alt }
      variants { id sku name price { amount currency } quantityAvailable }
      design { designer { displayName } relics { slug name period museum { slug name } } }
      museums { slug name }
    } }
  }
}
"""
PREFIX = "bench-"


def _guard() -> None:
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" and "bench" not in name:
        sys.exit(f"Refusing to seed {name!r}: use a database whose name contains 'bench'.")


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (120, 90, 60)).save(buffer, "JPEG")
    return SimpleUploadedFile("bench.jpg", buffer.getvalue(), content_type="image/jpeg")


@transaction.atomic
def seed(count: int) -> None:
    """Top the catalogue up to ``count`` bench products (bulk inserts; one shared photo)."""
    existing = Product.objects.filter(slug__startswith=PREFIX).count()
    if existing >= count:
        return
    chongqing, _ = Museum.objects.get_or_create(
        slug=f"{PREFIX}cq", defaults={"name_en": "Bench CQ", "name_zh": "基准渝"}
    )
    sichuan, _ = Museum.objects.get_or_create(slug=f"{PREFIX}sc", defaults={"name_en": "Bench SC", "name_zh": "基准蜀"})
    category, _ = Category.objects.get_or_create(
        slug=f"{PREFIX}tableware", defaults={"name_en": "Bench", "name_zh": "基准"}
    )
    today = timezone.localdate()
    numbers = range(existing, count)
    relics = Relic.objects.bulk_create(
        Relic(
            museum=chongqing if n % 2 else sichuan,
            slug=f"{PREFIX}relic-{n}",
            accession_number=f"B-{n:06d}",
            name_en=f"Bench relic {n}",
            name_zh=f"基准文物{n}",
            period_en="Eastern Han",
            period_zh="东汉",
            category=RelicCategory.BRONZE,
        )
        for n in numbers
    )
    licences = Licence.objects.bulk_create(
        Licence(relic=relic, reference=f"{PREFIX}L-{n}", museum_rate_bp=1000, valid_from=today)
        for n, relic in zip(numbers, relics, strict=True)
    )
    shares = []
    for n, licence in zip(numbers, licences, strict=True):
        if n % 2:
            shares += [LicensorShare(licence=licence, museum=chongqing, share_bp=6000)]
            shares += [LicensorShare(licence=licence, museum=sichuan, share_bp=4000)]
        else:
            shares += [LicensorShare(licence=licence, museum=sichuan, share_bp=10_000)]
    LicensorShare.objects.bulk_create(shares)
    category.licences.add(*licences)
    designs = Design.objects.bulk_create(Design(name=f"Bench design {n}", category=category) for n in numbers)
    DesignLicenceUsage.objects.bulk_create(
        DesignLicenceUsage(design=design, licence=licence, weight_bp=10_000)
        for design, licence in zip(designs, licences, strict=True)
    )
    products = Product.objects.bulk_create(
        Product(
            slug=f"{PREFIX}product-{n}",
            name_en=f"Bench product {n}",
            name_zh=f"基准商品{n}",
            description_en="A benchmark product.",
            category=category,
            design=design,
            is_published=True,
        )
        for n, design in zip(numbers, designs, strict=True)
    )
    variants = ProductVariant.objects.bulk_create(
        ProductVariant(
            product=product, sku=f"{PREFIX}{n}-{size}", name_en=size, price_amount=Decimal("88.00") + n % 50, position=i
        )
        for n, product in zip(numbers, products, strict=True)
        for i, size in enumerate(("S", "L"))
    )
    Stock.objects.bulk_create(Stock(variant=variant, quantity=20) for variant in variants)
    first = product_image_add(product=products[0], image_file=_photo(), alt_en="Bench photo")
    ProductImage.objects.bulk_create(
        ProductImage(
            product=product, image=first.image.name, width=first.width, height=first.height, alt_en="Bench photo"
        )
        for product in products[1:]
    )


def measure(label: str, request, runs: int) -> None:
    request()  # warm caches (templates, thumbnails' existence)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        request()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        request()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
    print(
        f"{label:<44} SQL queries: {len(queries):>3}   median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    _guard()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(args.products)
    total = Product.objects.filter(is_published=True).count()
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}; published products: {total} "
        f"(seeding took {time.perf_counter() - started:.1f} s)"
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    def graphql():
        response = client.post(
            "/graphql/", json.dumps({"query": QUERY, "variables": {"first": 100}}), content_type="application/json"
        )
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        assert len(body["data"]["products"]["edges"]) == min(100, total)

    def page():
        response = client.get("/products/")
        assert response.status_code == 200, response.status_code

    measure("GraphQL products(first: 100), full shape", graphql, args.runs)
    measure("page /products/ (24 a page)", page, args.runs)


if __name__ == "__main__":
    main()
