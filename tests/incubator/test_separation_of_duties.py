"""Separation of duties (issue 13, finding 4): nobody takes a staff role themself, and nobody judges their own work.

The attack: a curator called ``designerProfileUpdate`` (which granted the designer role to anyone signed in), submitted
a design, set its designer rate to 5000 bp and approved it; Chongqing's museum staff approved their own design as the
museum, which created the agreement. Each step is refused now, and a refusal writes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from incubator import services
from incubator.models import DesignerProfile, MuseumApproval, SubmissionState
from shop.accounts.permissions import user_has_role
from shop.accounts.roles import Role
from shop.accounts.services import user_grant_role
from shop.core.errors import ApplicationError
from tests.incubator.factories import make_approved, make_awaiting_museums, make_draft, make_sample_approved
from tests.incubator.gql import gid, gql

SIGN_UP = """mutation { designerProfileUpdate(input: {displayName: "Me too"}) { profile { displayName }
  errors { code } } }"""


@pytest.mark.parametrize("who", ["curator", "chongqing_staff", "finance"])
def test_staff_cannot_make_themselves_designers(world, who):
    from tests.factories import UserFactory

    user = UserFactory(roles=[Role.FINANCE], password=None) if who == "finance" else getattr(world, who)

    body = gql(user, SIGN_UP)

    assert body["data"]["designerProfileUpdate"] == {"profile": None, "errors": [{"code": "PERMISSION_DENIED"}]}
    user.refresh_from_db()
    user._bashu_roles = None
    assert not user_has_role(user, Role.DESIGNER)
    assert not DesignerProfile.objects.filter(user=user).exists()


def test_a_shopper_may_sign_up_as_designer(world):
    body = gql(world.shopper, SIGN_UP)

    assert body["data"]["designerProfileUpdate"] == {"profile": {"displayName": "Me too"}, "errors": []}
    assert user_has_role(type(world.shopper).objects.get(pk=world.shopper.pk), Role.DESIGNER)


def test_the_signup_page_refuses_staff_too(world):
    client = Client()
    client.force_login(world.curator)

    response = client.post("/incubator/signup/", {"display_name": "Me too", "bio": "", "portfolio_url": ""})

    assert response.status_code == 200
    assert not DesignerProfile.objects.filter(user=world.curator).exists()


def test_a_staff_member_an_admin_made_designer_keeps_their_profile(world):
    user_grant_role(user=world.curator, role=Role.DESIGNER)

    profile = services.designer_profile_save(user=world.curator, display_name="Curator who designs")

    assert profile.display_name == "Curator who designs"


@pytest.fixture
def curator_designer(world):
    """A curator an admin has also made a designer, and the draft they submitted."""
    user_grant_role(user=world.curator, role=Role.DESIGNER)
    services.designer_profile_save(user=world.curator, display_name="Curator who designs")
    return world.curator


def test_a_curator_cannot_set_the_rate_of_their_own_submission(world, curator_designer):
    submission = make_draft(world, designer=curator_designer)
    services.submission_submit(submission=submission, actor=curator_designer)

    body = gql(
        curator_designer,
        "mutation($id: ID!) { submissionDesignerRateSet(id: $id, rateBp: 5000) { errors { code } } }",
        {"id": gid("Submission", submission.pk)},
    )

    assert body["data"]["submissionDesignerRateSet"]["errors"] == [{"code": "PERMISSION_DENIED"}]
    submission.refresh_from_db()
    assert submission.designer_rate_bp != 5000


def test_a_curator_cannot_review_their_own_submission(world, curator_designer):
    submission = make_draft(world, designer=curator_designer)
    services.submission_submit(submission=submission, actor=curator_designer)

    body = gql(
        curator_designer,
        "mutation($id: ID!) { submissionReview(id: $id, decision: APPROVE) { errors { code } } }",
        {"id": gid("Submission", submission.pk)},
    )

    assert body["data"]["submissionReview"]["errors"] == [{"code": "PERMISSION_DENIED"}]
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED
    assert not MuseumApproval.objects.filter(submission=submission).exists()


def test_another_curator_may_review_it(world, curator_designer):
    from tests.incubator.factories import curator_user

    submission = make_draft(world, designer=curator_designer)
    services.submission_submit(submission=submission, actor=curator_designer)

    services.submission_review(submission=submission, actor=curator_user(), decision="APPROVE")

    submission.refresh_from_db()
    assert submission.state == SubmissionState.AWAITING_MUSEUMS


def test_a_curator_cannot_judge_the_sample_of_or_launch_their_own_design(world, curator_designer):
    from tests.incubator import images
    from tests.incubator.factories import curator_user

    other = curator_user()
    world.curator = other  # the factories' reviewer: someone else
    submission = make_approved(world, designer=curator_designer)
    services.submission_sample_submit(submission=submission, actor=curator_designer, uploads=[images.jpeg_bytes()])

    with pytest.raises(ApplicationError) as refused:
        services.submission_sample_decide(submission=submission, actor=curator_designer, decision="ACCEPT")
    assert refused.value.code == "PERMISSION_DENIED"
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SAMPLE_SUBMITTED

    services.submission_sample_decide(submission=submission, actor=other, decision="ACCEPT")
    with pytest.raises(ApplicationError) as refused:
        services.submission_launch(
            submission=submission,
            actor=curator_designer,
            variants=[services.LaunchVariant(sku="OWN-1", name="one", price="10.00", stock=1)],
        )
    assert refused.value.code == "PERMISSION_DENIED"


def test_museum_staff_cannot_approve_their_own_design(world):
    staff = world.chongqing_staff
    user_grant_role(user=staff, role=Role.DESIGNER)  # only an admin can do this now
    services.designer_profile_save(user=staff, display_name="Staff who designs")
    submission = make_awaiting_museums(world, designer=staff, licence=world.solo_licence)
    approval = submission.approvals.get()

    body = gql(
        staff,
        "mutation($id: ID!) { museumApprovalDecide(id: $id, decision: APPROVE) { errors { code } } }",
        {"id": gid("MuseumApproval", approval.pk)},
    )

    assert body["data"]["museumApprovalDecide"]["errors"] == [{"code": "PERMISSION_DENIED"}]
    approval.refresh_from_db()
    submission.refresh_from_db()
    assert approval.status == "pending"
    assert submission.state == SubmissionState.AWAITING_MUSEUMS
    assert not hasattr(submission, "agreement") or submission.agreement is None


def test_sample_approved_helper_still_works_for_ordinary_designers(world):
    # The factories' own path (designer ≠ curator ≠ museum staff) is untouched.
    assert make_sample_approved(world).state == SubmissionState.SAMPLE_APPROVED
