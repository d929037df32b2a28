"""Incubator reads, and who may see what: one set of rules for GraphQL, pages and image serving.

Curators see everything; a designer sees their own submissions; museum staff see the
submissions their museum has been asked to approve; everyone else sees nothing.

Public surface: this module (reads) and ``incubator.services`` are what the rest of the project may call
in the incubator; its models and error codes may be imported as types, everything else is its own.
"""

from __future__ import annotations

from django.db.models import OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from incubator.downloads import RelicImageDownload
from incubator.models import (
    Brief,
    BriefStatus,
    DesignerProfile,
    MuseumApproval,
    Notification,
    RevisionLicenceUsage,
    SampleImage,
    Submission,
    SubmissionImage,
    SubmissionRevision,
    SubmissionState,
)
from shop.accounts.models import User
from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from shop.catalog.selectors import product_on_sale_count
from shop.collection.imagery import thumbnail_ready_annotations
from shop.collection.models import Licence, Museum, Relic
from shop.collection.selectors import licence_active_q, museum_for_staff, relic_images_with_preview


def user_is_curator(user) -> bool:
    return user_has_role(user, Role.CURATOR)


def user_is_designer(user) -> bool:
    return user_has_role(user, Role.DESIGNER)


def staff_museum(user) -> Museum | None:
    """The museum a museum-staff user acts for (None for everyone else)."""
    if not user_has_role(user, Role.MUSEUM_STAFF):
        return None
    return museum_for_staff(user=user)


def submission_visible_q(*, user) -> Q | None:
    """A filter for the submissions ``user`` may see: ``Q()`` for all, ``None`` for none."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user_is_curator(user):
        return Q()
    visible = Q(designer=user)
    museum = staff_museum(user)
    if museum is not None:
        visible |= Q(pk__in=MuseumApproval.objects.filter(museum=museum).values("submission_id"))
    return visible


def _with_current(queryset: QuerySet[Submission]) -> QuerySet[Submission]:
    return queryset.select_related("designer", "brief", "current_revision__category", "product")


def submission_list_visible(
    *,
    user,
    state: str | None = None,
    designer_id: int | None = None,
    museum_slug: str | None = None,
) -> QuerySet[Submission]:
    """Submissions ``user`` may see, newest first, optionally filtered by state, designer and by the
    museum asked to approve them."""
    visible = submission_visible_q(user=user)
    if visible is None:
        return Submission.objects.none()
    queryset = Submission.objects.filter(visible)
    if state:
        queryset = queryset.filter(state=state)
    if designer_id is not None:
        queryset = queryset.filter(designer_id=designer_id)
    if museum_slug:
        queryset = queryset.filter(
            pk__in=MuseumApproval.objects.filter(museum__slug=museum_slug).values("submission_id")
        )
    return _with_current(queryset).order_by("-created_at", "-id")


def submission_get_visible(*, user, pk: int) -> Submission | None:
    """The submission if ``user`` may see it; None whether it is missing or hidden (nothing leaks)."""
    visible = submission_visible_q(user=user)
    if visible is None:
        return None
    return _with_current(Submission.objects.filter(visible).filter(pk=pk)).first()


def submission_list_for_designer(*, designer) -> QuerySet[Submission]:
    return _with_current(Submission.objects.filter(designer=designer)).order_by("-created_at", "-id")


def revision_list(*, submission: Submission) -> QuerySet[SubmissionRevision]:
    """Every revision, oldest first, with usages (licence, relic, museums) and images prefetched."""
    return (
        submission.revisions.select_related("category")
        .prefetch_related("usages__licence__relic__museum", "usages__licence__shares__museum", "images")
        .order_by("number")
    )


def revision_usages_with_relics(*, revision: SubmissionRevision | None) -> QuerySet:
    """The revision's licence usages with each relic, its museum and its public previews (``preview_images``):
    what a reviewer compares the prototype with."""
    if revision is None:
        return RevisionLicenceUsage.objects.none()
    return revision.usages.select_related("licence__relic__museum").prefetch_related(
        Prefetch("licence__relic__images", queryset=relic_images_with_preview(), to_attr="preview_images")
    )


def revision_museums(*, revision: SubmissionRevision) -> list[Museum]:
    """Every museum whose consent the revision needs: each licensor of each licence it uses."""
    return list(
        Museum.objects.filter(licensor_shares__licence__in=revision.usages.values("licence_id"))
        .distinct()
        .order_by("id")
    )


def approval_list_visible(*, user, status: str | None = None) -> QuerySet[MuseumApproval]:
    """Approval requests: museum staff see their museum's, curators all, others none."""
    if user_is_curator(user):
        queryset = MuseumApproval.objects.all()
    else:
        museum = staff_museum(user)
        if museum is None:
            return MuseumApproval.objects.none()
        queryset = MuseumApproval.objects.filter(museum=museum)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.select_related("museum", "revision", "submission__designer", "decided_by").order_by(
        "-created_at", "-id"
    )


def approval_get_visible(*, user, pk: int) -> MuseumApproval | None:
    return approval_list_visible(user=user).filter(pk=pk).first()


def image_get_visible(*, user, token) -> SubmissionImage | SampleImage | None:
    """A prototype or sample image by its token, if ``user`` may see it. Images of a launched
    submission are public; before launch only the designer, curators and the museums asked."""
    image = SubmissionImage.objects.select_related("revision__submission").filter(token=token).first()
    if image is not None:
        submission = image.revision.submission
    else:
        image = SampleImage.objects.select_related("sample__submission").filter(token=token).first()
        if image is None:
            return None
        submission = image.sample.submission
    if submission.state == SubmissionState.LAUNCHED:
        return image
    visible = submission_visible_q(user=user)
    if visible is None or not Submission.objects.filter(visible).filter(pk=submission.pk).exists():
        return None
    return image


def curator_list() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.CURATOR.value, is_active=True).distinct()


def design_museums(*, submission) -> QuerySet[Museum]:
    """The licensor museums of the design a submission's agreement fixed (none before the agreement)."""
    agreement = getattr(submission, "agreement", None)
    if agreement is None:
        return Museum.objects.none()
    return Museum.objects.filter(licensor_shares__licence__usages__design_id=agreement.design_id).distinct()


def museum_staff_list(*, museums) -> QuerySet[User]:
    return User.objects.filter(museum_staff__museum__in=museums, is_active=True).distinct()


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    queryset = Notification.objects.filter(user=user)
    return queryset.filter(read_at__isnull=True) if unread_only else queryset


def notification_unread_count(*, user) -> int:
    return notification_list(user=user, unread_only=True).count()


def brief_list(*, open_only: bool = False) -> QuerySet[Brief]:
    queryset = Brief.objects.prefetch_related("relics__museum", "categories")
    return queryset.filter(status=BriefStatus.OPEN) if open_only else queryset


def designer_profile_public(*, slug: str) -> DesignerProfile | None:
    """The designer with a public page at ``slug`` (an active account), or None."""
    return DesignerProfile.objects.filter(slug=slug, user__is_active=True).select_related("user").first()


def designer_profiles_public() -> QuerySet[DesignerProfile]:
    """Every designer with a public page (as :func:`designer_profile_public` finds them), each with
    ``products_on_sale`` (what their page lists) and whether their avatar's thumbnails are rendered; those with
    products on sale first, most first, then by name. One query for a page of them."""
    return (
        DesignerProfile.objects.filter(slug__isnull=False, user__is_active=True)
        .exclude(slug="")
        .annotate(
            products_on_sale=Coalesce(product_on_sale_count(designer_id=OuterRef("user_id")), 0),
            **thumbnail_ready_annotations(field="avatar"),
        )
        .order_by("-products_on_sale", "display_name", "id")
    )


def designer_profile_for(*, user) -> DesignerProfile | None:
    if not user.is_authenticated:
        return None
    return DesignerProfile.objects.filter(user=user).first()


def relic_library(
    *,
    search: str = "",
    museum: str = "",
    category: str = "",
    period: str = "",
    product_category: str = "",
) -> QuerySet[Relic]:
    """Relics with at least one active licence, with their previews and active licences (their
    allowed categories and licensors) prefetched: what a designer may work with today. Filtered by a search
    over both languages' names, periods and stories and the accession number, a museum (slug; a licensor of
    an active licence counts too), a relic category, a period (either language) and a product category (slug)
    an active licence allows. A fixed number of queries however many relics."""
    licences = Licence.objects.filter(licence_active_q())
    if museum:
        licences = licences.filter(Q(relic__museum__slug=museum) | Q(shares__museum__slug=museum))
    if product_category:
        licences = licences.filter(allowed_categories__slug=product_category)
    active = Licence.objects.filter(licence_active_q()).prefetch_related("allowed_categories", "shares__museum")
    queryset = Relic.objects.filter(pk__in=licences.values("relic_id"))
    if category:
        queryset = queryset.filter(category=category)
    if period:
        queryset = queryset.filter(Q(period_en__icontains=period) | Q(period_zh__icontains=period))
    term = (search or "").strip()
    if term:
        queryset = queryset.filter(
            Q(name_en__icontains=term)
            | Q(name_zh__icontains=term)
            | Q(period_en__icontains=term)
            | Q(period_zh__icontains=term)
            | Q(story_en__icontains=term)
            | Q(story_zh__icontains=term)
            | Q(accession_number__iexact=term)
        )
    return (
        queryset.select_related("museum")
        .prefetch_related(
            Prefetch("images", queryset=relic_images_with_preview(), to_attr="preview_images"),
            Prefetch("licences", queryset=active, to_attr="active_licences"),
        )
        .order_by("museum_id", "name_en", "id")
    )


def relic_library_periods() -> list[str]:
    """The periods of licensed relics, in the active language, for the library's filter."""
    relics = Relic.objects.filter(pk__in=Licence.objects.filter(licence_active_q()).values("relic_id"))
    return sorted({relic.period for relic in relics.only("period_en", "period_zh")})


def relic_library_get(*, slug: str) -> Relic | None:
    """A licensed relic of the library with its previews and active licences, or None."""
    return relic_library().filter(slug=slug).first()


def user_may_zoom_original(*, user, relic: Relic) -> bool:
    """Who zooms a relic's unwatermarked original: designers with a designer profile, curators, and the staff
    of the museum that keeps the relic. Everyone else zooms the watermarked preview."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user_is_curator(user):
        return True
    museum = staff_museum(user)
    if museum is not None and museum.pk == relic.museum_id:
        return True
    return user_is_designer(user) and DesignerProfile.objects.filter(user=user).exists()


def download_submissions(*, user, relic: Relic) -> QuerySet[Submission]:
    """``user``'s submissions that give a reason to download ``relic``'s original: their current revision uses
    one of its licences and they are neither withdrawn nor rejected (``services.imagery`` checks it again)."""
    if user is None or not user.is_authenticated:
        return Submission.objects.none()
    return (
        Submission.objects.filter(designer=user, current_revision__usages__licence__relic=relic)
        .exclude(state__in=[SubmissionState.WITHDRAWN, SubmissionState.REJECTED])
        .select_related("current_revision")
        .distinct()
        .order_by("-created_at", "-id")
    )


def download_log_visible(*, user) -> QuerySet[RelicImageDownload]:
    """The download audit log: curators read all of it, museum staff the downloads of their museum's relics,
    everyone else nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return RelicImageDownload.objects.none()
    queryset = RelicImageDownload.objects.select_related(
        "designer", "image__relic__museum", "submission__current_revision"
    ).order_by("-created_at", "-id")
    if user_is_curator(user):
        return queryset
    museum = staff_museum(user)
    if museum is None:
        return RelicImageDownload.objects.none()
    return queryset.filter(image__relic__museum=museum)


def licence_list_usable() -> QuerySet[Licence]:
    """Active licences, for the submission form's relic picker: with the relic, its museum and previews, the
    licensor shares and allowed categories loaded up front (a fixed number of queries however many)."""
    return (
        Licence.objects.filter(licence_active_q())
        .select_related("relic__museum")
        .prefetch_related(
            Prefetch("relic__images", queryset=relic_images_with_preview(), to_attr="preview_images"),
            "shares__museum",
            "allowed_categories",
        )
        .order_by("relic__museum_id", "relic__name_en", "id")
    )
