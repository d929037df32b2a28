"""The designer portal through its pages: sign up, draft with relics, upload (multipart), submit,
then see the curator's request on the timeline and in the notifications."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from incubator import services
from incubator.models import Brief, DesignerProfile, Submission, SubmissionState
from shop.accounts.models import User
from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from tests.incubator import images
from tests.incubator.factories import make_approved, make_awaiting_museums, make_draft, make_submitted
from tests.outbox_helpers import outbox_run

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_visitor_signs_up_as_designer_with_a_profile(world):
    client = Client()
    response = client.post(
        "/incubator/signup/",
        {
            "email": "new.designer@example.com",
            "password": "a sturdy passphrase 42",
            "display_name": "Lin Yao",
            "bio": "Textile designer in Chengdu.",
            "portfolio_url": "https://example.com/lin",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.designer@example.com")
    assert user_has_role(user, Role.DESIGNER)
    assert DesignerProfile.objects.get(user=user).display_name == "Lin Yao"
    assert client.get("/incubator/submissions/").status_code == 200


def test_signup_with_a_taken_email_shows_an_error_and_creates_nothing(world):
    response = Client().post(
        "/incubator/signup/",
        {"email": world.designer.email, "password": "a sturdy passphrase 42", "display_name": "X"},
    )
    assert response.status_code == 200
    assert b"already exists" in response.content
    assert User.objects.filter(email=world.designer.email).count() == 1


def test_designer_drafts_uploads_and_submits_through_the_pages(world):
    client = _client(world.designer)
    response = client.post(
        "/incubator/submissions/new/",
        {
            "title": "Portrait brick notebook",
            "category": world.category.pk,
            "proposed_retail_price": "58.00",
            "estimated_unit_cost": "12.50",
            "usages": [world.solo_licence.pk],
            f"weight_{world.solo_licence.pk}": "100",
        },
    )
    assert response.status_code == 302, response.content
    submission = Submission.objects.get()
    edit = f"/incubator/submissions/{submission.pk}/edit/"
    assert response["Location"] == edit
    assert client.get(edit).status_code == 200

    # A GIF called .png is refused with a message; the revision is unchanged.
    gif = SimpleUploadedFile("cover.png", images.gif_bytes(), content_type="image/png")
    response = client.post(f"/incubator/submissions/{submission.pk}/images/", {"image": gif}, follow=True)
    assert b"Only JPEG, PNG or WebP" in response.content
    assert submission.current_revision.images.count() == 0

    photo = SimpleUploadedFile("photo.txt", images.jpeg_bytes(with_gps=True), content_type="text/plain")
    client.post(f"/incubator/submissions/{submission.pk}/images/", {"image": photo, "alt": "Front"})
    image = submission.current_revision.images.get()
    assert image.format == "JPEG"
    assert image.file.name.startswith("incubator/") and "photo" not in image.file.name

    response = client.post(f"/incubator/submissions/{submission.pk}/submit/", follow=True)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert "Portrait brick notebook" in response.content.decode()


def test_weights_that_do_not_sum_are_shown_on_the_form(world):
    client = _client(world.designer)
    response = client.post(
        "/incubator/submissions/new/",
        {
            "title": "Half",
            "category": world.category.pk,
            "usages": [world.solo_licence.pk],
            f"weight_{world.solo_licence.pk}": "50",
        },
    )
    assert response.status_code == 200
    assert (
        b'<span class="field-error" role="alert" id="usages-error">The shares of the relics must add up to 100%.'
        in (response.content)
    )
    assert not Submission.objects.exists()


def test_changes_requested_show_on_timeline_and_in_notifications(world):
    submission = make_submitted(world)
    curator = _client(world.curator)
    curator.post(
        f"/incubator/submissions/{submission.pk}/review/",
        {"decision": "REQUEST_CHANGES", "comment": "Use the whole tree"},
    )
    outbox_run()  # the worker notifies the designer
    designer = _client(world.designer)
    page = designer.get(f"/incubator/submissions/{submission.pk}/").content.decode()
    assert "Use the whole tree" in page
    assert "Revise and resubmit" in page
    notifications = designer.get("/incubator/notifications/").content.decode()
    assert "Use the whole tree" in notifications
    assert "1 unread" in notifications
    designer.post("/incubator/notifications/")
    assert "0 unread" in designer.get("/incubator/notifications/").content.decode()


def test_museum_staff_decide_from_their_queue(world):
    from tests.incubator.factories import make_awaiting_museums

    submission = make_awaiting_museums(world, licence=world.solo_licence)
    client = _client(world.chongqing_staff)
    assert b"Bronze tree scarf" in client.get("/incubator/approvals/").content
    client.post(f"/incubator/approvals/{submission.approvals.get().pk}/decide/", {"decision": "APPROVE"})
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED


def test_designer_sends_sample_photos_through_the_page(world):
    submission = make_approved(world)
    client = _client(world.designer)
    files = [
        SimpleUploadedFile("a.jpg", images.png_bytes(), content_type="image/jpeg"),
        SimpleUploadedFile("b.webp", images.webp_bytes(), content_type="image/webp"),
    ]
    client.post(f"/incubator/submissions/{submission.pk}/sample/", {"images": files, "note": "First run"})
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SAMPLE_SUBMITTED
    assert sorted(submission.samples.get().images.values_list("format", flat=True)) == ["PNG", "WEBP"]


def test_relic_library_shows_licence_terms_in_plain_words(world):
    page = _client(world.designer).get("/incubator/relics/").content.decode()
    assert world.solo_licence.reference in page
    assert f"Allowed: {world.category.name_en}." in page
    assert f"Museums: 12% of net sales, split {world.chongqing.name_en} 40% / {world.sichuan.name_en} 60%." in page
    assert f"Museum: 10% of net sales, to {world.chongqing.name_en}." in page
    assert "Your rate: <strong>" in page


def test_curator_launches_and_publishes_from_the_page(world):
    from shop.catalog.selectors import product_is_available, product_queryset_annotated
    from tests.incubator.factories import make_sample_approved

    submission = make_sample_approved(world)
    client = _client(world.curator)
    client.post(
        f"/incubator/submissions/{submission.pk}/launch/",
        {
            "sku": "BRICK-NB-1",
            "name": "A5",
            "variant_name_zh": "A5 本",
            "price": "58.00",
            "stock": "30",
            "slug": "brick-notebook",
            "name_en": "Brick notebook",
            "name_zh": "画像砖笔记本",
            "description_en": "A notebook.",
            "description_zh": "一本笔记本。",
        },
    )
    submission.refresh_from_db()
    assert submission.state == SubmissionState.LAUNCHED
    assert not submission.product.is_published
    client.post(f"/incubator/submissions/{submission.pk}/publish/", {"published": "1"})
    assert product_is_available(product_queryset_annotated().get(slug="brick-notebook"))


def test_oversized_upload_is_refused_from_its_declared_length(world, settings):
    from tests.incubator.factories import make_draft

    settings.INCUBATOR_MAX_UPLOAD_BYTES = 10_000
    submission = make_draft(world)
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * 200_000, content_type="image/png")
    response = _client(world.designer).post(
        f"/incubator/submissions/{submission.pk}/images/", {"image": big}, follow=True
    )
    assert b"larger than" in response.content
    assert submission.current_revision.images.count() == 1


def test_an_oversized_upload_is_refused_before_the_csrf_check_reads_its_body(world, settings):
    """With CSRF enforced as in production: the declared size is checked first (no body parsed, no 403),
    and an acceptable upload still needs its CSRF token."""
    from tests.incubator.factories import make_draft

    settings.INCUBATOR_MAX_UPLOAD_BYTES = 10_000
    submission = make_draft(world)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.designer)
    url = f"/incubator/submissions/{submission.pk}/images/"
    big = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * 200_000, content_type="image/png")
    response = browser.post(url, {"image": big})
    assert response.status_code == 302 and response["Location"].endswith("/edit/")
    small = SimpleUploadedFile("small.jpg", images.jpeg_bytes(), content_type="image/jpeg")
    assert browser.post(url, {"image": small}).status_code == 403  # no token: CSRF still applies
    assert submission.current_revision.images.count() == 1


def test_review_queue_lists_what_waits_for_a_curator_first_and_no_drafts(world):
    """The queue was everything newest first: a submission to review sank below the designers' unsubmitted
    drafts and the work already with the museums or the designer."""
    to_review = make_submitted(world)
    with_the_designer = make_approved(world)  # the designer's turn: the sample
    draft = make_draft(world)

    page = _client(world.curator).get("/incubator/review/").context["page"]

    assert [s.pk for s in page.object_list] == [to_review.pk, with_the_designer.pk]
    drafts = _client(world.curator).get("/incubator/review/", {"state": "draft"}).context["page"]
    assert [s.pk for s in drafts.object_list] == [draft.pk]


@pytest.mark.parametrize(("who", "offered"), [("designer", True), ("curator", False), ("chongqing_staff", False)])
def test_answer_this_brief_is_offered_to_designers_not_to_curators_or_museum_staff(world, who, offered):
    """Curators and museum staff were offered "Answer this brief", which sent them to the designer sign-up."""
    brief = Brief.objects.create(title="Han bricks", text="Notebooks.", created_by=world.curator)

    page = _client(getattr(world, who)).get("/incubator/briefs/").content.decode()

    assert brief.title in page
    assert (f"/incubator/submissions/new/?brief={brief.pk}" in page) is offered


def test_timeline_names_the_museums_asked_in_the_page_language(world, settings):
    """The step that asks the museums showed its stored note, their English names, as a quote on the Chinese page."""
    submission = make_submitted(world, licence=world.solo_licence)  # a Chongqing relic only
    services.submission_review(submission=submission, actor=world.curator, decision="APPROVE")
    client = _client(world.designer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    timeline = client.get(f"/incubator/submissions/{submission.pk}/").content.decode().split('class="timeline"')[1]

    assert f"已请求审批的博物馆： {world.chongqing.name_zh}" in timeline
    assert world.chongqing.name_en not in timeline


@pytest.mark.parametrize(
    ("make", "who", "url", "decision", "message"),
    [
        (
            make_awaiting_museums,
            "chongqing_staff",
            "/incubator/approvals/{approval}/decide/",
            "DECLINE",
            "请说明博物馆拒绝的原因。",
        ),
        (
            make_submitted,
            "curator",
            "/incubator/submissions/{submission}/review/",
            "REQUEST_CHANGES",
            "请说明需要修改的地方。",
        ),
    ],
    ids=["museum-declines-without-a-reason", "curator-asks-for-changes-without-a-reason"],
)
def test_a_refusal_reads_in_chinese_on_the_chinese_pages(world, settings, make, who, url, decision, message):
    """The portal's refusals came from the services in English only: "Say why the museum declines." on a Chinese
    page."""
    submission = make(world, licence=world.solo_licence)
    approval = submission.approvals.first()
    client = _client(getattr(world, who))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    page = client.post(
        url.format(approval=approval.pk if approval else 0, submission=submission.pk),
        {"decision": decision},
        follow=True,
    )

    assert message in page.content.decode()
