"""The launch: an approved sample becomes a product of the agreement's design (bilingual, unpublished), and its
publication."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from incubator.errors import IncubatorErrorCode
from incubator.models import Submission, SubmissionState
from incubator.services.notifications import notify
from incubator.services.review import _require_curator
from incubator.services.submissions import _lock, submission_link
from incubator.services.workflow import Actor, submission_transition, transition_check
from shop.catalog.models import Product
from shop.catalog.services import product_create, product_image_add, product_publish, variant_create
from shop.collection.models import localized
from shop.core.errors import ApplicationError

S = SubmissionState
Code = IncubatorErrorCode


@dataclass(frozen=True, slots=True)
class LaunchVariant:
    sku: str
    name: str
    price: Decimal
    stock: int
    name_zh: str = ""


def _require_text(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, code=Code.REQUIRED, field=field)
    return value


@transaction.atomic
def submission_launch(
    *,
    submission: Submission,
    actor,
    variants: Sequence[LaunchVariant],
    slug: str = "",
    name_zh: str = "",
    description_zh: str = "",
    name_en: str = "",
    description_en: str | None = None,
) -> Product:
    """Turn an approved sample into a product of the agreement's design, with its variants and stock,
    unpublished until a curator publishes it. The prototype images become the product's pictures.
    The shop is bilingual: the name, the description (when there is one) and every variant's name are
    required in English and Chinese (English defaults to the submission's title and description).
    Any invalid variant (price, SKU taken, stock, a missing name) refuses the whole launch."""
    _require_curator(actor, submission)
    submission = _lock(submission)
    transition_check(submission=submission, to_state=S.LAUNCHED, actor_kind=Actor.CURATOR)
    if not variants:
        raise ApplicationError("A product needs at least one variant.", code=Code.REQUIRED, field="variants")
    if len(variants) > 100:
        raise ApplicationError("At most 100 variants.", code=Code.INVALID, field="variants")
    revision = submission.current_revision
    design = submission.agreement.design
    name_en = _require_text(
        name_en or revision.title, field="name_en", message=gettext("The name is required in both languages.")
    )
    name_zh = _require_text(name_zh, field="name_zh", message=gettext("The name is required in both languages."))
    description_en = (revision.description if description_en is None else description_en or "").strip()
    description_zh = (description_zh or "").strip()
    if description_en or description_zh:
        description_en = _require_text(
            description_en, field="description_en", message=gettext("The description is required in both languages.")
        )
        description_zh = _require_text(
            description_zh, field="description_zh", message=gettext("The description is required in both languages.")
        )
    for variant in variants:
        _require_text(
            variant.name, field="variants", message=gettext("A variant's name is required in both languages.")
        )
        _require_text(
            variant.name_zh, field="variants", message=gettext("A variant's name is required in both languages.")
        )
    product = product_create(
        slug=(slug or "").strip() or f"{slugify(revision.title)[:80] or 'design'}-{submission.pk}",
        name_en=name_en,
        name_zh=name_zh,
        description_en=description_en,
        description_zh=description_zh,
        design=design,
        is_published=False,
    )
    for position, variant in enumerate(variants):
        variant_create(
            product=product,
            sku=(variant.sku or "").strip(),
            price_amount=variant.price,
            stock_quantity=variant.stock,
            name_en=(variant.name or "").strip(),
            name_zh=(variant.name_zh or "").strip(),
            currency=revision.currency,
            position=position,
        )
    for image in revision.images.all():
        # Through the catalogue's own pipeline: re-encoded as a shop photo, every thumbnail made now.
        with image.file.open("rb") as stored:
            product_image_add(
                product=product,
                image_file=ContentFile(stored.read(), name=f"launch.{image.extension}"),
                alt_en=image.alt or name_en,
                alt_zh=name_zh,
                position=image.position,
            )
    submission.product = product
    submission.save(update_fields=["product", "updated_at"])
    submission_transition(submission=submission, to_state=S.LAUNCHED, actor_kind=Actor.CURATOR, actor=actor)
    return product


@transaction.atomic
def submission_publish(*, submission: Submission, actor, published: bool = True) -> Product:
    """Publish (or hide) the product of a launched submission."""
    _require_curator(actor, submission)
    submission = _lock(submission)
    if submission.state != S.LAUNCHED or submission.product is None:
        raise ApplicationError("Only a launched design has a product to publish.", code=Code.INVALID_TRANSITION)
    product = product_publish(product=submission.product, published=published)
    if published:
        notify(
            users=[submission.designer],
            text=lambda: gettext("“%(product)s” is now on sale.") % {"product": localized(product, "name")},
            subject=lambda: gettext("Your design “%(title)s”") % {"title": submission.current_revision.title},
            link=submission_link(submission),
            key=f"published:{product.pk}",
        )
    return product
