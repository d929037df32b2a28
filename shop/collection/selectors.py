from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from shop.collection.models import Licence, LicenceStatus, Museum


def licence_active_q(*, day: datetime.date | None = None, prefix: str = "") -> Q:
    """A ``Q`` matching licences active on ``day`` (today in Asia/Shanghai by default).

    ``prefix`` reaches the licence through a relation, e.g. ``"usages__licence__"``.
    """
    day = day or timezone.localdate()
    return (
        Q(**{f"{prefix}status": LicenceStatus.ACTIVE})
        & Q(**{f"{prefix}valid_from__lte": day})
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}))
    )


def licence_list_active(*, day: datetime.date | None = None) -> QuerySet[Licence]:
    return Licence.objects.filter(licence_active_q(day=day))


def museum_for_staff(*, user) -> Museum | None:
    """The museum a museum-staff user acts for, or None."""
    if user is None or not user.is_authenticated:
        return None
    membership = getattr(user, "museum_staff", None)
    return membership.museum if membership else None
