from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from shop.collection.errors import CollectionErrorCode
from shop.collection.models import Licence, LicenceStatus, LicensorShare, Museum, Relic, Territory
from shop.core.errors import ApplicationError
from shop.core.money import BASIS_POINTS


def _validate_shares(shares: Sequence[tuple[Museum, int]]) -> None:
    if not shares:
        raise ApplicationError(
            "A licence needs at least one licensor museum.", code=CollectionErrorCode.REQUIRED, field="shares"
        )
    museums = [museum.pk for museum, _ in shares]
    if len(set(museums)) != len(museums):
        raise ApplicationError(
            "A museum may appear only once among the licensors.", code=CollectionErrorCode.INVALID, field="shares"
        )
    for _, share_bp in shares:
        if not isinstance(share_bp, int) or not 1 <= share_bp <= BASIS_POINTS:
            raise ApplicationError(
                "Each licensor share must be between 1 and 10000 basis points.",
                code=CollectionErrorCode.RATE_OUT_OF_RANGE,
                field="shares",
            )
    total = sum(share_bp for _, share_bp in shares)
    if total != BASIS_POINTS:
        raise ApplicationError(
            f"Licensor shares must sum to 10000 basis points (got {total}).",
            code=CollectionErrorCode.SHARES_DO_NOT_SUM,
            field="shares",
        )


@transaction.atomic
def licence_create(
    *,
    relic: Relic,
    reference: str,
    museum_rate_bp: int,
    shares: Sequence[tuple[Museum, int]],
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    territory: str = Territory.MAINLAND_CHINA,
    status: str = LicenceStatus.ACTIVE,
) -> Licence:
    """Create a licence with its licensor shares. Guarantees: shares sum to exactly 10000 bp,
    one share per museum, rate within 0..10000 bp, a valid date range."""
    if not isinstance(museum_rate_bp, int) or not 0 <= museum_rate_bp <= BASIS_POINTS:
        raise ApplicationError(
            "The museum royalty rate must be between 0 and 10000 basis points.",
            code=CollectionErrorCode.RATE_OUT_OF_RANGE,
            field="museum_rate_bp",
        )
    _validate_shares(shares)
    licence = Licence(
        relic=relic,
        reference=reference,
        museum_rate_bp=museum_rate_bp,
        valid_from=valid_from,
        valid_until=valid_until,
        territory=territory,
        status=status,
    )
    try:
        licence.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        code = CollectionErrorCode.UNIQUE if field == "reference" else CollectionErrorCode.INVALID
        raise ApplicationError(messages[0], code=code, field=field) from exc
    licence.save()
    LicensorShare.objects.bulk_create(
        LicensorShare(licence=licence, museum=museum, share_bp=share_bp) for museum, share_bp in shares
    )
    return licence


@transaction.atomic
def licence_set_shares(*, licence: Licence, shares: Sequence[tuple[Museum, int]]) -> Licence:
    """Replace the licensor shares of a licence, with the same guarantees as ``licence_create``."""
    _validate_shares(shares)
    Licence.objects.select_for_update().get(pk=licence.pk)
    licence.shares.all().delete()
    LicensorShare.objects.bulk_create(
        LicensorShare(licence=licence, museum=museum, share_bp=share_bp) for museum, share_bp in shares
    )
    return licence


def licence_set_status(*, licence: Licence, status: str) -> Licence:
    """Suspend, expire or reactivate a licence."""
    if status not in LicenceStatus.values:
        raise ApplicationError(f"Unknown licence status {status!r}.", code=CollectionErrorCode.INVALID, field="status")
    licence.status = status
    licence.save(update_fields=["status"])
    return licence
