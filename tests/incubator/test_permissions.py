"""Who may see and do what, across GraphQL and the pages. Refused callers learn nothing (the same
answer whether the submission exists or not) and write nothing (no row, no notification, no task)."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from incubator.models import (
    MuseumApproval,
    Notification,
    Submission,
    SubmissionImage,
    SubmissionRevision,
    SubmissionTransition,
)
from shop.catalog.models import Product
from shop.core.models import OutboxMessage
from tests.incubator import images
from tests.incubator.factories import make_awaiting_museums, make_draft, make_sample_approved
from tests.incubator.gql import b64, gid, gql

pytestmark = pytest.mark.django_db

TITLE = "Bronze tree scarf"


def _people(world, who):
    return {
        "owner": world.designer,
        "other_designer": world.other_designer,
        "curator": world.curator,
        "asked_museum": world.chongqing_staff,
        "other_museum": world.sichuan_staff,
        "shopper": world.shopper,
        "anonymous": None,
    }[who]


def _snapshot():
    return (
        Submission.objects.count(),
        list(Submission.objects.order_by("pk").values_list("state", "designer_rate_bp", "current_revision_id")),
        SubmissionRevision.objects.count(),
        list(SubmissionRevision.objects.order_by("pk").values_list("title", flat=True)),
        SubmissionImage.objects.count(),
        SubmissionTransition.objects.count(),
        list(MuseumApproval.objects.order_by("pk").values_list("status", flat=True)),
        Notification.objects.count(),
        OutboxMessage.objects.count(),
        Product.objects.count(),
    )


# --- reading ---------------------------------------------------------------------------------

SUBMISSION = "query($id: ID!) { submission(id: $id) { id state currentRevision { title } } }"
SUBMISSIONS = "{ submissions(first: 50) { totalCount edges { node { id currentRevision { title } } } } }"
APPROVALS = "{ museumApprovals(first: 50) { totalCount edges { node { id museum { slug } } } } }"


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("owner", True),
        ("curator", True),
        ("asked_museum", True),
        ("other_designer", False),
        ("other_museum", False),
        ("shopper", False),
        ("anonymous", False),
    ],
)
def test_submission_query_shows_it_only_to_those_concerned(world, who, sees):
    submission = make_awaiting_museums(world, licence=world.solo_licence)  # only Chongqing is asked
    result = gql(_people(world, who), SUBMISSION, {"id": gid("Submission", submission.pk)})
    if sees:
        assert result["data"]["submission"]["currentRevision"]["title"] == TITLE
    else:
        assert result["data"]["submission"] is None
        assert TITLE not in str(result)


@pytest.mark.parametrize(
    ("who", "count"),
    [("curator", 2), ("asked_museum", 1), ("other_museum", 0)],
)
def test_submissions_list_is_scoped_for_staff(world, who, count):
    make_awaiting_museums(world, licence=world.solo_licence)
    make_draft(world, designer=world.other_designer)
    result = gql(_people(world, who), SUBMISSIONS)
    assert "errors" not in result
    assert result["data"]["submissions"]["totalCount"] == count


@pytest.mark.parametrize("who", ["owner", "other_designer", "shopper", "anonymous"])
def test_submissions_list_is_refused_to_non_staff(world, who):
    make_awaiting_museums(world, licence=world.solo_licence)
    result = gql(_people(world, who), SUBMISSIONS)
    assert result["data"]["submissions"] is None
    assert result["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    assert TITLE not in str(result)


@pytest.mark.parametrize(
    ("who", "museums"),
    [("asked_museum", ["three-gorges"]), ("other_museum", []), ("curator", ["sichuan", "three-gorges"])],
)
def test_museum_approvals_are_scoped_to_the_museum(world, who, museums):
    make_awaiting_museums(world)  # joint licence: both museums asked
    if who == "other_museum":
        make_awaiting_museums(world, licence=world.solo_licence)
        museums = ["sichuan"]
        expected_total = 1
    else:
        expected_total = len(museums)
    result = gql(_people(world, who), APPROVALS)["data"]["museumApprovals"]
    assert result["totalCount"] == expected_total
    assert sorted(edge["node"]["museum"]["slug"] for edge in result["edges"]) == museums


@pytest.mark.parametrize("who", ["owner", "shopper", "anonymous"])
def test_museum_approvals_are_refused_to_others(world, who):
    make_awaiting_museums(world)
    result = gql(_people(world, who), APPROVALS)
    assert result["data"]["museumApprovals"] is None
    assert result["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_guessing_ids_reveals_nothing(world):
    mine = make_draft(world, designer=world.other_designer)
    theirs = [make_draft(world) for _ in range(3)]
    highest = max(s.pk for s in [mine, *theirs])
    found = []
    for pk in range(1, highest + 5):
        result = gql(world.other_designer, SUBMISSION, {"id": gid("Submission", pk)})
        assert "errors" not in result
        if result["data"]["submission"] is not None:
            found.append(result["data"]["submission"]["id"])
    assert found == [gid("Submission", mine.pk)]


def test_id_of_another_type_is_refused_cleanly(world):
    submission = make_draft(world)
    result = gql(world.designer, SUBMISSION, {"id": gid("Product", submission.pk)})
    assert result["data"]["submission"] is None
    assert result["errors"][0]["extensions"]["code"] == "INVALID"


# --- writing ---------------------------------------------------------------------------------

UPDATE = """mutation($id: ID!) { submissionUpdate(id: $id, input: {title: "Hijacked"}) {
  errors { code } submission { id currentRevision { title } } } }"""
SUBMIT = "mutation($id: ID!) { submissionSubmit(id: $id) { errors { code } submission { state } } }"
WITHDRAW = "mutation($id: ID!) { submissionWithdraw(id: $id) { errors { code } submission { state } } }"
IMAGE_ADD = """mutation($id: ID!, $image: String!) { submissionImageAdd(id: $id, image: $image) {
  errors { code } image { id } } }"""
REVIEW = """mutation($id: ID!) { submissionReview(id: $id, decision: REJECT, comment: "no") {
  errors { code } submission { state } } }"""
RATE = """mutation($id: ID!) { submissionDesignerRateSet(id: $id, rateBp: 100) {
  errors { code } submission { designerRateBp } } }"""
DECIDE = """mutation($id: ID!) { museumApprovalDecide(id: $id, decision: DECLINE, comment: "no") {
  errors { code } approval { status } submission { state } } }"""
LAUNCH = """mutation($id: ID!) { submissionLaunch(id: $id, input: {nameZh: "名", descriptionZh: "说明",
  variants: [{sku: "X", name: "x", nameZh: "一", price: "9.00", stock: 1}]}) { errors { code } product { slug } } }"""

DESIGNER_ACTIONS = [("update", UPDATE), ("submit", SUBMIT), ("withdraw", WITHDRAW), ("image_add", IMAGE_ADD)]


@pytest.mark.parametrize(("action", "document"), DESIGNER_ACTIONS)
@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("other_designer", "NOT_FOUND"),
        ("curator", "PERMISSION_DENIED"),
        ("asked_museum", "PERMISSION_DENIED"),
        ("shopper", "PERMISSION_DENIED"),
        ("anonymous", "PERMISSION_DENIED"),
    ],
)
def test_designer_mutations_are_refused_to_everyone_but_the_owner(world, action, document, who, code):
    submission = make_draft(world)
    before = _snapshot()
    variables = {"id": gid("Submission", submission.pk), "image": b64(images.png_bytes())}
    result = gql(_people(world, who), document, variables)
    payload = next(iter(result["data"].values()))
    assert [error["code"] for error in payload["errors"]] == [code]
    assert "Hijacked" not in str(result) and TITLE not in str(result)
    assert _snapshot() == before


def test_owner_may_update_own_draft(world):
    submission = make_draft(world)
    result = gql(world.designer, UPDATE, {"id": gid("Submission", submission.pk)})
    assert result["data"]["submissionUpdate"]["errors"] == []
    assert result["data"]["submissionUpdate"]["submission"]["currentRevision"]["title"] == "Hijacked"


@pytest.mark.parametrize(("action", "document"), [("review", REVIEW), ("rate", RATE), ("launch", LAUNCH)])
@pytest.mark.parametrize("who", ["owner", "other_designer", "asked_museum", "shopper", "anonymous"])
def test_curator_mutations_are_refused_to_everyone_else(world, action, document, who):
    submission = make_sample_approved(world) if action == "launch" else make_awaiting_museums(world)
    before = _snapshot()
    result = gql(_people(world, who), document, {"id": gid("Submission", submission.pk)})
    payload = next(iter(result["data"].values()))
    assert [error["code"] for error in payload["errors"]] == ["PERMISSION_DENIED"]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("other_museum", "NOT_FOUND"),
        ("curator", "PERMISSION_DENIED"),
        ("owner", "PERMISSION_DENIED"),
        ("shopper", "PERMISSION_DENIED"),
        ("anonymous", "PERMISSION_DENIED"),
    ],
)
def test_museum_decision_is_refused_to_everyone_but_that_museum(world, who, code):
    submission = make_awaiting_museums(world, licence=world.solo_licence)
    approval = submission.approvals.get()
    before = _snapshot()
    result = gql(_people(world, who), DECIDE, {"id": gid("MuseumApproval", approval.pk)})
    assert [error["code"] for error in result["data"]["museumApprovalDecide"]["errors"]] == [code]
    assert _snapshot() == before


def test_asked_museum_may_decide(world):
    submission = make_awaiting_museums(world, licence=world.solo_licence)
    result = gql(world.chongqing_staff, DECIDE, {"id": gid("MuseumApproval", submission.approvals.get().pk)})
    assert result["data"]["museumApprovalDecide"]["errors"] == []
    assert result["data"]["museumApprovalDecide"]["submission"]["state"] == "CHANGES_REQUESTED"


# --- pages -----------------------------------------------------------------------------------


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("curator", 200),
        ("asked_museum", 200),
        ("other_designer", 404),
        ("other_museum", 404),
        ("shopper", 404),
        ("anonymous", 302),
    ],
)
def test_submission_page_is_shown_only_to_those_concerned(world, who, status):
    submission = make_awaiting_museums(world, licence=world.solo_licence)
    response = _client(_people(world, who)).get(f"/incubator/submissions/{submission.pk}/")
    assert response.status_code == status
    if status != 200:
        assert TITLE.encode() not in response.content
    else:
        assert TITLE.encode() in response.content


@pytest.mark.parametrize("who", ["other_designer", "other_museum", "shopper", "anonymous"])
@pytest.mark.parametrize("action", ["submit", "withdraw", "edit", "images", "review"])
def test_page_actions_on_others_submissions_write_nothing(world, who, action):
    submission = make_draft(world)
    before = _snapshot()
    data = {"title": "Hijacked", "decision": "REJECT", "comment": "x"}
    if action == "images":
        from django.core.files.uploadedfile import SimpleUploadedFile

        data = {"image": SimpleUploadedFile("a.png", images.png_bytes(), content_type="image/png")}
    response = _client(_people(world, who)).post(f"/incubator/submissions/{submission.pk}/{action}/", data)
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["owner", "asked_museum"])
def test_review_page_action_is_forbidden_to_non_curators(world, who):
    submission = make_awaiting_museums(world, licence=world.solo_licence)
    before = _snapshot()
    response = _client(_people(world, who)).post(
        f"/incubator/submissions/{submission.pk}/review/", {"decision": "REJECT", "comment": "x"}
    )
    assert response.status_code == 403
    assert _snapshot() == before


def test_approval_page_decision_by_another_museum_is_404(world):
    submission = make_awaiting_museums(world, licence=world.solo_licence)
    before = _snapshot()
    response = _client(world.sichuan_staff).post(
        f"/incubator/approvals/{submission.approvals.get().pk}/decide/", {"decision": "DECLINE", "comment": "x"}
    )
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("path", "who", "status"),
    [
        ("/incubator/review/", "curator", 200),
        ("/incubator/review/", "owner", 403),
        ("/incubator/review/", "asked_museum", 403),
        ("/incubator/approvals/", "asked_museum", 200),
        ("/incubator/approvals/", "owner", 403),
        ("/incubator/approvals/", "shopper", 403),
    ],
)
def test_queues_are_for_their_roles(world, path, who, status):
    make_awaiting_museums(world, licence=world.solo_licence)
    response = _client(_people(world, who)).get(path)
    assert response.status_code == status
    if status == 403:
        assert TITLE.encode() not in response.content
    else:
        assert TITLE.encode() in response.content


def test_museum_queue_lists_only_its_own_requests(world):
    make_awaiting_museums(world, licence=world.solo_licence)
    response = _client(world.sichuan_staff).get("/incubator/approvals/")
    assert response.status_code == 200
    assert TITLE.encode() not in response.content
