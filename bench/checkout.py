"""Checkout benchmark: CPU per paid checkout (web + worker + PostgreSQL), beside a floor request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bashu_perf_bench REDIS_URL=redis://127.0.0.1:6379/8 \
        .venv/bin/python bench/checkout.py [--shoppers 4 --checkouts 20 --workers 4 --worker-processes 2]

The database's name must contain "bench" (the run adds products and orders). Starts the real gunicorn
server and Celery worker (``bench.harness.Stack``) and lets --shoppers threads each buy --checkouts times,
over HTTP, as a guest shopper does: 1 checkoutCreate (line + email), 2 checkoutShippingAddressUpdate,
3 checkoutComplete, 4 the pay page, 5 "Pay (succeeds)", 6 the pay page it redirects to, 7 the order's
status page by its token, 8 that page again (now from the session). The worker sends the "received" and
"paid" emails, processes the payment event and records the royalties. When every order is paid and every
outbox message done, the CPU of the server, the worker and this database's PostgreSQL backends is read
from /proc; each is divided by the paid checkouts. The baseline, measured in the same run on the same
server: eight floor requests (``bench.yardsticks.floor``: middleware, ``SELECT 1``, a JSON body).
Prints per request type and task: SQL statements, app and PostgreSQL CPU, latency percentiles.
"""

from __future__ import annotations

import argparse
import os
import random
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
from graphene import Node  # noqa: E402

from bench.harness import Stack, print_ops, request  # noqa: E402
from shop.core.models import OutboxMessage  # noqa: E402
from shop.orders.models import Order, OrderStatus  # noqa: E402

CREATE = """mutation Create($input: CheckoutCreateInput!) { checkoutCreate(input: $input) {
  checkout { token totalPrice { amount currency } } errors { code message } } }"""
ADDRESS = """mutation Address($token: UUID!, $address: AddressInput!) {
  checkoutShippingAddressUpdate(token: $token, address: $address) { checkout { token } errors { code message } } }"""
COMPLETE = """mutation Complete($token: UUID!) { checkoutComplete(token: $token) {
  order { number status total { amount currency } } payment { gateway status payUrl } errors { code message } } }"""
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
STEPS = [
    "1 checkoutCreate",
    "2 checkoutShippingAddressUpdate",
    "3 checkoutComplete",
    "4 GET pay page",
    "5 POST pay (succeeds)",
    "6 GET pay page (paid)",
    "7 GET order status (token)",
    "8 GET order status (session)",
]
TASKS = ["order_email_task", "payment_event_process_task", "royalty_record_order_task", "outbox_relay_task"]


def products(count: int, stock: int) -> list[str]:
    """``count`` buyable products on active licences (royalties split between museums and a designer)."""
    from tests import factories

    offset = int(time.time() * 1000) % 10**9  # fresh slugs/SKUs on every run against the same database
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
    variants = [
        factories.make_buyable_product(price=f"{random.randint(20, 300)}.00", stock=stock) for _ in range(count)
    ]
    return [Node.to_global_id("ProductVariant", variant.pk) for variant in variants]


def buy(session, variant_id: str, failures: list) -> str | None:
    """One paid checkout, eight requests; the order number, or None (the failure is recorded)."""
    status, body = session.graphql(
        STEPS[0],
        CREATE,
        {"input": {"email": "shopper@bench.example", "lines": [{"variantId": variant_id, "quantity": 1}]}},
    )
    created = (body.get("data") or {}).get("checkoutCreate") or {}
    if status != 200 or not created.get("checkout"):
        failures.append(("create", status, created.get("errors") or body.get("errors")))
        return None
    token = created["checkout"]["token"]
    session.graphql(STEPS[1], ADDRESS, {"token": token, "address": SHIPPING})
    status, body = session.graphql(STEPS[2], COMPLETE, {"token": token})
    done = (body.get("data") or {}).get("checkoutComplete") or {}
    if status != 200 or not done.get("order") or not done.get("payment"):
        failures.append(("complete", status, done.get("errors") or body.get("errors")))
        return None
    pay_url = done["payment"]["payUrl"]
    number, pay_path = done["order"]["number"], pay_url if pay_url.startswith("/") else "/" + pay_url.split("/", 3)[3]
    session.get(pay_path, op=STEPS[3])
    status, _ = session.post_form(pay_path, {"outcome": "succeed"}, op=STEPS[4])
    if status != 302:
        failures.append(("pay", status, None))
        return None
    session.get(pay_path, op=STEPS[5])
    session.get(f"/orders/{number}/?token={token}", op=STEPS[6])
    session.get(f"/orders/{number}/", op=STEPS[7])
    return number


SIGN_IN = """mutation Token($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) { token errors { code } } }"""
ME = "query Me { me { email displayName } }"
SIGNED_IN = ["tokenCreate (Argon2 check)", "me (bearer token)", "me (anonymous)"]


def measure_signed_in(base_url: str, latencies: dict, *, users: int = 3, requests: int = 40) -> None:
    """A signed-in shopper pays Argon2 once, at tokenCreate; afterwards each request checks its bearer token
    (a SHA-256 and one indexed query). ``users`` sign in (the sign-in rate limit allows a few), then each
    token is used ``requests`` times; an anonymous request of the same document is the comparison."""
    from bench.harness import Session
    from shop.accounts.models import User

    password = "bench-password-0123"  # noqa: S105 - a throwaway bench account
    emails = [f"bench-{time.time_ns()}-{n}@bench.example" for n in range(users)]
    for email in emails:
        user = User(email=email, display_name="Bench")
        user.set_password(password)  # Argon2, the production hasher
        user.save()
    connection.close()
    session = Session(base_url, latencies)
    tokens = []
    for email in emails:
        _, body = session.graphql(SIGNED_IN[0], SIGN_IN, {"email": email, "password": password})
        tokens.append(body["data"]["tokenCreate"]["token"])
    for token in tokens:
        for _ in range(requests):
            status, body = session.graphql(SIGNED_IN[1], ME, headers={"Authorization": f"Bearer {token}"})
            assert status == 200 and body["data"]["me"]["displayName"] == "Bench", body
            session.graphql(SIGNED_IN[2], ME)


def wait_for_worker(numbers: list[str], timeout: float) -> tuple[int, int]:
    """Wait until the orders are paid and the outbox drained; (orders paid, messages not done)."""
    deadline = time.monotonic() + timeout
    while True:
        paid = Order.objects.filter(number__in=numbers, status=OrderStatus.PAID).count()
        open_messages = OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).count()
        if (paid == len(numbers) and not open_messages) or time.monotonic() > deadline:
            return paid, open_messages
        time.sleep(0.2)


def main() -> None:
    from bench.harness import Session

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shoppers", type=int, default=4, help="concurrent shoppers (threads)")
    parser.add_argument("--checkouts", type=int, default=20, help="paid checkouts per shopper")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync worker processes")
    parser.add_argument("--worker-processes", type=int, default=2, help="Celery worker concurrency")
    parser.add_argument("--variants", type=int, default=20)
    args = parser.parse_args()

    database = str(connection.settings_dict["NAME"])
    if connection.vendor != "postgresql" or "bench" not in database:
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name contains 'bench'.")
    call_command("migrate", verbosity=0)
    OutboxMessage.objects.filter(done_at__isnull=True).update(failed_at=django.utils.timezone.now())  # old runs
    demand = args.shoppers * args.checkouts
    variant_ids = products(args.variants, stock=demand)
    connection.close()

    latencies: dict[str, list[float]] = {}
    warm_latencies: dict[str, list[float]] = {}
    failures: list = []
    numbers: list[str] = []
    lock = threading.Lock()
    with Stack(database=database, workers=args.workers, worker_processes=args.worker_processes) as stack:
        # Warm-up: a checkout per gunicorn worker, so code paths are imported before the measured run.
        warm = [
            buy(Session(stack.base_url, warm_latencies, prefix="warmup "), variant_ids[0], failures)
            for _ in range(args.workers)
        ]
        wait_for_worker([n for n in warm if n], timeout=120)
        connection.close()
        floor_runs = 8 * demand // 2
        before = stack.cpu()
        for _ in range(floor_runs):
            request(stack.base_url, "GET", "/bench/floor/", op="floor")
        floor = stack.cpu() - before

        def shopper(index: int) -> None:
            rng = random.Random(index)
            session = Session(stack.base_url, latencies)
            for _ in range(args.checkouts):
                number = buy(session, rng.choice(variant_ids), failures)
                if number:
                    with lock:
                        numbers.append(number)

        before = stack.cpu()
        began = time.perf_counter()
        threads = [threading.Thread(target=shopper, args=(i,)) for i in range(args.shoppers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        requests_done = time.perf_counter() - began
        paid, open_messages = wait_for_worker(numbers, timeout=300)
        wall = time.perf_counter() - began
        connection.close()
        spent = stack.cpu() - before
        measure_signed_in(stack.base_url, latencies)
    probe = stack.probe()

    print(f"database {database}; gunicorn {args.workers} workers; Celery concurrency {args.worker_processes}")
    print(
        f"{args.shoppers} shoppers × {args.checkouts} = {demand} checkouts; {len(numbers)} placed, {paid} paid; "
        f"outbox messages not done: {open_messages}; failures: {failures[:3]}"
    )
    print(f"wall: requests {requests_done:.1f} s, until the worker finished {wall:.1f} s → {paid / wall:.1f} paid/s")
    print()
    print_ops(probe, latencies, [*STEPS, *TASKS, "floor", *SIGNED_IN])
    web_sql = sum(probe.per_op(step)[1] for step in STEPS)
    worker_sql = sum(probe.per_op(task)[1] * probe.per_op(task)[0] for task in TASKS) / max(paid, 1)
    print(f"SQL per paid checkout: web {web_sql:.0f}, worker {worker_sql:.0f}")
    print()
    n = max(paid, 1)
    per_floor = floor.total * 1000 / floor_runs
    total = spent.total * 1000 / n
    print("CPU per paid checkout (from /proc, the measured run only):")
    print(f"  web (gunicorn)       {spent.app * 1000 / n:7.1f} ms")
    print(f"  worker (Celery)      {spent.worker * 1000 / n:7.1f} ms")
    print(f"  PostgreSQL backends  {spent.pg * 1000 / n:7.1f} ms")
    print(f"  total                {total:7.1f} ms   (target ≤ 80 ms)")
    print(
        f"baseline: a floor request costs {per_floor:.2f} ms (app {floor.app * 1000 / floor_runs:.2f} + "
        f"PostgreSQL {floor.pg * 1000 / floor_runs:.2f}); a paid checkout = {total / (8 * per_floor):.1f}× "
        "eight floor requests"
    )
    if failures or paid != len(numbers):
        sys.exit(f"FAILED: {len(failures)} failures, {len(numbers) - paid} orders not paid")


if __name__ == "__main__":
    main()
