"""The collection: museums, relics, relic images, licences and their licensor shares.

Public surface: other apps call the collection app through this module (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and the image pipeline
(``imaging``, ``imagery``) and GraphQL types.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from easy_thumbnails.files import get_thumbnailer

from shop.accounts.roles import Role
from shop.accounts.services import user_grant_role
from shop.collection import imaging, tiles
from shop.collection.errors import CollectionErrorCode
from shop.collection.events import RELIC_IMAGE_ADDED
from shop.collection.models import (
    Licence,
    LicenceStatus,
    LicensorShare,
    Museum,
    MuseumStaff,
    Relic,
    RelicImage,
    RelicImageTiles,
    RightsStatement,
    Territory,
    TileSetKind,
)
from shop.core.errors import ApplicationError, application_error_from_validation, full_clean_or_refuse
from shop.core.money import BASIS_POINTS
from shop.core.outbox import event_publish


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
    full_clean_or_refuse(licence)
    licence.save()
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


def licence_validate_shares(*, shares: Sequence[tuple[Museum, int]]) -> None:
    """Raise unless ``shares`` make a valid set of licensor shares (the rule ``licence_create``
    applies): at least one, one per museum, each 1..10000 bp, summing to exactly 10000 bp.
    Used by the admin so that its inline forms refuse what the services refuse."""
    _validate_shares(shares)


@transaction.atomic
def museum_create(
    *,
    slug: str,
    name_en: str,
    name_zh: str,
    city_en: str = "",
    city_zh: str = "",
    description_en: str = "",
    description_zh: str = "",
    website: str = "",
) -> Museum:
    """Create a museum (a licensor). Guarantees: a unique slug and both names present."""
    museum = Museum(
        slug=slug,
        name_en=name_en,
        name_zh=name_zh,
        city_en=city_en,
        city_zh=city_zh,
        description_en=description_en,
        description_zh=description_zh,
        website=website,
    )
    full_clean_or_refuse(museum)
    museum.save()
    return museum


@transaction.atomic
def museum_staff_assign(*, user, museum: Museum) -> MuseumStaff:
    """Make ``user`` museum staff of ``museum`` (role granted; a user acts for one museum only)."""
    existing = MuseumStaff.objects.filter(user=user).first()
    if existing is not None and existing.museum_id != museum.pk:
        raise ApplicationError(
            "This user already acts for another museum.", code=CollectionErrorCode.INVALID, field="user"
        )
    membership = existing or MuseumStaff.objects.create(user=user, museum=museum)
    user_grant_role(user=user, role=Role.MUSEUM_STAFF)
    return membership


@transaction.atomic
def relic_create(
    *,
    museum: Museum,
    slug: str,
    accession_number: str,
    name_en: str,
    name_zh: str,
    period_en: str,
    period_zh: str,
    category: str,
    story_en: str = "",
    story_zh: str = "",
    is_featured: bool = False,
) -> Relic:
    """Create a relic. Guarantees: a known category, a unique slug, an accession number unique
    within its museum."""
    relic = Relic(
        museum=museum,
        slug=slug,
        accession_number=accession_number,
        name_en=name_en,
        name_zh=name_zh,
        period_en=period_en,
        period_zh=period_zh,
        category=category,
        story_en=story_en,
        story_zh=story_zh,
        is_featured=is_featured,
    )
    try:
        relic.full_clean()
    except ValidationError as exc:
        if "__all__" in exc.message_dict:
            raise ApplicationError(
                f"{museum.name_en} already has a relic with accession number {accession_number}.",
                code=CollectionErrorCode.UNIQUE,
                field="accession_number",
            ) from exc
        raise application_error_from_validation(exc) from exc
    relic.save()
    return relic


def relic_image_add(
    *,
    relic: Relic,
    image_file,
    alt_en: str,
    alt_zh: str = "",
    credit_line: str,
    rights_statement: str = RightsStatement.NO_COPYRIGHT_CONTRACTUAL,
    position: int | None = None,
) -> RelicImage:
    """Add a photograph to a relic.

    Guarantees: the upload is a real image (else INVALID on ``image``); its bytes are kept
    untouched in the private storage only (never under MEDIA_ROOT, never served); the public
    preview is at most 1600 px, watermarked with the programme and museum names, a JPEG with
    no EXIF, under an unguessable name; every thumbnail alias of the preview exists when this
    returns; ``relic_image.added`` is published, so the deep-zoom tiles follow in the worker. On failure no
    row is left and the files written are removed."""
    if not alt_en.strip():
        raise ApplicationError(
            "Describe the image (English alt text).", code=CollectionErrorCode.REQUIRED, field="alt_en"
        )
    if not credit_line.strip():
        raise ApplicationError("A credit line is required.", code=CollectionErrorCode.REQUIRED, field="credit_line")
    if rights_statement not in RightsStatement.values:
        raise ApplicationError(
            f"Unknown rights statement {rights_statement!r}.",
            code=CollectionErrorCode.INVALID,
            field="rights_statement",
        )
    picture = imaging.image_load(image_file)
    museum = relic.museum
    if position is None:
        position = relic.images.count()
    image = RelicImage(
        relic=relic,
        alt_en=alt_en.strip(),
        alt_zh=alt_zh.strip(),
        credit_line=credit_line.strip(),
        rights_statement=rights_statement,
        position=position,
    )
    try:
        image.original.save("original", imaging.original_bytes(image_file), save=False)
        preview = imaging.relic_preview_image(picture, museum_name_en=museum.name_en, museum_name_zh=museum.name_zh)
        image.preview.save("preview.jpg", imaging.jpeg_file(preview), save=False)
        with transaction.atomic():
            image.full_clean()
            image.save()
            imaging.thumbnails_generate(image.preview, source=preview)
            event_publish(RELIC_IMAGE_ADDED, relic_image_id=image.pk)
    except Exception:
        _relic_image_files_delete(image)
        raise
    return image


def _relic_image_files_delete(image: RelicImage) -> None:
    if image.preview:
        get_thumbnailer(image.preview).delete_thumbnails()
        image.preview.storage.delete(image.preview.name)
    if image.original:
        image.original.storage.delete(image.original.name)


def relic_image_tiles_generate(*, relic_image_id: int) -> int:
    """The reaction to ``relic_image.added``: write the deep-zoom tile sets of the image (the watermarked
    preview's, public; the original's, private) that do not exist yet; returns how many were made.

    Idempotent: a tile set is recorded only once all its files are stored, and a second writer that loses the
    race (the unique image+kind row) removes its own files. An image deleted meanwhile makes nothing."""
    image = RelicImage.objects.filter(pk=relic_image_id).first()
    if image is None:
        return 0
    made = 0
    for kind in (TileSetKind.PREVIEW, TileSetKind.ORIGINAL):
        if RelicImageTiles.objects.filter(image=image, kind=kind).exists():
            continue
        if not (image.preview if kind == TileSetKind.PREVIEW else image.original):
            continue
        pyramid = tiles.tiles_write(data=tiles.image_bytes(image, kind=kind), kind=kind)
        try:
            with transaction.atomic():
                RelicImageTiles.objects.create(
                    image=image,
                    kind=kind,
                    path=pyramid.path,
                    width=pyramid.width,
                    height=pyramid.height,
                    tile_size=pyramid.tile_size,
                    scale_factors=pyramid.scale_factors,
                    tile_count=pyramid.tile_count,
                )
        except IntegrityError:
            tiles.tiles_delete(path=pyramid.path, kind=kind)
            continue
        made += 1
    return made
