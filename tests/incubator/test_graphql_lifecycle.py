"""The whole life of a design through GraphQL: draft → … → launched and on sale, with a relic held
jointly by two museums (both must approve) and one round of changes requested by a museum."""

import pytest
from django.core import mail
from django.test import Client

from incubator.models import DesignAgreement, Notification, Submission
from shop.catalog.models import Product
from shop.catalog.selectors import product_is_available, product_queryset_annotated
from shop.core.models import OutboxMessage
from tests.incubator import images
from tests.incubator.gql import SUBMISSION_FRAGMENT, b64, gid, gql
from tests.outbox_helpers import outbox_run

pytestmark = pytest.mark.django_db

CREATE = (
    """mutation($input: SubmissionCreateInput!) { submissionCreate(input: $input) {
  errors { field code message } submission { ...S } } }"""
    + SUBMISSION_FRAGMENT
)
UPDATE = (
    """mutation($id: ID!, $input: SubmissionInput!) { submissionUpdate(id: $id, input: $input) {
  errors { field code message } submission { ...S } } }"""
    + SUBMISSION_FRAGMENT
)
IMAGE_ADD = """mutation($id: ID!, $image: String!) { submissionImageAdd(id: $id, image: $image) {
  errors { field code message } image { id url format } } }"""
SUBMIT = (
    """mutation($id: ID!) { submissionSubmit(id: $id) { errors { field code message } submission { ...S } } }"""
    + SUBMISSION_FRAGMENT
)
REVIEW = (
    """mutation($id: ID!, $decision: SubmissionReviewDecision!, $comment: String) {
  submissionReview(id: $id, decision: $decision, comment: $comment) { errors { field code message }
  submission { ...S } } }"""
    + SUBMISSION_FRAGMENT
)
DECIDE = """mutation($id: ID!, $decision: MuseumApprovalDecision!, $comment: String) {
  museumApprovalDecide(id: $id, decision: $decision, comment: $comment) { errors { field code message }
  approval { status } submission { state } } }"""
APPROVALS = """{ museumApprovals(status: PENDING) { totalCount edges { node { id museum { slug } } } } }"""
SAMPLE = """mutation($id: ID!, $images: [String!]!) {
  submissionSampleSubmit(id: $id, images: $images, note: "first run") {
  errors { field code message } submission { state } sample { images { format } } } }"""
SAMPLE_DECIDE = """mutation($id: ID!) { submissionSampleDecide(id: $id, decision: ACCEPT) {
  errors { field code message } submission { state } } }"""
LAUNCH = """mutation($id: ID!, $input: SubmissionLaunchInput!) { submissionLaunch(id: $id, input: $input) {
  errors { field code message } product { slug name } submission { state } } }"""
PUBLISH = """mutation($id: ID!) { submissionPublish(id: $id) { errors { field code message } product { slug } } }"""
RATE = """mutation($id: ID!, $rate: Int!) { submissionDesignerRateSet(id: $id, rateBp: $rate) {
  errors { field code message } submission { designerRateBp } } }"""


def _ok(result: dict, name: str) -> dict:
    assert "errors" not in result, result
    payload = result["data"][name]
    assert payload["errors"] == [], payload["errors"]
    return payload


def _pending_approval_ids(user) -> list[str]:
    data = gql(user, APPROVALS)["data"]["museumApprovals"]
    return [edge["node"]["id"] for edge in data["edges"]]


def test_design_goes_from_draft_to_a_buyable_product(world):
    designer, curator = world.designer, world.curator
    usages = [
        {"licence": gid("Licence", world.joint_licence.pk), "weightBp": 7000},
        {"licence": gid("Licence", world.solo_licence.pk), "weightBp": 3000},
    ]
    created = _ok(
        gql(
            designer,
            CREATE,
            {
                "input": {
                    "title": "Bronze tree scarf",
                    "description": "Silk twill.",
                    "category": "scarves",
                    "usages": usages,
                    "materials": "silk",
                    "dimensions": "90 × 90 cm",
                    "proposedRetailPrice": "268.00",
                    "estimatedUnitCost": "80.00",
                }
            },
        ),
        "submissionCreate",
    )["submission"]
    sid = created["id"]
    assert created["state"] == "DRAFT"
    assert created["designerRateBp"] == 800

    # Submitting without an image is refused and changes nothing.
    refused = gql(designer, SUBMIT, {"id": sid})["data"]["submissionSubmit"]
    assert refused["errors"][0]["code"] == "REQUIRED" and refused["errors"][0]["field"] == "images"
    assert Submission.objects.get().state == "draft"

    image = _ok(gql(designer, IMAGE_ADD, {"id": sid, "image": b64(images.png_bytes())}), "submissionImageAdd")
    assert image["image"]["format"] == "PNG"
    submitted = _ok(gql(designer, SUBMIT, {"id": sid}), "submissionSubmit")["submission"]
    assert submitted["state"] == "SUBMITTED"
    assert submitted["currentRevision"]["submittedAt"]

    # The curator raises the designer rate, then approves: both museums of the joint licence are asked.
    assert _ok(gql(curator, RATE, {"id": sid, "rate": 1000}), "submissionDesignerRateSet")["submission"] == {
        "designerRateBp": 1000
    }
    reviewed = _ok(gql(curator, REVIEW, {"id": sid, "decision": "APPROVE"}), "submissionReview")["submission"]
    assert reviewed["state"] == "AWAITING_MUSEUMS"
    assert sorted(a["museum"]["slug"] for a in reviewed["approvals"]) == ["sichuan", "three-gorges"]
    assert [step["toState"] for step in reviewed["timeline"]] == [
        "SUBMITTED",
        "IN_REVIEW",
        "CURATOR_APPROVED",
        "AWAITING_MUSEUMS",
    ]

    # Chongqing approves; Sichuan declines with a comment → back to the designer.
    (chongqing_request,) = _pending_approval_ids(world.chongqing_staff)
    _ok(gql(world.chongqing_staff, DECIDE, {"id": chongqing_request, "decision": "APPROVE"}), "museumApprovalDecide")
    assert Submission.objects.get().state == "awaiting_museums"
    (sichuan_request,) = _pending_approval_ids(world.sichuan_staff)
    declined = _ok(
        gql(
            world.sichuan_staff,
            DECIDE,
            {"id": sichuan_request, "decision": "DECLINE", "comment": "Show the whole tree, not a fragment."},
        ),
        "museumApprovalDecide",
    )
    assert declined["submission"]["state"] == "CHANGES_REQUESTED"
    outbox_run()  # the worker's part: notifications react to each step
    notification = Notification.objects.filter(user=designer).first()
    assert "Show the whole tree" in notification.text

    # The designer revises: a new revision; revision 1 and its image stay readable.
    revised = _ok(gql(designer, UPDATE, {"id": sid, "input": {"title": "Whole bronze tree scarf"}}), "submissionUpdate")
    assert revised["submission"]["currentRevision"]["number"] == 2
    assert [r["number"] for r in revised["submission"]["revisions"]] == [1, 2]
    assert len(revised["submission"]["currentRevision"]["images"]) == 1
    resubmitted = _ok(gql(designer, SUBMIT, {"id": sid}), "submissionSubmit")["submission"]
    assert resubmitted["state"] == "SUBMITTED"

    _ok(gql(curator, REVIEW, {"id": sid, "decision": "APPROVE"}), "submissionReview")
    for staff in (world.chongqing_staff, world.sichuan_staff):
        (request_id,) = _pending_approval_ids(staff)
        _ok(gql(staff, DECIDE, {"id": request_id, "decision": "APPROVE"}), "museumApprovalDecide")
    submission = Submission.objects.get()
    assert submission.state == "approved"
    agreement = DesignAgreement.objects.get(submission=submission)
    assert agreement.designer_rate_bp == 1000
    assert agreement.design.designer == designer
    assert sorted(agreement.design.usages.values_list("licence_id", "weight_bp")) == sorted(
        [(world.joint_licence.pk, 7000), (world.solo_licence.pk, 3000)]
    )
    assert agreement.design.name == "Whole bronze tree scarf"

    # Rate changes are refused once agreed.
    late = gql(curator, RATE, {"id": sid, "rate": 500})["data"]["submissionDesignerRateSet"]
    assert late["errors"][0]["code"] == "INVALID_TRANSITION"

    sample = _ok(
        gql(designer, SAMPLE, {"id": sid, "images": [b64(images.jpeg_bytes(with_gps=True))]}), "submissionSampleSubmit"
    )
    assert sample["submission"]["state"] == "SAMPLE_SUBMITTED"
    assert sample["sample"]["images"] == [{"format": "JPEG"}]
    assert _ok(gql(curator, SAMPLE_DECIDE, {"id": sid}), "submissionSampleDecide")["submission"]["state"] == (
        "SAMPLE_APPROVED"
    )

    launched = _ok(
        gql(
            curator,
            LAUNCH,
            {
                "id": sid,
                "input": {
                    "slug": "bronze-tree-scarf",
                    "nameZh": "神树丝巾",
                    "descriptionZh": "以三星堆青铜神树为纹样的丝巾。",
                    "variants": [
                        {"sku": "SCARF-90", "name": "90 cm", "nameZh": "90 厘米", "price": "268.00", "stock": 20},
                        {"sku": "SCARF-60", "name": "60 cm", "nameZh": "60 厘米", "price": "168.00", "stock": 0},
                    ],
                },
            },
        ),
        "submissionLaunch",
    )
    assert launched["submission"]["state"] == "LAUNCHED"
    assert launched["product"]["slug"] == "bronze-tree-scarf"
    product = Product.objects.get(slug="bronze-tree-scarf")
    assert not product.is_published
    assert product.design == agreement.design
    assert product.images.count() == 1  # the prototype image became the product's picture
    assert not product_is_available(product)

    _ok(gql(curator, PUBLISH, {"id": sid}), "submissionPublish")
    product = product_queryset_annotated().get(slug="bronze-tree-scarf")
    assert product_is_available(product)
    assert product.stock_available == 20
    assert product.design.designer == designer

    # Every step is on the timeline, and everyone concerned was notified by email through the outbox.
    outbox_run()
    steps = list(submission.transitions.values_list("to_state", flat=True))
    assert steps[-4:] == ["approved", "sample_submitted", "sample_approved", "launched"]
    assert Notification.objects.filter(user=world.sichuan_staff).exists()
    assert Notification.objects.filter(user=world.chongqing_staff).exists()
    assert Notification.objects.filter(user=curator).exists()
    queued = OutboxMessage.objects.filter(task_name="worker.tasks.incubator.notification_email_task")
    assert queued.count() == Notification.objects.count()


def test_notification_email_task_sends_once(world):
    from worker.tasks.incubator import notification_email_task

    notification = Notification.objects.create(user=world.designer, text="Changes requested", link="/incubator/")
    assert notification_email_task.run(notification_id=notification.pk) is True
    assert notification_email_task.run(notification_id=notification.pk) is False  # idempotent
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.designer.email]


def test_prototype_image_is_served_to_the_designer_only(world):
    designer = world.designer
    sid = _ok(gql(designer, CREATE, {"input": {"title": "Mask"}}), "submissionCreate")["submission"]["id"]
    url = _ok(
        gql(designer, IMAGE_ADD, {"id": sid, "image": b64(images.jpeg_bytes(with_gps=True))}), "submissionImageAdd"
    )["image"]["url"]
    path = url.replace("http://testserver", "")
    owner = Client()
    owner.force_login(designer)
    response = owner.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    body = b"".join(response.streaming_content)
    assert b"Exif" not in body
    for outsider in (world.other_designer, world.shopper, world.chongqing_staff, None):
        client = Client()
        if outsider is not None:
            client.force_login(outsider)
        assert client.get(path).status_code == 404
    curator = Client()
    curator.force_login(world.curator)
    assert curator.get(path).status_code == 200


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"hello, I am text", "INVALID_IMAGE"),
        (None, "INVALID_IMAGE"),  # not base64 at all
        ("gif", "INVALID_IMAGE"),
        ("bomb", "IMAGE_TOO_LARGE"),
    ],
)
def test_bad_image_through_graphql_is_an_error_and_changes_nothing(world, data, code):
    from tests.incubator.factories import make_draft

    submission = make_draft(world)
    if data is None:
        encoded = "%%% not base64 %%%"
    else:
        raw = {"gif": images.gif_bytes, "bomb": images.png_bomb_bytes}.get(data, lambda: data)()
        encoded = b64(raw)
    result = gql(world.designer, IMAGE_ADD, {"id": gid("Submission", submission.pk), "image": encoded})
    payload = result["data"]["submissionImageAdd"]
    assert [error["code"] for error in payload["errors"]] == [code]
    assert payload["image"] is None
    assert submission.current_revision.images.count() == 1


MARK_READ = """mutation($ids: [ID!]) { notificationsMarkRead(ids: $ids) { count errors { code } } }"""
NOTIFICATIONS = "{ unreadNotificationCount notifications(first: 10) { edges { node { id text readAt } } } }"


def test_notifications_are_listed_and_marked_read_for_their_owner_only(world):
    mine = Notification.objects.create(user=world.designer, text="Yours")
    theirs = Notification.objects.create(user=world.other_designer, text="Not yours")
    data = gql(world.designer, NOTIFICATIONS)["data"]
    assert data["unreadNotificationCount"] == 1
    assert [edge["node"]["text"] for edge in data["notifications"]["edges"]] == ["Yours"]
    result = gql(world.designer, MARK_READ, {"ids": [gid("Notification", mine.pk), gid("Notification", theirs.pk)]})
    assert result["data"]["notificationsMarkRead"]["count"] == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert gql(world.designer, NOTIFICATIONS)["data"]["unreadNotificationCount"] == 0


BRIEF_CREATE = """mutation($input: BriefCreateInput!) { briefCreate(input: $input) {
  errors { field code } brief { id title isOpen relics { slug } categories { slug } } } }"""
BRIEF_CLOSE = "mutation($id: ID!) { briefClose(id: $id) { errors { code } brief { isOpen status } } }"
BRIEFS = "{ briefs { totalCount edges { node { title } } } }"


def test_curator_publishes_and_closes_a_brief_that_designers_answer(world):
    relic_slug = world.joint_licence.relic.slug
    created = gql(
        world.curator,
        BRIEF_CREATE,
        {
            "input": {
                "title": "Sanxingdui summer",
                "text": "Light scarves",
                "relics": [relic_slug],
                "categories": ["scarves"],
            }
        },
    )["data"]["briefCreate"]
    assert created["errors"] == []
    assert created["brief"]["relics"] == [{"slug": relic_slug}]
    brief_id = created["brief"]["id"]
    assert gql(None, BRIEFS)["data"]["briefs"]["totalCount"] == 1
    answer = gql(world.designer, CREATE, {"input": {"title": "Summer scarf", "brief": brief_id}})
    assert answer["data"]["submissionCreate"]["errors"] == []
    closed = gql(world.curator, BRIEF_CLOSE, {"id": brief_id})["data"]["briefClose"]
    assert closed["brief"] == {"isOpen": False, "status": "CLOSED"}
    late = gql(world.designer, CREATE, {"input": {"title": "Too late", "brief": brief_id}})["data"]["submissionCreate"]
    assert [e["code"] for e in late["errors"]] == ["BRIEF_CLOSED"]
    assert Submission.objects.count() == 1
    assert gql(None, BRIEFS)["data"]["briefs"]["totalCount"] == 0


@pytest.mark.parametrize("who", ["designer", "chongqing_staff", "shopper"])
def test_brief_create_is_for_curators_only(world, who):
    result = gql(getattr(world, who), BRIEF_CREATE, {"input": {"title": "T", "text": "x"}})["data"]["briefCreate"]
    assert [e["code"] for e in result["errors"]] == ["PERMISSION_DENIED"]
    assert result["brief"] is None
    assert gql(None, BRIEFS)["data"]["briefs"]["totalCount"] == 0


IMAGE_REMOVE = """mutation($id: ID!) { submissionImageRemove(id: $id) { errors { code }
  submission { currentRevision { number images { id } } revisions { number images { id } } } } }"""


def test_removing_an_image_after_changes_were_requested_keeps_the_old_revision_whole(world):
    from incubator import services as incubator_services
    from tests.incubator.factories import make_submitted

    submission = make_submitted(world)
    incubator_services.submission_review(
        submission=submission, actor=world.curator, decision="REQUEST_CHANGES", comment="Fewer pictures"
    )
    first_image = submission.revisions.get(number=1).images.get()
    result = gql(world.designer, IMAGE_REMOVE, {"id": gid("SubmissionImage", first_image.pk)})
    payload = result["data"]["submissionImageRemove"]
    assert payload["errors"] == []
    revisions = {r["number"]: r for r in payload["submission"]["revisions"]}
    assert len(revisions[1]["images"]) == 1  # revision 1 as it was reviewed
    assert payload["submission"]["currentRevision"]["number"] == 2
    assert payload["submission"]["currentRevision"]["images"] == []
