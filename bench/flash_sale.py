"""Flash sale: N shoppers, one variant, S units; all complete at the same moment. Scales with workers?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bashu_perf_bench REDIS_URL=redis://127.0.0.1:6379/8 \
        .venv/bin/python bench/flash_sale.py [--shoppers 200 --stock 100 --workers 4 16 --rounds 2]

The database's name must contain "bench". For each gunicorn worker count (in turn, --rounds times, so the
machine's changing load falls on both alike): a warm-up sale on its own variant (4 shoppers per worker, 2
units per worker: every worker runs checkoutComplete before the measured burst, as a live server has), then a
fresh product with --stock units of one variant; --shoppers threads each create a checkout for one unit and
give the address (not timed), wait at a barrier, then all send checkoutComplete at once. Prints per worker
count: orders placed and refused, oversold units (must be 0), completions per second from the barrier to the
last answer, p50/p95/p99 of checkoutComplete, CPU per checkoutComplete (server and PostgreSQL, from /proc),
and how long each order held the stock row's lock (``bench.probe``: by PostgreSQL's clock from the row's write
to the end of the COMMIT sent with it; for a version that commits separately, from the return of the statement
that locks it to the end of COMMIT). The baseline is the first worker count, measured in the same run: the
others' throughput is printed as a ratio to it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ENV", "development")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402
from graphql_relay import from_global_id  # noqa: E402

from bench.checkout import ADDRESS, COMPLETE, CREATE, SHIPPING, products  # noqa: E402
from bench.harness import Session, Stack, percentile  # noqa: E402
from shop.catalog.models import Stock  # noqa: E402
from shop.orders.models import OrderLine  # noqa: E402

OP = "checkoutComplete"


def _sale(stack: Stack, variant_gid: str, shoppers: int, *, prefix: str = "") -> tuple[dict, dict, float, object]:
    """``shoppers`` threads each prepare a checkout for one unit (not timed), then all complete at once.
    Returns (outcomes, latencies, wall seconds, CPU spent from the barrier to the last answer)."""
    latencies: dict[str, list[float]] = {}
    outcomes: dict[str, int] = {}
    lock = threading.Lock()
    ready = threading.Barrier(shoppers + 1)
    finished: list[float] = []

    def shopper(index: int) -> None:
        session = Session(stack.base_url, {}, prefix="prepare ")
        status, body = session.graphql(
            "create",
            CREATE,
            {"input": {"email": f"s{index}@bench.example", "lines": [{"variantId": variant_gid, "quantity": 1}]}},
        )
        token = ((body.get("data") or {}).get("checkoutCreate") or {}).get("checkout", {}).get("token")
        if token:
            session.graphql("address", ADDRESS, {"token": token, "address": SHIPPING})
        ready.wait()
        if not token:
            outcome = "create refused"
        else:
            timed = Session(stack.base_url, latencies, prefix=prefix)
            status, body = timed.graphql(OP, COMPLETE, {"token": token})
            done = (body.get("data") or {}).get("checkoutComplete") or {}
            if status == 200 and done.get("order"):
                outcome = "placed"
            elif status == 200 and done.get("errors"):
                outcome = done["errors"][0]["code"]
            else:
                outcome = f"HTTP {status}"
        with lock:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            finished.append(time.perf_counter())

    threads = [threading.Thread(target=shopper, args=(i,)) for i in range(shoppers)]
    for thread in threads:
        thread.start()
    ready.wait()
    before = stack.cpu()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = max(finished) - began
    return outcomes, latencies, wall, stack.cpu() - before


def one_sale(*, database: str, workers: int, shoppers: int, stock: int) -> dict:
    variant_gid = products(1, stock=stock)[0]
    variant_id = int(from_global_id(variant_gid).id)
    # A warm-up sale first (its own variant, 4 shoppers per worker for 2 units per worker, so both the
    # placing and the sold-out paths run): every gunicorn worker has then run checkoutComplete, as the
    # servers of a real flash sale have, instead of paying its first-request costs (GraphQL document parse
    # and validation, lazy imports, the broker connection) inside the measured burst, 16 times over with 16.
    warm_gid = products(1, stock=2 * workers)[0]
    connection.close()
    with Stack(database=database, workers=workers) as stack:
        _sale(stack, warm_gid, 4 * workers, prefix="warmup ")
        outcomes, latencies, wall, spent = _sale(stack, variant_gid, shoppers)
    probe = stack.probe()
    row = Stock.objects.get(variant_id=variant_id)
    sold = OrderLine.objects.filter(variant_id=variant_id).aggregate(n=Sum("quantity"))["n"] or 0
    completions = len(latencies.get(OP, []))
    _, queries, app, pg, _ = probe.per_op(OP)
    return {
        "workers": workers,
        "outcomes": outcomes,
        "oversold": max(0, sold - stock) + max(0, row.quantity_allocated - row.quantity),
        "sold": sold,
        "per_second": completions / wall,
        "orders_per_second": outcomes.get("placed", 0) / wall,
        "latencies": latencies.get(OP, []),
        "cpu_ms": spent.total * 1000 / max(completions, 1),
        "app_ms": app,
        "pg_ms": pg,
        "sql": queries,
        "holds": probe.lock_holds,  # the probe leaves out those of warm-up requests
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shoppers", type=int, default=200)
    parser.add_argument("--stock", type=int, default=100)
    parser.add_argument("--workers", type=int, nargs="+", default=[4, 16], help="gunicorn worker counts to compare")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    database = str(connection.settings_dict["NAME"])
    if connection.vendor != "postgresql" or "bench" not in database:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    call_command("migrate", verbosity=0)
    connection.close()

    runs = [
        one_sale(database=database, workers=workers, shoppers=args.shoppers, stock=args.stock)
        for _ in range(args.rounds)
        for workers in args.workers
    ]
    print(f"database {database}; {args.shoppers} shoppers, 1 variant, {args.stock} units; {args.rounds} rounds")
    print(
        f"{'workers':>7}{'placed':>8}{'refused':>8}{'oversold':>9}{'done/s':>8}{'orders/s':>9}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'CPU ms':>8}{'app':>6}{'PG':>6}{'SQL':>5}{'lock p50/p99/max ms':>22}"
    )
    for run in runs:
        holds = run["holds"] or [0.0]
        refused = sum(v for k, v in run["outcomes"].items() if k != "placed")
        print(
            f"{run['workers']:>7}{run['outcomes'].get('placed', 0):>8}{refused:>8}{run['oversold']:>9}"
            f"{run['per_second']:>8.1f}{run['orders_per_second']:>9.1f}"
            + "".join(f"{percentile(run['latencies'], q) * 1000:>8.0f}" for q in (0.5, 0.95, 0.99))
            + f"{run['cpu_ms']:>8.1f}{run['app_ms']:>6.1f}{run['pg_ms']:>6.1f}{run['sql']:>5.0f}"
            + f"{percentile(holds, 0.5) * 1000:>10.2f}/{percentile(holds, 0.99) * 1000:.2f}/{max(holds) * 1000:.2f}"
        )
    print()
    base = args.workers[0]
    medians = {w: statistics.median(r["per_second"] for r in runs if r["workers"] == w) for w in args.workers}
    for workers in args.workers:
        p99 = max(percentile(r["latencies"], 0.99) for r in runs if r["workers"] == workers)
        print(
            f"{workers:>2} workers: median {medians[workers]:.1f} completions/s = "
            f"{medians[workers] / medians[base]:.2f}× {base} workers (target ≥ 1.0×); "
            f"worst p99 {p99 * 1000:.0f} ms (target ≤ 1500 ms)"
        )
    holds = [hold for run in runs for hold in run["holds"]]
    print(
        f"stock lock held per order: p50 {percentile(holds, 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(holds, 0.99) * 1000:.2f} ms (target ≤ 2 ms); "
        f"oversold units in all runs: {sum(run['oversold'] for run in runs)}"
    )
    if any(run["oversold"] for run in runs):
        sys.exit("FAILED: oversold")


if __name__ == "__main__":
    main()
