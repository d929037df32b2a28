"""Placing an order: numbers, the catalogue snapshot a line keeps, and the unpaid order with its stock."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.catalog.models import ProductVariant
from shop.core.money import Money, net_of_vat_minor
from shop.core.outbox import event_publish
from shop.orders.events import ORDER_PLACED
from shop.orders.models import Allocation, Order, OrderEvent, OrderEventType, OrderLine
from shop.orders.services.stock import may_commit_here, stock_allocate

_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def order_number_new() -> str:
    """A fresh order number: ``BC`` and 10 unambiguous characters (~10^15 values)."""
    return "BC" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(10))


def order_line_snapshot(*, variant: ProductVariant) -> dict:
    """Everything an order line keeps of the catalogue at sale time, including the royalty terms
    (the shape documented on ``OrderLine``). ``variant`` should come with its product, design,
    usages, licences and shares prefetched."""
    product = variant.product
    design = product.design
    usages = []
    for usage in design.usages.all():
        licence = usage.licence
        usages.append(
            {
                "licence_id": licence.pk,
                "weight_bp": usage.weight_bp,
                "museum_rate_bp": licence.museum_rate_bp,
                "shares": sorted([share.museum_id, share.share_bp] for share in licence.shares.all()),
            }
        )
    return {
        "product_name_en": product.name_en,
        "product_name_zh": product.name_zh,
        "variant_name": variant.name_en or variant.name_zh,
        "variant_name_zh": variant.name_zh or variant.name_en,
        "sku": variant.sku,
        "design_id_snapshot": design.pk,
        "licence_ids": [usage["licence_id"] for usage in usages],
        "royalty_snapshot": {
            "design_id": design.pk,
            "designer_id": design.designer_id,
            "designer_rate_bp": design.designer_rate_bp,
            "usages": usages,
        },
    }


@dataclass(frozen=True, slots=True)
class ShippingAddress:
    full_name: str
    phone: str
    country_code: str
    province: str
    city: str
    district: str
    street_address: str
    postal_code: str = ""


@dataclass(frozen=True, slots=True)
class OrderLineRequest:
    variant: ProductVariant  # with product, design, usages, licences, shares prefetched
    quantity: int
    unit_price: Decimal


def order_place(
    *,
    checkout_token: uuid.UUID,
    email: str,
    user,
    address: ShippingAddress,
    lines: Sequence[OrderLineRequest],
    language_code: str = "en",
    before_stock: Callable[[Order], object] | None = None,
    commit: bool = False,
) -> Order:
    """Create an unpaid order for ``lines``, allocating their stock, inside the caller's transaction.

    Guarantees: stock is allocated for every line or nothing is written (``InsufficientStock``);
    lines snapshot names, SKU, price, VAT rate, design, licences and royalty terms; totals are
    stored; the order expires ``ORDER_UNPAID_TTL_MINUTES`` after placement unless paid;
    ``order.placed`` is published. The stock rows are written last (``stock_allocate``), so a hot
    variant's row is locked only from that statement to the caller's COMMIT: callers write nothing after
    this returns, and pass what they must write with the order as ``before_stock`` (called with the order,
    its lines written). A fixed number of statements however many lines (plus one per extra stock row).
    On ``InsufficientStock`` the caller's transaction must roll back (it has the order's rows).

    With ``commit`` the stock write also commits the caller's transaction, in the same round trip
    (``stock_allocate(commit=True)``: PostgreSQL, the caller's outermost ``atomic`` block, every line's stock row
    selected with its variant); the caller must then do nothing between this call and the end of its block,
    and a short row raises ``InsufficientStockAtCommit`` (nothing committed; free units to be read after the
    rollback), and the order is inserted without a savepoint, so a number collision raises ``IntegrityError``
    (``orders_order_number_key``, nothing committed) for the caller to place the order again."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("order_place must run inside the checkout's transaction")
    quantities: dict[int, int] = {}
    for line in lines:
        quantities[line.variant.pk] = quantities.get(line.variant.pk, 0) + line.quantity

    currency = settings.SHOP_CURRENCY
    vat_rate_bp = settings.SHOP_VAT_RATE_BP
    subtotal = Money(Decimal(0), currency)
    vat_minor = 0
    for line in lines:
        line_total = Money(line.unit_price, currency) * line.quantity
        subtotal += line_total
        vat_minor += line_total.minor - net_of_vat_minor(line_total.minor, vat_rate_bp=vat_rate_bp)
    now = timezone.now()
    order = Order(
        checkout_token=checkout_token,
        user=user if user is not None and user.is_authenticated else None,
        email=email,
        currency=currency,
        subtotal_amount=subtotal.amount,
        shipping_amount=Decimal(0),
        vat_amount=Money.from_minor(vat_minor, currency).amount,
        total_amount=subtotal.amount,
        language_code=language_code,
        ship_full_name=address.full_name,
        ship_phone=address.phone,
        ship_country_code=address.country_code,
        ship_province=address.province,
        ship_city=address.city,
        ship_district=address.district,
        ship_street_address=address.street_address,
        ship_postal_code=address.postal_code,
        created_at=now,
        expires_at=now + timedelta(minutes=settings.ORDER_UNPAID_TTL_MINUTES),
    )
    if commit and may_commit_here():
        # No savepoint around the insert (two round trips inside the transaction): in the caller's own transaction a
        # number collision (~1 in 10^15) raises IntegrityError on ``orders_order_number_key``, the transaction is
        # rolled back whole, and the caller places the order again.
        order.number = order_number_new()
        order.save(force_insert=True)
    else:
        for attempt in range(5):
            order.number = order_number_new()
            try:
                with transaction.atomic():
                    order.save(force_insert=True)
                break
            except IntegrityError:
                if Order.objects.filter(checkout_token=checkout_token).exists() or attempt == 4:
                    raise
                order.pk = None
    order_lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant=line.variant,
            quantity=line.quantity,
            unit_price_amount=line.unit_price,
            total_amount=(Money(line.unit_price, currency) * line.quantity).amount,
            vat_rate_bp=vat_rate_bp,
            currency=currency,
            **order_line_snapshot(variant=line.variant),
        )
        for line in lines
    )
    OrderEvent.objects.create(order=order, type=OrderEventType.PLACED, data={"total": str(order.total_amount)})
    event_publish(ORDER_PLACED, order_id=order.pk)
    # The stock rows the lines came with (selected with the variants) let the allocations be written before
    # the rows are locked; otherwise they follow the lock.
    if before_stock is not None:
        before_stock(order)
    known = {line.variant.pk: _stock_id(line.variant) for line in lines}
    stock_ids = {variant_id: stock_id for variant_id, stock_id in known.items() if stock_id is not None}
    if len(stock_ids) == len(quantities):
        _allocations_create(order_lines, stock_ids)
        stock_allocate(quantities=quantities, stock_ids=stock_ids, commit=commit)
    else:
        _allocations_create(order_lines, stock_allocate(quantities=quantities, stock_ids=stock_ids))
    return order


def _stock_id(variant: ProductVariant) -> int | None:
    stock = variant._state.fields_cache.get("stock")
    return stock.pk if stock is not None else None


def _allocations_create(order_lines: list[OrderLine], stock_ids: dict[int, int]) -> None:
    Allocation.objects.bulk_create(
        Allocation(order_line=line, stock_id=stock_ids[line.variant_id], quantity=line.quantity) for line in order_lines
    )
