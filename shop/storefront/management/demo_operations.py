"""Work for the back office in the demo: this fortnight's guest orders in every state operations meets, made
through the real services (checkout, the dummy gateway's events, shipping, delivery, returns, refunds), so
``/ops/`` has something to do at the first login: orders to ship, one half shipped, parcels on their way,
delivered orders, a return awaiting a decision, one received and refunded, and an order awaiting payment.

Idempotent: it does nothing when its orders exist (their emails end in ``DEMO_DOMAIN``)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from shop.catalog.models import ProductVariant
from shop.catalog.selectors import ProductFilter, product_list
from shop.checkout.services import LineInput, checkout_complete, checkout_create, checkout_shipping_address_update
from shop.orders.models import DeliveryConfirmation, Order, OrderEvent, OrderEventType
from shop.orders.services import (
    fulfillment_mark_delivered,
    order_fulfil,
    return_receive,
    return_request_create,
    return_request_decide,
)
from shop.payments.gateways.dummy_gateway import DummyGateway
from shop.payments.services import payment_event_process, payment_event_record
from shop.royalties.services import royalty_record_order, royalty_record_refund

DEMO_DOMAIN = "@guests.bashu.example"
# (name, email, province, city, district, street, phone, language)
GUESTS = [
    ("李娜", "li.na", "重庆市", "重庆市", "渝中区", "解放碑步行街88号", "13812345601", "zh-hans"),
    ("Emily Carter", "emily.carter", "四川省", "成都市", "锦江区", "春熙路12号", "13912345602", "en"),
    ("张伟", "zhang.wei", "四川省", "绵阳市", "涪城区", "临园路东段45号", "13712345603", "zh-hans"),
    ("刘洋", "liu.yang", "重庆市", "重庆市", "沙坪坝区", "三峡广场6号", "13612345604", "zh-hans"),
    ("Lucas Martin", "lucas.martin", "上海市", "上海市", "黄浦区", "南京东路300号", "13512345605", "en"),
    ("陈静", "chen.jing", "四川省", "乐山市", "市中区", "嘉定北路18号", "13412345606", "zh-hans"),
    ("王磊", "wang.lei", "北京市", "北京市", "东城区", "王府井大街138号", "13312345607", "zh-hans"),
    ("赵敏", "zhao.min", "四川省", "成都市", "武侯区", "武侯祠大街231号", "15012345608", "zh-hans"),
    ("Sophie Müller", "sophie.muller", "重庆市", "重庆市", "江北区", "观音桥步行街9号", "15112345609", "en"),
    ("孙悦", "sun.yue", "四川省", "德阳市", "旌阳区", "长江西路二段7号", "15212345610", "zh-hans"),
    ("周杰", "zhou.jie", "重庆市", "重庆市", "南岸区", "南滨路162号", "15312345611", "zh-hans"),
    ("黄丽", "huang.li", "广东省", "广州市", "天河区", "天河路208号", "15812345612", "zh-hans"),
]
# What happens to each guest's order, in order: see ``_play``.
STORIES = [
    "to_ship",
    "to_ship",
    "to_ship",
    "half_shipped",
    "in_transit",
    "in_transit",
    "delivered",
    "delivered",
    "return_requested",
    "returned",
    "awaiting_payment",
    "delivered",
]
CARRIERS = [
    ("sf", "SF{:013d}"),
    ("jd", "JDVA{:011d}"),
    ("zto", "75{:012d}"),
    ("ems", "11{:011d}"),
    ("yto", "YT{:013d}"),
]


def demo_operations_record() -> int:
    """Place and play the demo's back-office orders; returns how many it made (0 when they exist)."""
    if Order.objects.filter(email__endswith=DEMO_DOMAIN).exists():
        return 0
    products = list(product_list(filters=ProductFilter(available=True)).order_by("id"))
    variants = list(ProductVariant.objects.filter(product__in=products, stock__quantity__gte=20).order_by("id"))
    if len(variants) < 2:
        return 0
    rng = random.Random(1010)  # noqa: S311 - demo data: the same orders on every fresh demo
    now = timezone.now()
    for index, (guest, story) in enumerate(zip(GUESTS, STORIES, strict=True)):
        placed = now - datetime.timedelta(days=13 - index, hours=rng.randint(0, 8))
        chosen = rng.sample(variants, k=2 if story in ("half_shipped", "return_requested", "returned") else 1)
        _play(story, guest, [(variant, rng.randint(1, 2)) for variant in chosen], placed=placed, serial=index)
    return len(STORIES)


def _place(guest, lines, *, placed: datetime.datetime, pay: bool) -> Order:
    name, local, province, city, district, street, phone, language = guest
    checkout = checkout_create(
        lines=[LineInput(variant_id=variant.pk, quantity=quantity) for variant, quantity in lines],
        email=local + DEMO_DOMAIN,
        language_code=language,
    )
    address = {"full_name": name, "phone": phone, "province": province, "city": city, "district": district}
    checkout_shipping_address_update(checkout=checkout, address={**address, "street_address": street})
    result = checkout_complete(checkout_token=checkout.token)
    Order.objects.filter(pk=result.order.pk).update(created_at=placed)
    OrderEvent.objects.filter(order=result.order, type=OrderEventType.PLACED).update(created_at=placed)
    if pay:
        event = DummyGateway().outcome_event(payment=result.payment, succeeded=True)
        event.payload["created"] = int((placed + datetime.timedelta(minutes=3)).timestamp())
        payment_event_process(payment_event_id=payment_event_record(gateway=DummyGateway.name, event=event).pk)
        royalty_record_order(order_id=result.order.pk)  # the worker's task would do the same, once
    else:  # still payable: it would expire in half an hour, so it was placed just now
        Order.objects.filter(pk=result.order.pk).update(created_at=timezone.now())
    return Order.objects.get(pk=result.order.pk)


def _ship(order: Order, *, serial: int, at: datetime.datetime, lines=None):
    carrier, pattern = CARRIERS[serial % len(CARRIERS)]
    return order_fulfil(
        order=order,
        lines=lines,
        carrier=carrier,
        tracking_number=pattern.format(1_000_000 + serial * 7_919),
        shipped_at=min(at, timezone.now()),
    )


def _play(story: str, guest, lines, *, placed: datetime.datetime, serial: int) -> None:
    order = _place(guest, lines, placed=placed, pay=story != "awaiting_payment")
    if story in ("to_ship", "awaiting_payment"):
        return
    shipped_at = placed + datetime.timedelta(days=1)
    if story == "half_shipped":
        first = order.lines.order_by("id").first()
        _ship(order, serial=serial, at=shipped_at, lines=[(first.pk, first.quantity)])
        return
    parcel = _ship(order, serial=serial, at=shipped_at)
    if story == "in_transit":
        return
    fulfillment_mark_delivered(
        fulfillment=parcel,
        confirmation=DeliveryConfirmation.CUSTOMER,
        at=min(shipped_at + datetime.timedelta(days=2), timezone.now()),
    )
    if story == "delivered":
        return
    line = order.lines.order_by("id").first()
    request = return_request_create(order=order, lines=[(line.pk, 1)], reason=_return_reason(guest))
    if story == "return_requested":
        return
    return_request_decide(return_request=request, approve=True, comment="请寄回并注明退货编号，谢谢。")
    received = return_receive(return_request=request, lines=[(line.pk, 1, True)])
    royalty_record_refund(refund_id=received.refund.pk)  # the worker's task would do the same, once


def _return_reason(guest) -> str:
    return "The colour is darker than in the photo." if guest[7] == "en" else "颜色比图片深，想退一件。"
