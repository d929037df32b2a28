"""Every page of the portal, the review and the museum approvals, with the data that fills each one, for the
tests that render them all (in Chinese: every string translated; at a phone's width: nothing wider)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from incubator import services
from incubator.models import Brief
from shop.collection.services import relic_image_add, relic_image_tiles_generate
from tests.incubator import images
from tests.incubator.factories import (
    World,
    make_approved,
    make_draft,
    make_launched,
    make_sample_approved,
    make_submitted,
)


@dataclass(frozen=True)
class PortalPage:
    name: str
    who: str | None  # an attribute of World, or None for a visitor
    url: str


def _photo() -> SimpleUploadedFile:
    picture = Image.new("RGB", (1200, 800), (150, 110, 70))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


def portal_pages(world: World) -> list[PortalPage]:
    """Fill the portal (a brief, a relic photograph with its tiles, a submission in each step that has its own
    forms, a launched product on sale, a download in the log) and list its pages with who sees them."""
    relic = world.joint_licence.relic
    image = relic_image_add(relic=relic, image_file=_photo(), alt_en="Bronze", credit_line="© Sichuan Museum")
    relic_image_tiles_generate(relic_image_id=image.pk)
    Brief.objects.create(title="Stationery after Han bricks", text="Notebooks and bookmarks.", created_by=world.curator)
    draft = make_draft(world)
    services.relic_image_download(actor=world.designer, image=image, submission=draft)
    submitted = make_submitted(world)
    awaiting = make_submitted(world)
    services.submission_review(submission=awaiting, actor=world.curator, decision="APPROVE")
    changes = make_submitted(world)
    services.submission_review(submission=changes, actor=world.curator, decision="REQUEST_CHANGES", comment="Bolder.")
    sample = make_approved(world)
    services.submission_sample_submit(submission=sample, actor=world.designer, uploads=[images.jpeg_bytes()])
    ready = make_sample_approved(world)
    launched = make_launched(world)
    services.submission_publish(submission=launched, actor=world.curator)
    launched.refresh_from_db()
    slug = world.designer.designer_profile.slug

    def detail(submission) -> str:
        return f"/incubator/submissions/{submission.pk}/"

    return [
        PortalPage("home", None, "/incubator/"),
        PortalPage("signup", None, "/incubator/signup/"),
        PortalPage("briefs", None, "/incubator/briefs/"),
        PortalPage("designer-page", None, f"/designers/{slug}/"),
        PortalPage("designer-index", None, "/designers/"),
        PortalPage("product-provenance", None, f"/products/{launched.product.slug}/"),
        PortalPage("my-submissions", "designer", "/incubator/submissions/"),
        PortalPage("new-submission", "designer", "/incubator/submissions/new/"),
        PortalPage("edit-draft", "designer", f"/incubator/submissions/{draft.pk}/edit/"),
        PortalPage("draft", "designer", detail(draft)),
        PortalPage("changes-requested", "designer", detail(changes)),
        PortalPage("approved-sample-due", "designer", detail(make_approved(world))),
        PortalPage("library", "designer", "/incubator/relics/"),
        PortalPage(
            "library-filtered", "designer", f"/incubator/relics/?q={relic.name_en[:6]}&museum={world.sichuan.slug}"
        ),
        PortalPage("relic", "designer", f"/incubator/relics/{relic.slug}/"),
        PortalPage("profile", "designer", "/incubator/profile/"),
        PortalPage("notifications", "designer", "/incubator/notifications/"),
        PortalPage("review-queue", "curator", "/incubator/review/"),
        PortalPage("review-submitted", "curator", detail(submitted)),
        PortalPage("review-sample", "curator", detail(sample)),
        PortalPage("review-launch", "curator", detail(ready)),
        PortalPage("review-launched", "curator", detail(launched)),
        PortalPage("curator-approvals", "curator", "/incubator/approvals/"),
        PortalPage("curator-downloads", "curator", "/incubator/downloads/"),
        PortalPage("museum-approvals", "sichuan_staff", "/incubator/approvals/"),
        PortalPage("museum-approve", "sichuan_staff", detail(awaiting)),
        PortalPage("museum-downloads", "sichuan_staff", "/incubator/downloads/"),
        PortalPage("museum-relic", "sichuan_staff", f"/incubator/relics/{relic.slug}/"),
    ]
