"""The shipping address: a mainland-China address, validated field by field, stored on the checkout."""

from __future__ import annotations

from django.db import transaction

from shop.checkout.errors import CheckoutErrorCode as Code
from shop.checkout.models import Checkout
from shop.checkout.regions import mobile_normalize, postal_code_is_valid, province_normalize
from shop.checkout.services.lines import checkout_lock
from shop.core.errors import ApplicationError, ValidationFailed
from shop.orders.services import ShippingAddress


def shipping_address_clean(address: dict) -> ShippingAddress:
    """Validate a mainland-China address; raises ``ValidationFailed`` listing every bad field.

    Province in Chinese or English (stored in Chinese), city and district required, mobile
    number of mainland China (stored as 11 digits), optional 6-digit postcode."""
    get = {key: str(address.get(key) or "").strip() for key in address}
    errors: list[ApplicationError] = []
    limits = {
        "full_name": 120,
        "phone": 32,
        "province": 64,
        "city": 64,
        "district": 64,
        "street_address": 255,
        "postal_code": 16,
    }
    for field in ("full_name", "phone", "province", "city", "district", "street_address"):
        if not get.get(field):
            errors.append(ApplicationError("This field is required.", code=Code.REQUIRED, field=field))
    for field, limit in limits.items():
        if len(get.get(field, "")) > limit:
            errors.append(ApplicationError(f"At most {limit} characters.", code=Code.INVALID, field=field))
    country = (get.get("country_code") or "CN").upper()
    if country != "CN":
        errors.append(ApplicationError("We ship within mainland China only.", code=Code.INVALID, field="country_code"))
    province = province_normalize(get.get("province", ""))
    if get.get("province") and province is None:
        errors.append(ApplicationError("Choose a province from the list.", code=Code.INVALID, field="province"))
    phone = mobile_normalize(get.get("phone", ""))
    if get.get("phone") and phone is None:
        errors.append(
            ApplicationError(
                "Enter a mainland China mobile number (11 digits starting with 1).",
                code=Code.INVALID_PHONE,
                field="phone",
            )
        )
    if get.get("postal_code") and not postal_code_is_valid(get["postal_code"]):
        errors.append(ApplicationError("A postcode has 6 digits.", code=Code.INVALID_POSTAL_CODE, field="postal_code"))
    if errors:
        raise ValidationFailed(errors)
    return ShippingAddress(
        full_name=get["full_name"],
        phone=phone or "",
        country_code=country,
        province=province or "",
        city=get["city"],
        district=get["district"],
        street_address=get["street_address"],
        postal_code=get.get("postal_code", ""),
    )


def checkout_shipping_address_update(*, checkout: Checkout, address: dict) -> Checkout:
    """Validate and store the shipping address (see ``shipping_address_clean``)."""
    clean = shipping_address_clean(address)
    with transaction.atomic():
        checkout = checkout_lock(checkout)
        checkout.ship_full_name = clean.full_name
        checkout.ship_phone = clean.phone
        checkout.ship_country_code = clean.country_code
        checkout.ship_province = clean.province
        checkout.ship_city = clean.city
        checkout.ship_district = clean.district
        checkout.ship_street_address = clean.street_address
        checkout.ship_postal_code = clean.postal_code
        checkout.save()
    return checkout


def address_of(checkout: Checkout) -> ShippingAddress:
    return ShippingAddress(
        full_name=checkout.ship_full_name,
        phone=checkout.ship_phone,
        country_code=checkout.ship_country_code or "CN",
        province=checkout.ship_province,
        city=checkout.ship_city,
        district=checkout.ship_district,
        street_address=checkout.ship_street_address,
        postal_code=checkout.ship_postal_code,
    )
