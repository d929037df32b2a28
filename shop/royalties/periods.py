"""Statement periods: calendar months in Asia/Shanghai (``ROYALTY_TIME_ZONE``), held as the month's first day."""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core.errors import ApplicationError
from shop.royalties.errors import RoyaltyErrorCode

_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def period_zone() -> ZoneInfo:
    return ZoneInfo(settings.ROYALTY_TIME_ZONE)


def period_parse(value: str, *, field: str = "period") -> datetime.date:
    """``"YYYY-MM"`` → the month's first day; anything else is an INVALID error naming ``field``."""
    match = _PERIOD.match(value.strip()) if isinstance(value, str) else None
    # Years up to 2999: the month after must exist (9999-12 has none) and nothing here reaches further.
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2999:
        raise ApplicationError(
            _("“%(value)s” is not a period; use YYYY-MM, e.g. 2026-03.") % {"value": value},
            code=RoyaltyErrorCode.INVALID,
            field=field,
        )
    return datetime.date(int(match.group(1)), int(match.group(2)), 1)


def period_label(period: datetime.date) -> str:
    return f"{period:%Y-%m}"


def period_of(moment: datetime.datetime) -> datetime.date:
    """The statement month an instant falls into, in Asia/Shanghai."""
    local = timezone.localtime(moment, period_zone())
    return local.date().replace(day=1)


def period_current(*, now: datetime.datetime | None = None) -> datetime.date:
    return period_of(now or timezone.now())


def period_next(period: datetime.date) -> datetime.date:
    return (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def period_previous(period: datetime.date) -> datetime.date:
    return (period - datetime.timedelta(days=1)).replace(day=1)


def period_bounds(period: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the month as aware datetimes in Asia/Shanghai."""
    zone = period_zone()
    start = datetime.datetime.combine(period, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(period_next(period), datetime.time.min, tzinfo=zone)
    return start, end
