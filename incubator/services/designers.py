"""Designers and briefs: a designer's profile (which makes them a designer) and the curators' calls for designs."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from incubator import selectors
from incubator.errors import IncubatorErrorCode
from incubator.models import (
    Brief,
    BriefStatus,
    DesignerProfile,
)
from incubator.services.submissions import _denied
from shop.accounts.roles import Role
from shop.accounts.services import user_role_self_grant
from shop.catalog.models import Category
from shop.collection import imaging
from shop.collection.models import Relic
from shop.core.errors import ApplicationError, full_clean_or_refuse

Code = IncubatorErrorCode


def _slug_for(profile: DesignerProfile) -> str:
    base = slugify(profile.display_name)[:60] or "designer"
    slug, number = base, 1
    while DesignerProfile.objects.filter(slug=slug).exclude(pk=profile.pk).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def designer_profile_save(
    *,
    user,
    display_name: str,
    bio: str = "",
    portfolio_url: str = "",
    payout_details: str = "",
    display_name_zh: str | None = None,
    bio_zh: str | None = None,
    avatar=None,
) -> DesignerProfile:
    """Create or update ``user``'s designer profile and make them a designer (idempotent); an account
    without a display name takes the profile's, which products credit. The public page's slug is made once,
    from the name, and never changes (links keep working). ``None`` leaves a field as it is; an ``avatar``
    upload is checked and re-encoded (no EXIF, at most 480 px) before anything is written. Refused
    (PERMISSION_DENIED, nothing written) for a staff account that is not a designer already: only an admin gives
    it that role."""
    user_role_self_grant(user=user, role=Role.DESIGNER)  # first: a refusal writes nothing
    if not display_name or not display_name.strip():
        raise ApplicationError("A display name is required.", code=Code.REQUIRED, field="display_name")
    picture = None
    if avatar is not None:
        try:
            picture = imaging.jpeg_file(imaging.avatar_image(imaging.image_load(avatar)))
        except ApplicationError as exc:
            raise ApplicationError(exc.message, code=Code.INVALID_IMAGE, field="avatar") from exc
    profile = DesignerProfile.objects.filter(user=user).first() or DesignerProfile(user=user)
    profile.display_name = display_name.strip()
    profile.bio = bio
    profile.portfolio_url = portfolio_url
    profile.payout_details = payout_details
    if display_name_zh is not None:
        profile.display_name_zh = display_name_zh.strip()
    if bio_zh is not None:
        profile.bio_zh = bio_zh
    if not profile.slug:
        profile.slug = _slug_for(profile)
    if picture is not None:
        profile.avatar.save("avatar.jpg", picture, save=False)
    full_clean_or_refuse(profile)
    profile.save()
    if picture is not None:
        imaging.thumbnails_generate(profile.avatar)  # the designers' index shows a thumbnail, rendered once here
    if not user.display_name:
        # Products credit the designer by the account's display name: never leave it blank.
        user.display_name = profile.display_name[:120]
        user.save(update_fields=["display_name"])
    return profile


@transaction.atomic
def brief_create(
    *,
    actor,
    title: str,
    text: str,
    relics: Sequence[Relic] = (),
    categories: Sequence[Category] = (),
    deadline: datetime.datetime | None = None,
) -> Brief:
    """A curator publishes a call for designs (open until closed or past its deadline)."""
    if not selectors.user_is_curator(actor):
        raise _denied()
    if deadline is not None and deadline <= timezone.now():
        raise ApplicationError("The deadline must be in the future.", code=Code.INVALID, field="deadline")
    brief = Brief(title=(title or "").strip(), text=(text or "").strip(), deadline=deadline, created_by=actor)
    full_clean_or_refuse(brief)
    brief.save()
    brief.relics.set(relics)
    brief.categories.set(categories)
    return brief


def brief_close(*, actor, brief: Brief) -> Brief:
    """Close a brief: it refuses new submissions from now on."""
    if not selectors.user_is_curator(actor):
        raise _denied()
    brief.status = BriefStatus.CLOSED
    brief.save(update_fields=["status"])
    return brief
