"""Packing slips: one order a page, A4 or A5, bilingual (English and Chinese), for the orders chosen on the
list. The Chinese is drawn with an embedded TrueType subset (``shop.core.fonts.pdf_cjk_font``) so every
printer prints the same glyphs."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core.errors import ApplicationError, ErrorCode
from shop.core.fonts import pdf_cjk_font
from shop.orders.models import Order
from shop.orders.selectors import order_lines_to_ship

MAX_ORDERS = 100


def packing_slips_pdf(*, numbers: list[str], size: str = "A4") -> bytes:
    """The PDF of the orders ``numbers`` (in that order, unknown ones left out), one page each.
    ``REQUIRED`` without numbers, ``INVALID`` over ``MAX_ORDERS``, ``NOT_FOUND`` when none exists."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, A5
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    if not numbers:
        raise ApplicationError(_("Tick the orders to print."), code=ErrorCode.REQUIRED, field="number")
    if len(numbers) > MAX_ORDERS:
        raise ApplicationError(
            _("Print at most %(max)s packing slips at a time.") % {"max": MAX_ORDERS},
            code=ErrorCode.INVALID,
            field="number",
        )
    found = {order.number: order for order in Order.objects.filter(number__in=numbers).prefetch_related("lines")}
    orders = [found[number] for number in dict.fromkeys(numbers) if number in found]
    if not orders:
        raise ApplicationError(_("None of these orders exists."), code=ErrorCode.NOT_FOUND, field="number")

    font = pdf_cjk_font()
    pagesize = A5 if size == "A5" else A4
    width, height = pagesize
    scale = 0.8 if size == "A5" else 1.0
    margin = 12 * mm * scale
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=pagesize)
    pdf.setTitle("Packing slips 装箱单")
    pdf.setAuthor("Bashu Creative 巴蜀文创")

    def text(x, y, value, points, *, right=False):
        pdf.setFont(font, points * scale)
        (pdf.drawRightString if right else pdf.drawString)(x, y, value)

    for page, order in enumerate(orders, start=1):
        to_ship = order_lines_to_ship(order=order)
        band = 22 * mm * scale
        pdf.setFillColor(colors.HexColor("#1f1a15"))
        pdf.rect(0, height - band, width, band, stroke=0, fill=1)
        pdf.setFillColor(colors.HexColor("#f7f2e8"))
        text(margin, height - band + 9 * mm * scale, "Packing slip 装箱单", 15)
        text(width - margin, height - band + 9 * mm * scale, "Bashu Creative 巴蜀文创", 10, right=True)
        pdf.setFillColor(colors.black)
        y = height - band - 12 * mm * scale
        text(margin, y, f"{order.number}", 18)
        placed = timezone.localtime(order.created_at).strftime("%Y-%m-%d")
        text(width - margin, y, f"Placed 下单 {placed}", 9, right=True)
        y -= 10 * mm * scale
        text(margin, y, "Ship to 收货人", 9)
        y -= 6 * mm * scale
        address = [
            f"{order.ship_full_name}  {order.ship_phone}",
            f"{order.ship_province} {order.ship_city} {order.ship_district}",
            f"{order.ship_street_address} {order.ship_postal_code}".strip(),
        ]
        for line in address:
            text(margin, y, line, 11)
            y -= 6 * mm * scale
        y -= 4 * mm * scale
        columns = (margin, margin + 38 * mm * scale, width - margin - 22 * mm * scale, width - margin)
        text(columns[0], y, "SKU", 8)
        text(columns[1], y, "Item 商品", 8)
        text(columns[2], y, "Ordered 订购", 8, right=True)
        text(columns[3], y, "Pack 装箱", 8, right=True)
        pdf.line(margin, y - 2 * mm * scale, width - margin, y - 2 * mm * scale)
        y -= 7 * mm * scale
        item_width = columns[2] - columns[1] - 16 * mm * scale
        for line in order.lines.all():
            name = f"{line.product_name_en} / {line.product_name_zh}"
            if line.variant_name:
                name += f" · {line.variant_name}"
            wrapped = simpleSplit(name, font, 9 * scale, item_width)
            if y - 5 * mm * scale * len(wrapped) < 30 * mm * scale:
                text(columns[1], y, "… continued on the order page 余下见订单页面", 8)
                break
            text(columns[0], y, line.sku, 9)
            text(columns[2], y, str(line.quantity), 10, right=True)
            text(columns[3], y, str(to_ship.get(line.pk, 0)), 12, right=True)
            for part in wrapped:
                text(columns[1], y, part, 9)
                y -= 5 * mm * scale
            y -= 2 * mm * scale
        pdf.setFillColor(colors.grey)
        footer = 18 * mm * scale
        text(
            margin,
            footer,
            f"Returns within {settings.ORDER_RETURN_WINDOW_DAYS} days of delivery, from your order page. "
            f"收货后 {settings.ORDER_RETURN_WINDOW_DAYS} 天内可在订单页面申请退货。",
            7,
        )
        text(margin, footer - 5 * mm * scale, "Thank you for supporting the museums 感谢您对博物馆的支持", 7)
        text(width - margin, footer - 5 * mm * scale, f"{page} / {len(orders)}", 7, right=True)
        pdf.setFillColor(colors.black)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()
