from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incubator import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def incubator_unread_count(context) -> int:
    """Unread notifications of the signed-in user, for the portal's navigation."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return selectors.notification_unread_count(user=request.user)


@register.simple_tag(takes_context=True)
def incubator_roles(context) -> dict:
    request = context.get("request")
    user = request.user if request else None
    return {
        "designer": bool(user and selectors.user_is_designer(user)),
        "curator": bool(user and selectors.user_is_curator(user)),
        "museum": selectors.staff_museum(user) if user else None,
    }


@register.filter
def percent(basis_points) -> str:
    """1000 → "10%", 1250 → "12.5%", 333 → "3.33%": basis points in words people read."""
    if basis_points in (None, ""):
        return ""
    value = (Decimal(int(basis_points)) / 100).normalize()
    return f"{value:f}%"


@register.simple_tag
def licence_terms(licence) -> str:
    """A licence's terms in plain words, in the active language: what the museums receive and how it is split,
    where and on what it may be used, until when."""
    shares = list(licence.shares.all())
    rate = percent(licence.museum_rate_bp)
    if len(shares) > 1:
        split = " / ".join(f"{share.museum.name} {percent(share.share_bp)}" for share in shares)
        parts = [_("Museums: %(rate)s of net sales, split %(split)s.") % {"rate": rate, "split": split}]
    else:
        museum = shares[0].museum.name if shares else ""
        parts = [_("Museum: %(rate)s of net sales, to %(museum)s.") % {"rate": rate, "museum": museum}]
    categories = [category.name for category in licence.allowed_categories.all()]
    if categories:
        parts.append(_("Allowed: %(categories)s.") % {"categories": _(", ").join(categories)})
    else:
        parts.append(_("No product category is allowed yet."))
    parts.append(_("Sold in: %(territory)s.") % {"territory": licence.get_territory_display()})
    if licence.valid_until:
        parts.append(_("Until %(date)s.") % {"date": date_format(licence.valid_until, "Y-m-d")})
    else:
        parts.append(_("No end date."))
    return " ".join(str(part) for part in parts)


@register.filter
def default_designer_rate_for(profile) -> str:
    """The rate a designer's new submissions start with (curators may agree another per design)."""
    return percent(settings.SHOP_DEFAULT_DESIGNER_RATE_BP)


@register.filter
def weight_of(form, licence) -> str:
    """The share (percent) the submission form shows beside a relic."""
    return form.weight_of(licence)
