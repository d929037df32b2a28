"""The incubator as the catalogue's provenance source (``shop.catalog.provenance``): designers' public credits
and the museums' approvals of the designs their agreements made."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from incubator.models import ApprovalStatus, DesignerProfile, MuseumApproval
from shop.catalog.provenance import ApprovalCredit, DesignerCredit


class IncubatorProvenance:
    def designer_credits(self, *, user_ids: list[int]) -> dict[int, DesignerCredit]:
        credits = {}
        for profile in DesignerProfile.objects.filter(user_id__in=user_ids).select_related("user"):
            url = reverse("designers:detail", args=[profile.slug]) if profile.slug else ""
            credits[profile.user_id] = DesignerCredit(profile.user_id, profile.name, url)
        return credits

    def design_approvals(self, *, design_ids: list[int]) -> dict[int, list[ApprovalCredit]]:
        # The approvals of the revision the agreement fixed (the current one: an approved submission is never
        # edited again), not a yes to an earlier revision that another museum then declined.
        approvals = (
            MuseumApproval.objects.filter(
                status=ApprovalStatus.APPROVED,
                submission__agreement__design_id__in=design_ids,
                revision_id=F("submission__current_revision_id"),
            )
            .select_related("museum", "submission__agreement")
            .order_by("decided_at", "museum_id")
        )
        result: dict[int, list[ApprovalCredit]] = {}
        for approval in approvals:
            design_id = approval.submission.agreement.design_id
            result.setdefault(design_id, []).append(
                ApprovalCredit(approval.museum_id, approval.museum.name, timezone.localdate(approval.decided_at))
            )
        return result
