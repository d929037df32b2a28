"""Royalty benchmark: record N paid order lines, close their month, export the largest statement.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_royalties .venv/bin/python bench/royalties.py --lines 100000

Runs against the database in DATABASE_URL (migrated first). It empties the order and royalty tables of that
database, so it refuses a database whose name does not contain "bench". Prints, for N lines:
recording through the real service (one transaction per order; --workers processes in parallel),
closing the period, and exporting the largest statement (the platform's: one entry per line) as CSV and
XLSX, with seconds and how far the exporting process's peak RSS grew (ru_maxrss, in a forked child).
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import sys
import time
from decimal import Decimal
from multiprocessing import get_context
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ENV", "test")  # no eager Celery, no outbox side effects

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from shop.accounts.models import User  # noqa: E402
from shop.collection.models import Museum  # noqa: E402
from shop.orders.models import Order, OrderLine, OrderStatus  # noqa: E402
from shop.royalties.exports import csv_chunks, statement_export_for, xlsx_chunks  # noqa: E402
from shop.royalties.services import royalty_period_close, royalty_record_order  # noqa: E402
from shop.royalties.split import Payee  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
PERIOD = datetime.date(2026, 1, 1)
TABLES = [
    "royalties_royaltyreconciliation",
    "royalties_royaltystatement",
    "royalties_royaltyperiod",
    "royalties_royaltyentry",
    "orders_refundline",
    "orders_refund",
    "orders_orderline",
    "orders_orderevent",
    "orders_allocation",
    "orders_order",
]


def _reset() -> None:
    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        sys.exit(f"Refusing to empty {name!r}: use a database whose name contains 'bench'.")
    call_command("migrate", verbosity=0)
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        tables = [t for t in TABLES if t in existing]
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:  # SQLite: no trigger there
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names


def _snapshots(museums, designers) -> list[dict]:
    """A spread of realistic terms: one or two licences, joint holdings, designer or museum's own."""
    result = []
    for index in range(40):
        first, second = museums[index % 2], museums[(index + 1) % 2]
        joint = index % 3 == 0
        usages = [
            {
                "licence_id": index + 1,
                "weight_bp": 10_000 if index % 4 else 6000,
                "museum_rate_bp": 800 + 50 * (index % 7),
                "shares": [[first.pk, 6000], [second.pk, 4000]] if joint else [[first.pk, 10_000]],
            }
        ]
        if index % 4 == 0:
            usages.append(
                {"licence_id": 100 + index, "weight_bp": 4000, "museum_rate_bp": 1200, "shares": [[second.pk, 10_000]]}
            )
        designer = designers[index % len(designers)] if index % 5 else None
        result.append(
            {
                "design_id": index + 1,
                "designer_id": designer.pk if designer else None,
                "designer_rate_bp": 700 + 25 * (index % 9) if designer else 0,
                "usages": usages,
            }
        )
    return result


def _create(lines: int, per_order: int) -> list[int]:
    museums = [
        Museum.objects.get_or_create(
            slug=f"bench-museum-{i}", defaults={"name_en": f"Bench Museum {i}", "name_zh": f"测试博物馆{i}"}
        )[0]
        for i in range(2)
    ]
    designers = [
        User.objects.get_or_create(email=f"bench-designer-{i}@example.com", defaults={"display_name": f"Designer {i}"})[
            0
        ]
        for i in range(50)
    ]
    snapshots = _snapshots(museums, designers)
    order_count = -(-lines // per_order)
    start = datetime.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    span = 30 * 24 * 3600
    batch = 2000
    order_ids: list[int] = []
    made = 0
    for first in range(0, order_count, batch):
        orders = [
            Order(
                number=f"BB{n:010d}",
                email="bench@example.com",
                status=OrderStatus.PAID,
                subtotal_amount=Decimal("0"),
                vat_amount=Decimal("0"),
                total_amount=Decimal("0"),
                paid_at=start + datetime.timedelta(seconds=(n * 7919) % span),
            )
            for n in range(first, min(first + batch, order_count))
        ]
        orders = Order.objects.bulk_create(orders)
        order_lines = []
        for order in orders:
            for _ in range(min(per_order, lines - made)):
                price = Decimal(19 + (made * 37) % 500) + Decimal("0.90")
                quantity = 1 + made % 3
                order_lines.append(
                    OrderLine(
                        order=order,
                        product_name_en=f"Product {made % 300}",
                        product_name_zh=f"文创商品{made % 300}",
                        sku=f"SKU-{made % 300:05d}",
                        quantity=quantity,
                        unit_price_amount=price,
                        total_amount=price * quantity,
                        vat_rate_bp=1300,
                        design_id_snapshot=1,
                        royalty_snapshot=snapshots[made % len(snapshots)],
                    )
                )
                made += 1
        OrderLine.objects.bulk_create(order_lines, batch_size=batch)
        order_ids.extend(order.pk for order in orders)
    return order_ids


def _record_chunk(order_ids: list[int]) -> int:
    connections.close_all()
    return sum(royalty_record_order(order_id=order_id) for order_id in order_ids)


def _export(make_chunks, export) -> tuple[float, float, int]:
    """Run one export in a forked child: (seconds, MB the child's peak RSS grew above the parent's, bytes)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        connections.close_all()
        os.close(reader)
        baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        size = sum(len(chunk) for chunk in make_chunks(export))
        elapsed = time.perf_counter() - started
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline
        os.write(writer, f"{elapsed} {grown} {size}".encode())
        os._exit(0)
    os.close(writer)
    os.waitpid(pid, 0)
    elapsed, grown, size = os.read(reader, 200).decode().split()
    return float(elapsed), int(grown) / 1024, int(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000 if connection.vendor == "postgresql" else 20_000)
    parser.add_argument("--lines-per-order", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="processes recording in parallel (1 = sequential)")
    args = parser.parse_args()

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; lines: {args.lines:,}")
    _reset()
    started = time.perf_counter()
    order_ids = _create(args.lines, args.lines_per_order)
    print(f"created {len(order_ids):,} paid orders / {args.lines:,} lines in {time.perf_counter() - started:.1f}s")

    connections.close_all()
    started = time.perf_counter()
    if args.workers > 1:
        chunks = [order_ids[i :: args.workers] for i in range(args.workers)]
        with get_context("fork").Pool(args.workers) as pool:
            written = sum(pool.map(_record_chunk, chunks))
    else:
        written = _record_chunk(order_ids)
    elapsed = time.perf_counter() - started
    print(
        f"recording: {written:,} entries for {args.lines:,} lines in {elapsed:.1f}s "
        f"= {args.lines / elapsed:,.0f} lines/s ({args.workers} workers, one transaction per order)"
    )
    started = time.perf_counter()
    rerun = order_ids[:1000]
    again = _record_chunk(rerun)
    print(f"re-running {len(rerun):,} orders' tasks wrote {again} entries ({time.perf_counter() - started:.1f}s)")

    started = time.perf_counter()
    royalty_period_close(period=PERIOD)
    print(f"closing {PERIOD:%Y-%m}: {time.perf_counter() - started:.1f}s")

    export = statement_export_for(period=PERIOD, payee=Payee("platform"))
    print(f"largest statement: platform, {export.statement.line_count:,} lines")
    connections.close_all()
    for name, chunks in (("CSV", csv_chunks), ("XLSX", xlsx_chunks)):
        elapsed, grown, size = _export(chunks, export)
        print(
            f"export {name}: {elapsed:.1f}s, {size / 1e6:,.1f} MB file, "
            f"{export.statement.line_count / elapsed:,.0f} lines/s, peak RSS +{grown:,.1f} MB"
        )


if __name__ == "__main__":
    main()
