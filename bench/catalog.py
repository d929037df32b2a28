"""Catalogue benchmark: CPU per request of a page of products, beside a hand-written view of the same data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bashu_perf_bench_catalog REDIS_URL=redis://127.0.0.1:6379/8 \
        .venv/bin/python bench/catalog.py [--products 2000 --runs 60]

Migrates the PostgreSQL database in DATABASE_URL (its name must contain "bench": the run adds rows), seeds
--products published products (each on its own relic, licence and design, every other licence held jointly
by both museums, two variants, one real photo with rendered thumbnails), starts the real gunicorn server
(``bench.harness.Stack``, 2 workers) and requests, --runs times each, one after another:
`products(first: 100)` with the full product shape over GraphQL; the same data from the hand-written JSON view
``bench.yardsticks.catalog_json`` (same selector, same prefetches, plain dicts: the yardstick); the /products/
page (24 a page). Prints per request type: SQL statements, app CPU and PostgreSQL backend CPU per request
(``bench.probe``), latency percentiles, the ratio to the yardstick; and the same data's SQL timed as a raw
cursor reads it (the floor under any Python).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ENV", "development")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("PYTHONWARNINGS", "ignore::UserWarning")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from bench.harness import Session, Stack, print_ops  # noqa: E402
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
    if connection.vendor != "postgresql" or "bench" not in name:
        sys.exit(f"Refusing {name!r}: use a PostgreSQL database whose name contains 'bench'.")


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


RAW = """
SELECT p.id, p.slug, p.name_en, p.description_en, c.slug, c.name_en,
       (SELECT min(v.price_amount) FROM catalog_productvariant v WHERE v.product_id = p.id),
       (SELECT max(v.price_amount) FROM catalog_productvariant v WHERE v.product_id = p.id),
       (SELECT json_agg(json_build_array(v.id, v.sku, v.name_en, v.price_amount, s.quantity - s.quantity_allocated))
          FROM catalog_productvariant v JOIN catalog_stock s ON s.variant_id = v.id WHERE v.product_id = p.id),
       (SELECT json_agg(json_build_array(r.slug, r.name_en, r.period_en, m.slug, m.name_en))
          FROM catalog_designlicenceusage u JOIN collection_licence l ON l.id = u.licence_id
          JOIN collection_relic r ON r.id = l.relic_id JOIN collection_museum m ON m.id = r.museum_id
          WHERE u.design_id = p.design_id),
       (SELECT json_agg(DISTINCT m.slug) FROM catalog_designlicenceusage u
          JOIN collection_licensorshare ls ON ls.licence_id = u.licence_id
          JOIN collection_museum m ON m.id = ls.museum_id WHERE u.design_id = p.design_id),
       (SELECT i.image FROM catalog_productimage i WHERE i.product_id = p.id ORDER BY i.position, i.id LIMIT 1)
FROM (SELECT * FROM catalog_product WHERE is_published ORDER BY created_at DESC, id DESC LIMIT 101) p
JOIN catalog_category c ON c.id = p.category_id ORDER BY p.created_at DESC, p.id DESC
"""


def raw_cursor(runs: int) -> tuple[float, float]:
    """The page's data as one hand-written SQL statement read by a cursor: (app, PostgreSQL) CPU ms per run."""
    from bench.probe import proc_cpu_seconds

    with connection.cursor() as cursor:
        cursor.execute(RAW)
        backend = connection.connection.info.backend_pid
        app, pg = time.process_time(), proc_cpu_seconds(backend)
        for _ in range(runs):
            cursor.execute("SELECT count(*) FROM catalog_product WHERE is_published")
            cursor.fetchone()
            cursor.execute(RAW)
            rows = cursor.fetchall()
        assert len(rows) == 101, len(rows)
        return (time.process_time() - app) * 1000 / runs, (proc_cpu_seconds(backend) - pg) * 1000 / runs


OPS = ["GraphQL products(first: 100)", "yardstick: hand-written JSON", "page /products/ (24)"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    _guard()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seed(args.products)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in a live database
    total = Product.objects.filter(is_published=True).count()
    database = str(connection.settings_dict["NAME"])
    print(f"database {database}: {total} published products (seeding took {time.perf_counter() - started:.1f} s)")
    raw_app, raw_pg = raw_cursor(args.runs)
    connection.close()

    latencies: dict[str, list[float]] = {}
    warm: dict[str, list[float]] = {}
    with Stack(database=database, workers=2) as stack:
        session, warmup = Session(stack.base_url, latencies), Session(stack.base_url, warm, prefix="warmup ")

        def graphql(client) -> None:
            status, body = client.graphql(OPS[0], QUERY, {"first": 100})
            assert status == 200 and "errors" not in body, body
            assert len(body["data"]["products"]["edges"]) == min(100, total)

        def yardstick(client) -> None:
            status, body = client.get("/bench/catalog.json?first=100", op=OPS[1])
            assert status == 200 and len(json.loads(body)["data"]["products"]["edges"]) == min(100, total)

        def page(client) -> None:
            status, _ = client.get("/products/", op=OPS[2])
            assert status == 200, status

        for _ in range(stack.workers * 3):  # every worker has run each request type before the measured runs
            for request in (graphql, yardstick, page):
                request(warmup)
        same = json.loads(warmup.get("/bench/catalog.json?first=100", op="check")[1])
        answer = warmup.graphql("check", QUERY, {"first": 100})[1]
        assert same["data"]["products"]["edges"] == answer["data"]["products"]["edges"], "the yardstick differs"
        for _ in range(args.runs):  # interleaved: the machine's load moves all three alike
            for request in (graphql, yardstick, page):
                request(session)
    probe = stack.probe()

    print_ops(probe, latencies, OPS)
    print(f"{'raw cursor: COUNT + one SQL statement':<34}{args.runs:>6}{2:>7.1f}{2:>5}{raw_app:>9.1f}{raw_pg:>8.1f}")
    print()
    _, _, gql_app, gql_pg, _ = probe.per_op(OPS[0])
    _, _, json_app, json_pg, _ = probe.per_op(OPS[1])
    print(
        f"products(first: 100): {gql_app + gql_pg:.1f} ms CPU per request (app {gql_app:.1f} + PostgreSQL "
        f"{gql_pg:.1f}; target ≤ 90 ms) = {(gql_app + gql_pg) / (json_app + json_pg):.2f}× the hand-written view's "
        f"{json_app + json_pg:.1f} ms (target ≤ 1.3×); the raw cursor: {raw_app + raw_pg:.1f} ms"
    )


if __name__ == "__main__":
    main()
