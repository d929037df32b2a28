"""Mainland China's provincial-level divisions and phone/postcode rules for the address form."""

from __future__ import annotations

import re

# (Chinese name, English name), in the order of the national administrative-division code.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("北京市", "Beijing"),
    ("天津市", "Tianjin"),
    ("河北省", "Hebei"),
    ("山西省", "Shanxi"),
    ("内蒙古自治区", "Inner Mongolia"),
    ("辽宁省", "Liaoning"),
    ("吉林省", "Jilin"),
    ("黑龙江省", "Heilongjiang"),
    ("上海市", "Shanghai"),
    ("江苏省", "Jiangsu"),
    ("浙江省", "Zhejiang"),
    ("安徽省", "Anhui"),
    ("福建省", "Fujian"),
    ("江西省", "Jiangxi"),
    ("山东省", "Shandong"),
    ("河南省", "Henan"),
    ("湖北省", "Hubei"),
    ("湖南省", "Hunan"),
    ("广东省", "Guangdong"),
    ("广西壮族自治区", "Guangxi"),
    ("海南省", "Hainan"),
    ("重庆市", "Chongqing"),
    ("四川省", "Sichuan"),
    ("贵州省", "Guizhou"),
    ("云南省", "Yunnan"),
    ("西藏自治区", "Tibet"),
    ("陕西省", "Shaanxi"),
    ("甘肃省", "Gansu"),
    ("青海省", "Qinghai"),
    ("宁夏回族自治区", "Ningxia"),
    ("新疆维吾尔自治区", "Xinjiang"),
)
_BY_NAME = {name.lower(): zh for zh, en in PROVINCES for name in (zh, en)}

# Mainland mobile numbers: 11 digits starting 13–19, optionally written with +86/0086 and separators.
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_POSTAL_CODE = re.compile(r"^\d{6}$")


def province_normalize(value: str) -> str | None:
    """The Chinese name of a province given in Chinese or English, else None."""
    return _BY_NAME.get((value or "").strip().lower())


def mobile_normalize(value: str) -> str | None:
    """A mainland mobile number as 11 digits, or None when it is not one."""
    digits = re.sub(r"[\s\-()]", "", value or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits if _MOBILE.match(digits) else None


def postal_code_is_valid(value: str) -> bool:
    return bool(_POSTAL_CODE.match(value or ""))
