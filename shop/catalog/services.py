"""The catalogue: designs (licence usages and rates), products, variants, stock, photographs.

Public surface: other apps call the catalog app through this module (writes and business rules) and
``selectors`` (reads); besides those they use only its models, error codes and GraphQL types.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext
from easy_thumbnails.files import get_thumbnailer

from shop.catalog.errors import CatalogErrorCode
from shop.catalog.models import (
    Category,
    Design,
    DesignLicenceUsage,
    Product,
    ProductImage,
    ProductVariant,
    Stock,
    StockMovement,
    StockMovementReason,
)
from shop.collection import imaging
from shop.collection.models import Licence
from shop.core.errors import ApplicationError, full_clean_or_refuse
from shop.core.money import BASIS_POINTS


def design_validate_usages(
    *, category: Category, usages: Sequence[tuple[Licence, int]], designer_rate_bp: int, require_active: bool = True
) -> None:
    """Raise unless the usages and rates make a payable design.

    Guarantees on success: at least one usage, one per licence, weights 1..10000 summing to
    exactly 10000; every licence allows ``category`` (and is active when ``require_active``);
    the designer rate is 0..10000 bp; museum and designer rates together do not exceed 100%,
    so the platform's share is never negative.
    """
    if not usages:
        raise ApplicationError(
            "A design must use at least one licensed relic.", code=CatalogErrorCode.REQUIRED, field="usages"
        )
    licence_ids = [licence.pk for licence, _ in usages]
    if len(set(licence_ids)) != len(licence_ids):
        raise ApplicationError(
            "A licence may be used only once per design.", code=CatalogErrorCode.INVALID, field="usages"
        )
    for _, weight_bp in usages:
        if not isinstance(weight_bp, int) or not 1 <= weight_bp <= BASIS_POINTS:
            raise ApplicationError(
                "Each usage weight must be between 1 and 10000 basis points.",
                code=CatalogErrorCode.RATE_OUT_OF_RANGE,
                field="usages",
            )
    total = sum(weight_bp for _, weight_bp in usages)
    if total != BASIS_POINTS:
        raise ApplicationError(
            f"Usage weights must sum to 10000 basis points (got {total}).",
            code=CatalogErrorCode.WEIGHTS_DO_NOT_SUM,
            field="usages",
        )
    if not isinstance(designer_rate_bp, int) or not 0 <= designer_rate_bp <= BASIS_POINTS:
        raise ApplicationError(
            "The designer rate must be between 0 and 10000 basis points.",
            code=CatalogErrorCode.RATE_OUT_OF_RANGE,
            field="designer_rate_bp",
        )
    allowed = set(
        Category.licences.through.objects.filter(licence_id__in=licence_ids, category=category).values_list(
            "licence_id", flat=True
        )
    )
    for licence, _ in usages:
        if licence.pk not in allowed:
            raise ApplicationError(
                f"Licence {licence.reference} does not allow the category “{category.name_en}”.",
                code=CatalogErrorCode.CATEGORY_NOT_LICENSED,
                field="usages",
            )
        if require_active and not licence.is_active_now():
            raise ApplicationError(
                f"Licence {licence.reference} is not active.", code=CatalogErrorCode.LICENCE_INACTIVE, field="usages"
            )
    # Exact in integers: Σ weight×rate / 10000² + designer / 10000 ≤ 1.
    museum_part = sum(weight_bp * licence.museum_rate_bp for licence, weight_bp in usages)
    if museum_part + designer_rate_bp * BASIS_POINTS > BASIS_POINTS * BASIS_POINTS:
        raise ApplicationError(
            "Museum and designer royalty rates together exceed 100% of the net sale.",
            code=CatalogErrorCode.RATES_EXCEED_TOTAL,
            field="designer_rate_bp",
        )


@transaction.atomic
def design_create(
    *,
    name: str,
    category: Category,
    usages: Sequence[tuple[Licence, int]],
    designer=None,
    designer_rate_bp: int = 0,
) -> Design:
    """Create a design from licence usages; see ``design_validate_usages`` for what it guarantees."""
    if designer is None and designer_rate_bp:
        raise ApplicationError(
            "A design without a designer cannot pay a designer royalty.",
            code=CatalogErrorCode.INVALID,
            field="designer_rate_bp",
        )
    design_validate_usages(category=category, usages=usages, designer_rate_bp=designer_rate_bp)
    design = Design(name=name, category=category, designer=designer, designer_rate_bp=designer_rate_bp)
    full_clean_or_refuse(design)
    design.save()
    DesignLicenceUsage.objects.bulk_create(
        DesignLicenceUsage(design=design, licence=licence, weight_bp=weight_bp) for licence, weight_bp in usages
    )
    return design


@transaction.atomic
def product_create(
    *,
    slug: str,
    name_en: str,
    name_zh: str,
    design: Design,
    description_en: str = "",
    description_zh: str = "",
    is_published: bool = False,
    is_featured: bool = False,
) -> Product:
    """Create a product of ``design`` in the design's category (unpublished unless asked)."""
    product = Product(
        slug=slug,
        name_en=name_en,
        name_zh=name_zh,
        description_en=description_en,
        description_zh=description_zh,
        category=design.category,
        design=design,
        is_published=is_published,
        is_featured=is_featured,
    )
    full_clean_or_refuse(product)
    product.save()
    return product


@transaction.atomic
def variant_create(
    *,
    product: Product,
    sku: str,
    price_amount: Decimal,
    stock_quantity: int = 0,
    name_en: str = "",
    name_zh: str = "",
    currency: str = "CNY",
    position: int = 0,
) -> ProductVariant:
    """Create a variant with its stock row. Prices are VAT-inclusive, positive, exact."""
    if isinstance(price_amount, float):
        raise TypeError("Money is never a float")
    price_amount = Decimal(price_amount)
    if price_amount <= 0 or price_amount != price_amount.quantize(Decimal("0.01")):
        raise ApplicationError(
            "The price must be a positive amount with at most two decimals.",
            code=CatalogErrorCode.INVALID,
            field="price",
        )
    if not isinstance(stock_quantity, int) or stock_quantity < 0:
        raise ApplicationError(
            "Stock must be a whole number of units, not negative.", code=CatalogErrorCode.INVALID, field="stock"
        )
    variant = ProductVariant(
        product=product,
        sku=sku,
        name_en=name_en,
        name_zh=name_zh,
        price_amount=price_amount,
        currency=currency,
        position=position,
    )
    full_clean_or_refuse(variant)
    variant.save()
    stock = Stock.objects.create(variant=variant, quantity=stock_quantity)
    if stock_quantity:
        stock_movement_record(stock=stock, delta=stock_quantity, reason=StockMovementReason.OPENING)
    return variant


@transaction.atomic
def stock_set_quantity(*, variant: ProductVariant, quantity: int, user=None) -> Stock:
    """Set on-hand stock (a recount, as the admin's variant form does); refused below what open orders
    already hold. The change is kept as a ``recount`` movement."""
    stock = Stock.objects.select_for_update().get(variant=variant)
    if not isinstance(quantity, int) or quantity < stock.quantity_allocated:
        raise ApplicationError(
            f"Stock cannot go below the {stock.quantity_allocated} units already allocated to orders.",
            code=CatalogErrorCode.INVALID,
            field="quantity",
        )
    delta = quantity - stock.quantity
    if delta:
        Stock.objects.filter(pk=stock.pk).update(quantity=quantity)
        stock.quantity = quantity
        stock_movement_record(stock=stock, delta=delta, reason=StockMovementReason.RECOUNT, user=user)
    return stock


# Reasons staff may give for an adjustment by hand; the others are written by the order services.
STOCK_ADJUST_REASONS = (
    StockMovementReason.RECOUNT,
    StockMovementReason.DAMAGED,
    StockMovementReason.RESTOCK,
    StockMovementReason.RETURN,
)
STOCK_MAX_DELTA = 100_000


def stock_adjust(*, variant_id: int, delta: int, reason: str, user=None, note: str = "", reference: str = "") -> Stock:
    """Add ``delta`` units (negative: take away) to a variant's on-hand stock, with a reason, as one movement.

    Refused, with nothing written: a delta of 0 or beyond ±100,000 (``INVALID``), a reason outside
    ``STOCK_ADJUST_REASONS`` (``INVALID``), an unknown variant (``NOT_FOUND``), a result below zero
    (``STOCK_NEGATIVE``) or below the units open orders hold (``STOCK_BELOW_ALLOCATED``). The row is
    locked, so concurrent adjustments and orders queue."""
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0 or abs(delta) > STOCK_MAX_DELTA:
        raise ApplicationError(
            gettext("Adjust by a whole number of units other than 0 (at most %(max)s either way).")
            % {"max": STOCK_MAX_DELTA},
            code=CatalogErrorCode.INVALID,
            field="delta",
        )
    if reason not in STOCK_ADJUST_REASONS:
        raise ApplicationError(
            gettext("Choose a reason: recount, damaged, restock or return."),
            code=CatalogErrorCode.INVALID,
            field="reason",
        )
    with transaction.atomic():
        stock = Stock.objects.select_for_update().filter(variant_id=variant_id).first()
        if stock is None:
            raise ApplicationError(gettext("No such variant."), code=CatalogErrorCode.NOT_FOUND, field="variant_id")
        after = stock.quantity + delta
        if after < 0:
            raise ApplicationError(
                gettext("Only %(quantity)s units are on hand; stock cannot go below zero.")
                % {"quantity": stock.quantity},
                code=CatalogErrorCode.STOCK_NEGATIVE,
                field="delta",
            )
        if after < stock.quantity_allocated:
            raise ApplicationError(
                gettext("Open orders hold %(allocated)s units; stock cannot go below that.")
                % {"allocated": stock.quantity_allocated},
                code=CatalogErrorCode.STOCK_BELOW_ALLOCATED,
                field="delta",
            )
        Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + delta)
        stock.quantity = after
        stock_movement_record(stock=stock, delta=delta, reason=reason, user=user, note=note, reference=reference)
    return stock


STOCK_MAX_THRESHOLD = 100_000


def stock_low_threshold_set(*, variant_id: int, threshold: int) -> Stock:
    """Set when a variant counts as low on stock (units available at or under ``threshold``; 0 to 100,000)."""
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 0 <= threshold <= STOCK_MAX_THRESHOLD:
        raise ApplicationError(
            gettext("The threshold is a whole number from 0 to %(max)s.") % {"max": STOCK_MAX_THRESHOLD},
            code=CatalogErrorCode.INVALID,
            field="threshold",
        )
    if not Stock.objects.filter(variant_id=variant_id).update(low_stock_threshold=threshold):
        raise ApplicationError(gettext("No such variant."), code=CatalogErrorCode.NOT_FOUND, field="variant_id")
    return Stock.objects.get(variant_id=variant_id)


def stock_movement_record(
    *, stock: Stock, delta: int, reason: str, user=None, note: str = "", reference: str = ""
) -> StockMovement:
    """Append the movement that took ``stock`` to its current ``quantity`` (the caller changed the row, under
    its lock, in this transaction; ``stock.quantity`` must be the quantity after the change)."""
    return StockMovement.objects.create(
        stock=stock,
        delta=delta,
        quantity_after=stock.quantity,
        reason=reason,
        note=note[:255],
        reference=reference[:64],
        user=user if user is not None and getattr(user, "is_authenticated", False) else None,
    )


def product_publish(*, product: Product, published: bool = True) -> Product:
    product.is_published = published
    product.save(update_fields=["is_published", "updated_at"])
    return product


@transaction.atomic
def category_create(*, slug: str, name_en: str, name_zh: str, position: int = 0) -> Category:
    """Create a product category with a unique slug and both names."""
    category = Category(slug=slug, name_en=name_en, name_zh=name_zh, position=position)
    full_clean_or_refuse(category)
    category.save()
    return category


def category_allow_licence(*, category: Category, licence: Licence) -> None:
    """Let designs in ``category`` use ``licence`` (idempotent)."""
    category.licences.add(licence)


def product_image_add(
    *, product: Product, image_file, alt_en: str = "", alt_zh: str = "", position: int | None = None
) -> ProductImage:
    """Add a photograph to a product.

    Guarantees: the upload is a real image (else INVALID on ``image``); what is stored is a
    re-encoded JPEG (at most 2000 px, upright, no EXIF or other metadata) under an unguessable
    name; every thumbnail alias exists when this returns. On failure no row or file is left."""
    picture = imaging.image_load(image_file)
    if position is None:
        position = product.images.count()
    image = ProductImage(product=product, alt_en=alt_en.strip(), alt_zh=alt_zh.strip(), position=position)
    try:
        photo = imaging.product_photo_image(picture)
        image.image.save("photo.jpg", imaging.jpeg_file(photo), save=False)
        with transaction.atomic():
            image.full_clean()
            image.save()
            imaging.thumbnails_generate(image.image, source=photo)
    except Exception:
        if image.image:
            get_thumbnailer(image.image).delete_thumbnails()
            image.image.storage.delete(image.image.name)
        raise
    return image
