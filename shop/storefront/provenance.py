"""What a product page tells a buyer about where a design comes from and where their money goes.

``purchase_split`` answers "what this purchase pays" for one unit of a variant at its price with the royalty
split engine itself (``shop.royalties.split``) on the very snapshot an order line would keep
(``shop.orders.services.order_line_snapshot``): the figures are what the ledger would record for that sale, not
a restatement of the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from shop.catalog.models import Product, ProductVariant
from shop.collection.models import Museum
from shop.core.money import Money
from shop.orders.services import order_line_snapshot
from shop.royalties.split import DESIGNER, MUSEUM, PLATFORM, allocate, line_base, payee_weights


@dataclass(frozen=True, slots=True)
class Payment:
    """One payee's part of a purchase."""

    kind: str  # museum, designer, platform
    museum: Museum | None
    amount: Money


@dataclass(frozen=True, slots=True)
class PurchaseSplit:
    price: Money  # what the buyer pays, VAT included
    base: Money  # the royalty base: the price net of VAT
    vat_rate_bp: int
    payments: list[Payment]

    @property
    def museum_payments(self) -> list[Payment]:
        return [payment for payment in self.payments if payment.kind == MUSEUM]

    @property
    def designer_payment(self) -> Payment | None:
        return next((payment for payment in self.payments if payment.kind == DESIGNER), None)

    @property
    def platform_payment(self) -> Payment | None:
        return next((payment for payment in self.payments if payment.kind == PLATFORM), None)


def product_museums(product: Product) -> list[Museum]:
    """Every museum with a share in a licence the product's design uses, each once, in id order (from the
    prefetched usages and shares)."""
    museums: dict[int, Museum] = {}
    for usage in product.design.usages.all():
        for share in usage.licence.shares.all():
            museums.setdefault(share.museum_id, share.museum)
    return [museums[museum_id] for museum_id in sorted(museums)]


def purchase_split(*, product: Product, variant: ProductVariant) -> PurchaseSplit:
    """One unit of ``variant`` at its price, split between the museums, the designer and the platform exactly as
    the royalty ledger would split that sale. ``product`` comes with its design's usages, licences and shares
    prefetched (``product_get_for_page``)."""
    variant.product = product
    snapshot = order_line_snapshot(variant=variant)["royalty_snapshot"]
    currency = variant.currency
    price = Money(Decimal(variant.price_amount), currency)
    vat_rate_bp = settings.SHOP_VAT_RATE_BP
    base = line_base(total_minor=price.minor, vat_rate_bp=vat_rate_bp)
    amounts = allocate(base, payee_weights(snapshot))
    museums = {museum.pk: museum for museum in product_museums(product)}
    payments = [
        Payment(payee.kind, museums.get(payee.id) if payee.kind == MUSEUM else None, Money.from_minor(minor, currency))
        for payee, minor in amounts.items()
    ]
    return PurchaseSplit(price=price, base=Money.from_minor(base, currency), vat_rate_bp=vat_rate_bp, payments=payments)
