"""Template filters of the storefront: prices in yuan, the page's language tag, card pictures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import template
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from shop.catalog.models import Product
from shop.catalog.selectors import product_is_available
from shop.collection.models import Relic, RightsStatement
from shop.core.money import Money, round_half_up_to
from shop.storefront.provenance import product_museums

register = template.Library()


# rightsstatements.org labels, in the shopper's language (the model keeps the canonical English).
RIGHTS_LABELS = {
    RightsStatement.IN_COPYRIGHT: _("In Copyright"),
    RightsStatement.IN_COPYRIGHT_EDU: _("In Copyright - Educational Use Permitted"),
    RightsStatement.IN_COPYRIGHT_NC: _("In Copyright - Non-Commercial Use Permitted"),
    RightsStatement.NO_COPYRIGHT_CONTRACTUAL: _("No Copyright - Contractual Restrictions"),
    RightsStatement.NO_COPYRIGHT_NC: _("No Copyright - Non-Commercial Use Only"),
    RightsStatement.NO_COPYRIGHT_OTHER: _("No Copyright - Other Known Legal Restrictions"),
    RightsStatement.COPYRIGHT_NOT_EVALUATED: _("Copyright Not Evaluated"),
}


@register.filter
def yuan(value: Decimal | Money | int | str | None) -> str:
    """``Decimal("1280.5")`` → ``"¥1,280.50"``: exact, two decimals, halves rounded up. Floats are
    refused (money is never a float); nothing or a non-number renders as an empty string."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Money is never a float")
    if isinstance(value, Money):
        value = value.amount
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not amount.is_finite():
        return ""
    return f"¥{round_half_up_to(amount, places=2):,.2f}"


@register.filter
def bcp47(language_code: str | None) -> str:
    """Django's ``zh-hans`` → the HTML ``lang`` value ``zh-Hans``."""
    if not language_code:
        return "en"
    primary, _, rest = language_code.partition("-")
    if not rest:
        return primary.lower()
    return f"{primary.lower()}-{rest.title() if len(rest) == 4 else rest.upper()}"


@dataclass(frozen=True, slots=True)
class Cover:
    """The picture a card shows: a public image file and its alt text."""

    file: FieldFile
    alt: str


@register.filter
def product_relics(product: Product) -> list[Relic]:
    """The relics a product's design draws on, each once, from the prefetched usages."""
    relics: dict[int, Relic] = {}
    for usage in product.design.usages.all():
        relics.setdefault(usage.licence.relic_id, usage.licence.relic)
    return list(relics.values())


@register.filter
def relic_cover(relic: Relic) -> Cover | None:
    """The relic's first public, watermarked preview (never its private original)."""
    previews = getattr(relic, "preview_images", None) or []
    return Cover(previews[0].preview, previews[0].alt or relic.name) if previews else None


@register.filter
def product_cover(product: Product) -> Cover | None:
    """The product's first photograph, else the preview of the first relic it draws on."""
    gallery = getattr(product, "gallery", None) or []
    if gallery:
        return Cover(gallery[0].image, gallery[0].alt or product.name)
    for relic in product_relics(product):
        cover = relic_cover(relic)
        if cover:
            return cover
    return None


@register.filter
def percent_bp(basis_points) -> str:
    """1000 → "10%", 1250 → "12.5%": basis points as people read them."""
    if basis_points in (None, ""):
        return ""
    return f"{(Decimal(int(basis_points)) / 100).normalize():f}%"


@register.filter
def museums_of(product: Product) -> list:
    """Every museum involved in a product (each licensor of each licence its design uses), in id order."""
    return product_museums(product)


@register.filter
def is_available(product: Product) -> bool:
    return product_is_available(product)


@register.filter
def rights_label(code: str) -> str:
    """The rightsstatements.org label of ``code`` in the active language."""
    label = RIGHTS_LABELS.get(code)
    return str(label) if label is not None else code
