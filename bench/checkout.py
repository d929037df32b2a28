"""Checkout benchmark: N concurrent shoppers complete checkouts against gunicorn + PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_checkout REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/checkout.py --shoppers 50 --checkouts 10 --workers 4

Migrates the database in DATABASE_URL (its name must contain "bench": the run adds products and
orders), creates --variants variants whose stock covers only part of the demand, starts gunicorn
with --workers processes, and lets --shoppers threads each run --checkouts times, over HTTP:
checkoutCreate → checkoutShippingAddressUpdate → checkoutComplete (timed). Each shopper buys one
unit of a random variant, so variants sell out during the run and later completions must get
INSUFFICIENT_STOCK. Prints completed checkouts per second, p50/p95/max latency of
checkoutComplete, the refusals, any non-200 or unexpected error, and oversold units (must be 0).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ENV", "development")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Sum  # noqa: E402
from graphene import Node  # noqa: E402

from shop.catalog.models import Stock  # noqa: E402
from shop.orders.models import OrderLine  # noqa: E402

CREATE = """mutation($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { token } errors { code message } } }"""
ADDRESS = """mutation($token: UUID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(token: $token, address: $address) { errors { code message } } }"""
COMPLETE = """mutation($token: UUID!) { checkoutComplete(token: $token) {
  order { number } payment { gateway } errors { code message } } }"""
SHIPPING = {
    "fullName": "测试 顾客",
    "phone": "13800138000",
    "countryCode": "CN",
    "province": "重庆市",
    "city": "重庆市",
    "district": "渝中区",
    "streetAddress": "人民路236号",
    "postalCode": "400015",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _setup(*, variants: int, stock: int) -> list:
    """Products on an active licence, each variant with ``stock`` units."""
    from tests import factories

    offset = int(time.time() * 1000) % 10**9  # fresh slugs/SKUs/emails on every run against the same database
    for factory_class in (
        factories.UserFactory,
        factories.MuseumFactory,
        factories.RelicFactory,
        factories.CategoryFactory,
        factories.LicenceFactory,
        factories.DesignFactory,
        factories.ProductFactory,
        factories.VariantFactory,
    ):
        factory_class.reset_sequence(offset)
    make_buyable_product = factories.make_buyable_product
    return [make_buyable_product(price=f"{random.randint(20, 300)}.00", stock=stock) for _ in range(variants)]


def _post(url: str, query: str, variables: dict) -> tuple[int, dict]:
    body = json.dumps({"query": query, "variables": variables}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}


def _wait_ready(url: str, process: subprocess.Popen) -> None:
    for _ in range(300):
        if process.poll() is not None:
            sys.exit("gunicorn exited during start-up")
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shoppers", type=int, default=50, help="concurrent shoppers (threads)")
    parser.add_argument("--checkouts", type=int, default=10, help="checkouts per shopper")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--variants", type=int, default=5)
    parser.add_argument("--stock", type=int, default=0, help="units per variant (default: 60%% of demand)")
    args = parser.parse_args()

    if connection.vendor != "postgresql" or "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    call_command("migrate", verbosity=0)
    demand = args.shoppers * args.checkouts
    stock = args.stock or max(1, int(demand * 0.6) // args.variants)
    variants = _setup(variants=args.variants, stock=stock)
    variant_ids = [Node.to_global_id("ProductVariant", v.pk) for v in variants]
    existing_lines = {
        v.pk: OrderLine.objects.filter(variant=v).aggregate(n=Sum("quantity"))["n"] or 0 for v in variants
    }

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "false",  # emails go to the broker, not into the request
        "PAYMENT_GATEWAY": "dummy",
    }
    gunicorn = [
        str(Path(sys.executable).parent / "gunicorn"),
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={args.workers}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env)  # noqa: S603
    url = f"http://127.0.0.1:{port}/graphql/"
    try:
        _wait_ready(f"http://127.0.0.1:{port}/cart/", server)
        latencies: list[float] = []
        outcomes: dict[str, int] = {}
        lock = threading.Lock()
        start_line = threading.Barrier(args.shoppers)

        def shopper(index: int) -> None:
            rng = random.Random(index)
            start_line.wait()
            for _ in range(args.checkouts):
                lines = [{"variantId": rng.choice(variant_ids), "quantity": 1}]
                status, created = _post(url, CREATE, {"input": {"email": f"s{index}@bench.example", "lines": lines}})
                payload = (created.get("data") or {}).get("checkoutCreate") or {}
                if status != 200 or not payload.get("checkout"):
                    code = (payload.get("errors") or [{"code": f"HTTP {status}"}])[0]["code"]
                    with lock:
                        outcomes[f"create: {code}"] = outcomes.get(f"create: {code}", 0) + 1
                    continue
                token = payload["checkout"]["token"]
                _post(url, ADDRESS, {"token": token, "address": SHIPPING})
                began = time.perf_counter()
                status, done = _post(url, COMPLETE, {"token": token})
                elapsed = time.perf_counter() - began
                result = (done.get("data") or {}).get("checkoutComplete") or {}
                if status == 200 and result.get("order"):
                    outcome = "completed"
                elif status == 200 and result.get("errors"):
                    outcome = result["errors"][0]["code"]
                else:
                    outcome = f"HTTP {status} {done.get('errors')}"
                with lock:
                    latencies.append(elapsed)
                    outcomes[outcome] = outcomes.get(outcome, 0) + 1

        threads = [threading.Thread(target=shopper, args=(i,)) for i in range(args.shoppers)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)

    oversold = 0
    sold = 0
    for variant in variants:
        row = Stock.objects.get(variant=variant)
        lines = (OrderLine.objects.filter(variant=variant).aggregate(n=Sum("quantity"))["n"] or 0) - existing_lines[
            variant.pk
        ]
        sold += lines
        oversold += max(0, lines - stock) + max(0, row.quantity_allocated - row.quantity)
    completed = outcomes.get("completed", 0)
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)] if ordered else 0.0
    print(
        f"database            {settings.DATABASES['default']['NAME']} (PostgreSQL), gunicorn --workers {args.workers}"
    )
    print(f"shoppers            {args.shoppers} concurrent × {args.checkouts} checkouts = {demand} attempts")
    print(f"stock               {args.variants} variants × {stock} units = {args.variants * stock} units")
    print(f"wall time           {wall:.1f} s (create + address + complete)")
    print(f"completed           {completed} orders, {completed / wall:.1f} completed checkouts/s")
    print(f"outcomes            {dict(sorted(outcomes.items()))}")
    if ordered:
        print(
            f"checkoutComplete    p50 {statistics.median(ordered) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms (n={len(ordered)})"
        )
    print(f"units sold          {sold} of {args.variants * stock}")
    print(f"oversold units      {oversold}")
    expected = ("completed", "INSUFFICIENT_STOCK", "create: INSUFFICIENT_STOCK")  # sold out at either step
    unexpected = {k: v for k, v in outcomes.items() if k not in expected}
    if oversold or unexpected:
        sys.exit(f"FAILED: oversold={oversold} unexpected={unexpected}")


if __name__ == "__main__":
    main()
