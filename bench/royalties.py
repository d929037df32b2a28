"""Royalty benchmark: record N paid order lines, close their month, export the largest statement; each beside
its raw PostgreSQL baseline on the same rows, measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bashu_perf_bench_royalties .venv/bin/python bench/royalties.py \
        --lines 100000

Runs against the database in DATABASE_URL (migrated first). It empties the order and royalty tables of that
database, so it refuses a database whose name does not contain "bench". Prints, for N lines, as CPU time per
line (the recording processes and their PostgreSQL backends, from /proc) and as a rate:
recording through the real service (one transaction per order; --workers processes in parallel) beside
COPY and a multi-row INSERT of the very rows it wrote into a copy of the ledger table (same indexes and
constraints); closing the period beside the raw aggregate (one GROUP BY with the same sums); exporting the
largest statement (the platform's: one entry per line) as CSV beside ``COPY (SELECT …) TO STDOUT`` of its
lines, and as XLSX, with seconds and how far the exporting process's peak RSS grew (ru_maxrss, in a forked
child).
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
os.environ.setdefault("DJANGO_DEBUG", "false")  # DEBUG records every query: not what production pays

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from bench.probe import proc_cpu_seconds  # noqa: E402
from shop.accounts.models import User  # noqa: E402
from shop.collection.models import Museum  # noqa: E402
from shop.orders.models import Order, OrderLine, OrderStatus  # noqa: E402
from shop.royalties.exports import csv_chunks, statement_export_for, xlsx_chunks  # noqa: E402
from shop.royalties.selectors.statement_rows import statement_rows  # noqa: E402
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


def _backend_cpu() -> float:
    """CPU seconds of this process's PostgreSQL backend so far (connecting first if need be)."""
    connection.ensure_connection()
    return proc_cpu_seconds(connection.connection.info.backend_pid)


def _record_chunk(order_ids: list[int]) -> tuple[int, float, float]:
    """Record ``order_ids`` one transaction each: (entries written, app CPU s, PostgreSQL CPU s)."""
    connections.close_all()
    app, pg = time.process_time(), _backend_cpu()
    written = sum(royalty_record_order(order_id=order_id) for order_id in order_ids)
    return written, time.process_time() - app, _backend_cpu() - pg


def measure_recording(order_ids: list[int], *, lines: int, workers: int) -> float:
    """Record every order through the real service; prints the rate and CPU per line, returns µs per line."""
    connections.close_all()
    started = time.perf_counter()
    if workers > 1:
        chunks = [order_ids[i::workers] for i in range(workers)]
        with get_context("fork").Pool(workers) as pool:
            results = pool.map(_record_chunk, chunks)
    else:
        results = [_record_chunk(order_ids)]
    elapsed = time.perf_counter() - started
    written, app, pg = (sum(column) for column in zip(*results, strict=True))
    per_line = (app + pg) * 1e6 / lines
    print(
        f"recording: {written:,} entries for {lines:,} lines in {elapsed:.1f}s = {lines / elapsed:,.0f} lines/s "
        f"({workers} workers, one transaction per order); CPU {per_line:,.0f} µs per line "
        f"(app {app * 1e6 / lines:,.0f} + PostgreSQL {pg * 1e6 / lines:,.0f})"
    )
    return per_line


LEDGER = "royalties_royaltyentry"


def _ledger_copy_table(name: str) -> list[str]:
    """A fresh empty table like the ledger (indexes, constraints, defaults); its column names but ``id``."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TABLE {name} (LIKE {LEDGER} INCLUDING ALL)")
        columns = [c.name for c in connection.introspection.get_table_description(cursor, LEDGER)]
    return [column for column in columns if column != "id"]


def measure_recording_baselines(*, lines: int) -> tuple[float, float]:
    """The rows recording wrote, written again into copies of the ledger table by COPY and by multi-row INSERTs
    of 1,000 rows: (µs CPU per line of each, app + PostgreSQL)."""
    columns = _ledger_copy_table("bench_ledger_copy")
    _ledger_copy_table("bench_ledger_insert")
    names = ", ".join(columns)
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(f"COPY (SELECT {names} FROM {LEDGER} ORDER BY id) TO STDOUT") as copy:  # noqa: S608
            data = b"".join(bytes(block) for block in copy)
        cursor.execute(f"SELECT {names} FROM {LEDGER} ORDER BY id")  # noqa: S608 - fixed names
        rows = cursor.fetchall()
    raw.commit()
    results = []
    app, pg = time.process_time(), _backend_cpu()
    with raw.cursor() as cursor, cursor.copy(f"COPY bench_ledger_copy ({names}) FROM STDIN") as copy:
        for start in range(0, len(data), 1 << 20):
            copy.write(data[start : start + (1 << 20)])
    raw.commit()
    results.append(((time.process_time() - app) + (_backend_cpu() - pg)) * 1e6 / lines)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    app, pg = time.process_time(), _backend_cpu()
    with raw.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            batch = rows[start : start + 1000]
            values = ", ".join([placeholders] * len(batch))
            cursor.execute(
                f"INSERT INTO bench_ledger_insert ({names}) VALUES {values}",  # noqa: S608 - fixed names
                [value for row in batch for value in row],
            )
    raw.commit()
    results.append(((time.process_time() - app) + (_backend_cpu() - pg)) * 1e6 / lines)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_ledger_copy, bench_ledger_insert")
    print(
        f"baselines, the same {len(rows):,} rows into a copy of the ledger table: COPY {results[0]:,.0f} µs per line, "
        f"multi-row INSERT {results[1]:,.0f} µs per line"
    )
    return results[0], results[1]


def measure_close() -> float:
    """Close the month through the real service; prints and returns its CPU ms (app + PostgreSQL)."""
    app, pg = time.process_time(), _backend_cpu()
    started = time.perf_counter()
    royalty_period_close(period=PERIOD)
    elapsed = time.perf_counter() - started
    cpu = (time.process_time() - app + _backend_cpu() - pg) * 1000
    print(f"closing {PERIOD:%Y-%m}: {elapsed:.2f}s, CPU {cpu:,.0f} ms")
    return cpu


def measure_close_baseline() -> float:
    """The raw aggregate behind the statements: one GROUP BY payee and currency with the sums by kind and the
    line count; its CPU ms (app + PostgreSQL)."""
    app, pg = time.process_time(), _backend_cpu()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT payee_type, museum_id, designer_id, currency, "  # noqa: S608 - fixed names
            "sum(amount_minor) FILTER (WHERE kind = 'sale'), sum(amount_minor) FILTER (WHERE kind = 'refund'), "
            "sum(amount_minor) FILTER (WHERE kind = 'adjustment'), sum(amount_minor) FILTER (WHERE kind = 'payout'), "
            f"count(*) FROM {LEDGER} WHERE period = %s GROUP BY 1, 2, 3, 4",
            [PERIOD],
        )
        cursor.fetchall()
    elapsed = time.perf_counter() - started
    cpu = (time.process_time() - app + _backend_cpu() - pg) * 1000
    print(f"baseline, the raw aggregate: {elapsed:.2f}s, CPU {cpu:,.0f} ms")
    return cpu


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


def _copy_blocks(export):
    """Raw ``COPY (the export's own query) TO STDOUT`` of the statement's rows (PostgreSQL), as the driver
    hands them over: the database's and the driver's part alone, the yardstick for the CSV export."""
    import psycopg

    rows = statement_rows(period=export.period, payee=export.payee, currency=export.currency)
    sql, params = rows.query.sql_with_params()
    connection.ensure_connection()
    raw = connection.connection
    query = psycopg.ClientCursor(raw).mogrify(sql, params)
    with raw.cursor() as cursor, cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
        yield from copy


def exports_measure(*, runs: int = 3) -> dict[str, float]:
    """The largest statement (the platform's, one entry per line) as raw COPY, CSV and XLSX, each in a forked
    child (seconds, peak-RSS growth, bytes). COPY and CSV alternate ``runs`` times, then XLSX; the best run of
    each is kept (the least disturbed by other work on a shared machine) and every run is printed."""
    export = statement_export_for(period=PERIOD, payee=Payee("platform"))
    lines = export.statement.line_count
    print(f"largest statement: platform, {lines:,} lines")
    connections.close_all()
    best: dict[str, tuple[float, float, int]] = {}
    plan = ([("COPY", _copy_blocks)] if connection.vendor == "postgresql" else []) + [("CSV", csv_chunks)]
    plan *= runs
    plan += [("XLSX", xlsx_chunks)] * runs
    for name, chunks in plan:
        elapsed, grown, size = _export(chunks, export)
        print(f"  {name}: {elapsed:.1f}s, {lines / elapsed:,.0f} lines/s, peak RSS +{grown:,.1f} MB")
        if name not in best or elapsed < best[name][0]:
            best[name] = (elapsed, grown, size)
    for name, (elapsed, grown, size) in best.items():
        print(
            f"export {name}: {elapsed:.1f}s, {size / 1e6:,.1f} MB, {lines / elapsed:,.0f} lines/s, "
            f"peak RSS +{grown:,.1f} MB"
        )
    if connection.vendor == "postgresql":
        print(f"CSV rate / raw COPY rate: {best['COPY'][0] / best['CSV'][0]:.0%}")
    return {name: lines / elapsed for name, (elapsed, _, _) in best.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000 if connection.vendor == "postgresql" else 20_000)
    parser.add_argument("--lines-per-order", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="processes recording in parallel (1 = sequential)")
    parser.add_argument("--export-runs", type=int, default=3, help="runs of each export (the best is kept)")
    parser.add_argument(
        "--exports-only", action="store_true", help="measure the exports of the month already recorded and closed"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")

    if args.exports_only:
        exports_measure(runs=args.export_runs)
        return
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}; lines: {args.lines:,}")
    _reset()
    started = time.perf_counter()
    order_ids = _create(args.lines, args.lines_per_order)
    print(f"created {len(order_ids):,} paid orders / {args.lines:,} lines in {time.perf_counter() - started:.1f}s")

    recording = measure_recording(order_ids, lines=args.lines, workers=args.workers)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics autovacuum would have gathered by now
    copy, insert = measure_recording_baselines(lines=args.lines)
    started = time.perf_counter()
    rerun = order_ids[:1000]
    again, _, _ = _record_chunk(rerun)
    print(f"re-running {len(rerun):,} orders' tasks wrote {again} entries ({time.perf_counter() - started:.1f}s)")

    close_cpu = measure_close_baseline()
    close = measure_close()

    rates = exports_measure(runs=args.export_runs)
    print()
    print(
        f"recording = {recording / copy:.2f}× COPY per line (target ≤ 3×), {recording / insert:.2f}× multi-row INSERT"
    )
    print(f"period close = {close / close_cpu:.2f}× the raw aggregate (target ≤ 1.5×)")
    print(f"CSV export = {rates['CSV'] / rates['COPY']:.0%} of the COPY TO rate (target ≥ 50%)")


if __name__ == "__main__":
    main()
