"""Template helpers for order pages (the shopper's and the back office's): a timeline entry in words, a
line's product name in the page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from shop.orders.models import OrderLine
from shop.orders.timeline import order_event_text

register = template.Library()
register.filter("order_event_text", order_event_text)


@register.filter
def line_name(line: OrderLine) -> str:
    """The product's name as sold, in the page's language, with the variant."""
    if (get_language() or "").startswith("zh"):
        name, variant = line.product_name_zh, line.variant_name_zh or line.variant_name
    else:
        name, variant = line.product_name_en, line.variant_name
    return f"{name} · {variant}" if variant else name
