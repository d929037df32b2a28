"""The mainland carriers the shop ships with: names, tracking-number formats, public tracking pages.

One home for "which carriers exist and what a tracking number of each looks like": the fulfilment
services, the manifest import, the pages and GraphQL all ask :func:`carrier_get`. The formats are
deliberately loose (a carrier's format changes over the years; a real number must never be refused)
but catch the usual slips: a number pasted under the wrong carrier, a stray character, a truncated
copy. Numbers are compared and stored in upper case without spaces or dashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shop.core.errors import ApplicationError
from shop.orders.errors import OrderErrorCode

TRACKING_MAX_LENGTH = 40
_SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True, slots=True)
class Carrier:
    code: str
    name: Promise  # in the reader's language
    tracking_url_template: str  # ``{number}`` is replaced by the URL-quoted tracking number
    number_format: re.Pattern[str]
    number_hint: Promise  # what a number of this carrier looks like, for error messages

    def tracking_url(self, number: str) -> str:
        return self.tracking_url_template.format(number=quote(number, safe=""))


CARRIERS: dict[str, Carrier] = {
    carrier.code: carrier
    for carrier in (
        Carrier(
            "sf",
            _("SF Express"),
            "https://www.sf-express.com/chn/sc/waybill/waybill-detail/{number}",
            re.compile(r"SF\d{12,13}|\d{12}"),
            _("SF and 12 or 13 digits (SF1234567890123), or 12 digits"),
        ),
        Carrier(
            "ems",
            _("EMS / China Post"),
            "https://www.ems.com.cn/queryList?mailNum={number}",
            re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}|\d{13}"),
            _("13 digits, or two letters, 9 digits and two letters (EA123456789CN)"),
        ),
        Carrier(
            "jd",
            _("JD Logistics"),
            "https://www.jdl.com/orderSearch/?waybillCodes={number}",
            re.compile(r"JD[A-Z0-9]{10,18}"),
            _("JD and 10 to 18 letters or digits (JDVA12345678901)"),
        ),
        Carrier(
            "zto",
            _("ZTO Express"),
            "https://www.zto.com/express/expressCheck.html?txtBill={number}",
            re.compile(r"\d{12,15}"),
            _("12 to 15 digits"),
        ),
        Carrier(
            "yto",
            _("YTO Express"),
            "https://www.yto.net.cn/gw/service/Consult.html?number={number}",
            re.compile(r"YT\d{10,16}"),
            _("YT and 10 to 16 digits (YT1234567890123)"),
        ),
        Carrier(
            "sto",
            _("STO Express"),
            "https://www.sto.cn/pc/service-page?type=1&billCode={number}",
            re.compile(r"\d{12,15}"),
            _("12 to 15 digits"),
        ),
        Carrier(
            "yunda",
            _("Yunda Express"),
            "https://www.yundaex.com/cn/track/index?number={number}",
            re.compile(r"\d{13}|\d{15}"),
            _("13 or 15 digits"),
        ),
    )
}
CARRIER_CHOICES = [(code, carrier.name) for code, carrier in CARRIERS.items()]
# What a manifest or an API client may call a carrier besides its code (case-insensitive).
_ALIASES = {
    "sf express": "sf",
    "sfexpress": "sf",
    "shunfeng": "sf",
    "顺丰": "sf",
    "顺丰速运": "sf",
    "china post": "ems",
    "chinapost": "ems",
    "邮政": "ems",
    "中国邮政": "ems",
    "jd logistics": "jd",
    "jdl": "jd",
    "京东": "jd",
    "京东物流": "jd",
    "中通": "zto",
    "中通快递": "zto",
    "圆通": "yto",
    "圆通速递": "yto",
    "申通": "sto",
    "申通快递": "sto",
    "韵达": "yunda",
    "韵达快递": "yunda",
    "韵达速递": "yunda",
}


def carrier_get(code: str | None, *, field: str = "carrier") -> Carrier:
    """The carrier named ``code`` (its code, or a common name such as 顺丰); ``UNKNOWN_CARRIER`` otherwise."""
    key = (code or "").strip().lower()
    carrier = CARRIERS.get(_ALIASES.get(key, key))
    if carrier is None:
        raise ApplicationError(
            gettext("Unknown carrier “%(carrier)s”; use one of %(known)s.")
            % {"carrier": (code or "")[:40], "known": ", ".join(CARRIERS)},
            code=OrderErrorCode.UNKNOWN_CARRIER,
            field=field,
        )
    return carrier


def tracking_number_clean(carrier: Carrier, number: str | None, *, field: str = "tracking_number") -> str:
    """``number`` in its stored form (upper case, no spaces or dashes), checked against the carrier's format;
    ``REQUIRED`` when empty, ``INVALID_TRACKING_NUMBER`` when it does not fit."""
    cleaned = _SEPARATORS.sub("", number or "").upper()
    if not cleaned:
        raise ApplicationError(gettext("Enter the tracking number."), code=OrderErrorCode.REQUIRED, field=field)
    if len(cleaned) > TRACKING_MAX_LENGTH or not carrier.number_format.fullmatch(cleaned):
        raise ApplicationError(
            gettext("“%(number)s” is not a %(carrier)s tracking number (%(hint)s).")
            % {"number": cleaned[:TRACKING_MAX_LENGTH], "carrier": carrier.name, "hint": carrier.number_hint},
            code=OrderErrorCode.INVALID_TRACKING_NUMBER,
            field=field,
        )
    return cleaned
