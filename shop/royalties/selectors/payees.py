"""Payees: how a ledger row names one, their display names, who may see whose statements."""

from __future__ import annotations

from django.db.models import Case, Q, Value, When

from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from shop.collection.models import Museum, MuseumStaff
from shop.orders.services import PAID_STATUSES as ORDER_PAID_STATUSES
from shop.royalties.models import (
    PayeeFields,
    PayeeType,
)
from shop.royalties.split import DESIGNER, MUSEUM, Payee

# Orders whose money came in (one home: ``shop.orders.services.PAID_STATUSES``).
PAID_STATUSES = tuple(sorted(ORDER_PAID_STATUSES))
_GROUP = ("payee_type", "museum_id", "designer_id", "currency")
# Museums first, then designers, then the platform: the split rule's tie order, which finance reads by.
PAYEE_ORDER = Case(
    When(payee_type=PayeeType.MUSEUM, then=Value(0)),
    When(payee_type=PayeeType.DESIGNER, then=Value(1)),
    default=Value(2),
)


def payee_filter(payee: Payee, prefix: str = "") -> Q:
    return Q(**{f"{prefix}{k}": v for k, v in PayeeFields.payee_columns(payee).items()})


def payees_filter(payees: list[Payee]) -> Q:
    """Entries (or statements) of any of ``payees``; an empty list matches nothing."""
    scope = Q(pk__in=[])
    for payee in payees:
        scope |= payee_filter(payee)
    return scope


def payee_from_row(row: dict) -> Payee:
    return Payee(row["payee_type"], row.get("museum_id") or row.get("designer_id"))


def payee_name(payee: Payee) -> str:
    """A display name: the museum's English name, the designer's display name, or the platform."""
    from shop.accounts.models import User

    if payee.kind == MUSEUM:
        museum = Museum.objects.filter(pk=payee.id).first()
        return f"{museum.name_en} {museum.name_zh}" if museum else payee.key
    if payee.kind == DESIGNER:
        user = User.objects.filter(pk=payee.id).first()
        return str(user) if user else payee.key
    return "Bashu Creative platform 巴蜀文创平台"


def payee_names(payees) -> dict[Payee, str]:
    """``payee_name`` for many payees in two queries (pages list dozens of payees)."""
    from shop.accounts.models import User

    payees = set(payees)
    museums = {
        museum.pk: f"{museum.name_en} {museum.name_zh}"
        for museum in Museum.objects.filter(pk__in=[p.id for p in payees if p.kind == MUSEUM])
    }
    designers = {
        user.pk: str(user) for user in User.objects.filter(pk__in=[p.id for p in payees if p.kind == DESIGNER])
    }
    names = {}
    for payee in payees:
        found = museums if payee.kind == MUSEUM else designers if payee.kind == DESIGNER else None
        names[payee] = payee_name(payee) if found is None else found.get(payee.id, payee.key)
    return names


def payee_exists(payee: Payee) -> bool:
    from shop.accounts.models import User

    if payee.kind == MUSEUM:
        return Museum.objects.filter(pk=payee.id).exists()
    if payee.kind == DESIGNER:
        return User.objects.filter(pk=payee.id).exists()
    return True


def payees_visible_to(user) -> list[Payee] | None:
    """The payees whose statements ``user`` may see: ``None`` means all (finance); may be empty."""
    if user_has_role(user, Role.FINANCE):
        return None
    payees: list[Payee] = []
    if user_has_role(user, Role.MUSEUM_STAFF):
        staff = MuseumStaff.objects.filter(user_id=user.pk).first()
        if staff is not None:
            payees.append(Payee(MUSEUM, staff.museum_id))
    if user_has_role(user, Role.DESIGNER):
        payees.append(Payee(DESIGNER, user.pk))
    return payees
