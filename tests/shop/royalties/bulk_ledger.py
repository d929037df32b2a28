"""A big month of sales written straight into PostgreSQL (INSERT … SELECT generate_series): 200,000 paid
order lines with their platform entries in a few seconds, for tests of statements that long.

Each line is one unit of a product at a price that varies with its number; the platform's entry is its share
of the line's base under one fixed set of weights (museum 10%, designer 8%, platform the rest), exactly as
the split would compute it for these prices (checked by the test that uses it against the ledger's own
reconciliation: every line's entries sum to its base)."""

from __future__ import annotations

import datetime

from django.db import connection

from shop.royalties.split import Payee, allocate, line_base

WEIGHTS_JSON = '{"museum-%(museum)s": "1/10", "designer-%(designer)s": "2/25", "platform": "41/50"}'


def bulk_month(*, lines: int, period: datetime.date, museum_id: int, designer_id: int) -> None:
    """``lines`` paid lines in ``period`` (one per order), with sale entries for the museum, the designer and
    the platform. PostgreSQL only."""
    from fractions import Fraction

    assert connection.vendor == "postgresql"
    weights = {
        Payee("museum", museum_id): Fraction(1, 10),
        Payee("designer", designer_id): Fraction(2, 25),
        Payee("platform"): Fraction(41, 50),
    }
    # One price per residue: the amounts come from the real split for each distinct price.
    prices = [1990 + 37 * index for index in range(100)]
    split = {price: allocate(line_base(total_minor=price, vat_rate_bp=1300), weights) for price in prices}
    values = ", ".join(
        f"({index}, {line_base(total_minor=price, vat_rate_bp=1300)}, "
        + ", ".join(str(split[price][payee]) for payee in weights)
        + ")"
        for index, price in enumerate(prices)
    )
    weights_json = WEIGHTS_JSON % {"museum": museum_id, "designer": designer_id}
    start = f"{period:%Y-%m-%d} 00:00:00+08"
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO orders_order (number, checkout_token, email, status, currency, subtotal_amount,
                shipping_amount, vat_amount, total_amount, language_code, ship_full_name, ship_phone,
                ship_country_code, ship_province, ship_city, ship_district, ship_street_address, ship_postal_code,
                created_at, paid_at)
            SELECT 'BK' || lpad(g::text, 10, '0'), gen_random_uuid(), 'bulk@example.com', 'paid', 'CNY', 0, 0, 0, 0,
                'en', '', '', 'CN', '', '', '', '', '',
                %s::timestamptz + (g %% 2500000) * interval '1 second',
                %s::timestamptz + (g %% 2500000) * interval '1 second'
            FROM generate_series(1, %s) g
            """,
            [start, start, lines],
        )
        cursor.execute(
            f"""
            WITH prices(i, base, museum, designer, platform) AS (VALUES {values})
            INSERT INTO orders_orderline (order_id, product_name_en, product_name_zh, variant_name, sku, quantity,
                quantity_fulfilled, quantity_refunded, unit_price_amount, discount_amount, total_amount, vat_rate_bp,
                currency,
                design_id_snapshot, licence_ids, royalty_snapshot)
            SELECT o.id, 'Bronze mask scarf ' || (o.id % 300), '青铜面具丝巾' || (o.id % 300),
                '', 'SKU-' || lpad((o.id % 300)::text, 5, '0'), 1, 0, 0,
                (1990 + 37 * (o.id % 100)) / 100.0, 0, (1990 + 37 * (o.id % 100)) / 100.0, 1300, 'CNY', 1,
                '[]', '{{}}'
            FROM orders_order o WHERE o.number LIKE 'BK%%'
            """  # noqa: S608 - the VALUES are integers computed above
        )
        cursor.execute(
            f"""
            WITH prices(i, base, museum, designer, platform) AS (VALUES {values}),
            lines AS (
                SELECT l.id, o.paid_at, p.* FROM orders_orderline l JOIN orders_order o ON o.id = l.order_id
                JOIN prices p ON p.i = o.id %% 100 WHERE o.number LIKE 'BK%%'
            )
            INSERT INTO royalties_royaltyentry (payee_type, museum_id, designer_id, kind, amount_minor, currency,
                idempotency_key, base_minor, weights, licence_ids, design_id, period, occurred_at, reference, memo,
                created_at, order_line_id, transfer_group)
            SELECT payee_type, museum_id, designer_id, 'sale', amount, 'CNY', 'sale:' || id || ':' || payee_key,
                base, %s::jsonb, '[]', 1, %s, paid_at, '', '', now(), id, ''
            FROM lines, LATERAL (VALUES
                ('museum', %s::bigint, NULL::bigint, museum, 'museum-' || %s),
                ('designer', NULL, %s::bigint, designer, 'designer-' || %s),
                ('platform', NULL, NULL, platform, 'platform')
            ) AS payees(payee_type, museum_id, designer_id, amount, payee_key)
            """,  # noqa: S608 - the VALUES are integers computed above
            [weights_json, period, museum_id, museum_id, designer_id, designer_id],
        )
