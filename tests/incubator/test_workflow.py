"""The state machine: the map itself, and every service refusing every state it does not allow
with INVALID_TRANSITION, writing nothing (no state change, no timeline step, no notification)."""

from decimal import Decimal

import pytest

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.models import (
    ApprovalStatus,
    MuseumApproval,
    Notification,
    SampleSubmission,
    Submission,
    SubmissionState,
    SubmissionTransition,
)
from incubator.services.workflow import OPEN_STATES, TRANSITIONS, Actor, transition_allowed
from shop.core.errors import ApplicationError
from shop.core.models import OutboxMessage
from tests.incubator import images
from tests.incubator.factories import make_draft

pytestmark = pytest.mark.django_db
S = SubmissionState


def test_every_pair_outside_the_map_is_refused_for_every_actor():
    for from_state in S:
        for to_state in S:
            for actor in Actor:
                expected = TRANSITIONS.get((from_state, to_state)) == actor
                assert transition_allowed(from_state=from_state, to_state=to_state, actor_kind=actor) is expected


def test_closed_states_lead_nowhere():
    for closed in (S.LAUNCHED, S.REJECTED, S.WITHDRAWN):
        assert not [pair for pair in TRANSITIONS if pair[0] == closed]


def _actions(world):
    """Each action with the states it is allowed from (allowed runs are covered by the lifecycle tests)."""
    designer, curator = world.designer, world.curator
    return {
        "submit": (
            {S.DRAFT, S.CHANGES_REQUESTED},
            lambda s: services.submission_submit(submission=s, actor=designer),
        ),
        "update": (
            {S.DRAFT, S.CHANGES_REQUESTED},
            lambda s: services.submission_update(submission=s, actor=designer, title="New title"),
        ),
        "image_add": (
            {S.DRAFT, S.CHANGES_REQUESTED},
            lambda s: services.submission_image_add(submission=s, actor=designer, upload=images.png_bytes()),
        ),
        "withdraw": (set(OPEN_STATES), lambda s: services.submission_withdraw(submission=s, actor=designer)),
        "approve": (
            {S.SUBMITTED, S.IN_REVIEW},
            lambda s: services.submission_review(submission=s, actor=curator, decision="APPROVE"),
        ),
        "request_changes": (
            {S.SUBMITTED, S.IN_REVIEW},
            lambda s: services.submission_review(submission=s, actor=curator, decision="REQUEST_CHANGES", comment="x"),
        ),
        "reject": (
            set(OPEN_STATES),
            lambda s: services.submission_review(submission=s, actor=curator, decision="REJECT", comment="no"),
        ),
        "museum_decide": (
            {S.AWAITING_MUSEUMS},
            lambda s: services.museum_approval_decide(
                approval=s.approvals.get(museum=world.sichuan), actor=world.sichuan_staff, decision="APPROVE"
            ),
        ),
        "sample_submit": (
            {S.APPROVED},
            lambda s: services.submission_sample_submit(submission=s, actor=designer, uploads=[images.png_bytes()]),
        ),
        "sample_accept": (
            {S.SAMPLE_SUBMITTED},
            lambda s: services.submission_sample_decide(submission=s, actor=curator, decision="ACCEPT"),
        ),
        "sample_return": (
            {S.SAMPLE_SUBMITTED},
            lambda s: services.submission_sample_decide(submission=s, actor=curator, decision="RETURN", comment="x"),
        ),
        "launch": (
            {S.SAMPLE_APPROVED},
            lambda s: services.submission_launch(
                submission=s,
                actor=curator,
                variants=[services.LaunchVariant(sku="X-1", name="One", name_zh="一", price=Decimal("10.00"), stock=1)],
                name_zh="名",
                description_zh="说明",
            ),
        ),
        "publish": ({S.LAUNCHED}, lambda s: services.submission_publish(submission=s, actor=curator)),
        "rate": (
            {S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.CURATOR_APPROVED, S.AWAITING_MUSEUMS},
            lambda s: services.submission_set_designer_rate(submission=s, actor=curator, rate_bp=900),
        ),
    }


ACTIONS = [
    "submit",
    "update",
    "image_add",
    "withdraw",
    "approve",
    "request_changes",
    "reject",
    "museum_decide",
    "sample_submit",
    "sample_accept",
    "sample_return",
    "launch",
    "publish",
    "rate",
]


@pytest.mark.parametrize("action", ACTIONS)
def test_action_is_refused_in_every_state_it_does_not_allow(world, action):
    allowed, run = _actions(world)[action]
    submission = make_draft(world)
    # A pending request and a pending sample exist, so only the state can be the reason for refusal.
    MuseumApproval.objects.create(submission=submission, revision=submission.current_revision, museum=world.sichuan)
    SampleSubmission.objects.create(submission=submission)
    refused_states = [state for state in S if state not in allowed]
    assert refused_states
    for state in refused_states:
        Submission.objects.filter(pk=submission.pk).update(state=state)
        submission.refresh_from_db()
        before = (
            SubmissionTransition.objects.count(),
            Notification.objects.count(),
            OutboxMessage.objects.count(),
            submission.current_revision_id,
            submission.designer_rate_bp,
            submission.current_revision.images.count(),
        )
        with pytest.raises(ApplicationError) as caught:
            run(submission)
        assert caught.value.code == IncubatorErrorCode.INVALID_TRANSITION, (action, state, caught.value)
        submission.refresh_from_db()
        assert submission.state == state
        after = (
            SubmissionTransition.objects.count(),
            Notification.objects.count(),
            OutboxMessage.objects.count(),
            submission.current_revision_id,
            submission.designer_rate_bp,
            submission.current_revision.images.count(),
        )
        assert after == before, (action, state)
        assert MuseumApproval.objects.get(submission=submission).status == ApprovalStatus.PENDING


def test_museum_cannot_answer_twice(world):
    from tests.incubator.factories import make_awaiting_museums

    submission = make_awaiting_museums(world)
    approval = submission.approvals.get(museum=world.chongqing)
    services.museum_approval_decide(approval=approval, actor=world.chongqing_staff, decision="APPROVE")
    with pytest.raises(ApplicationError) as caught:
        services.museum_approval_decide(approval=approval, actor=world.chongqing_staff, decision="DECLINE", comment="x")
    assert caught.value.code == IncubatorErrorCode.INVALID_TRANSITION
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED


def test_decline_cancels_the_other_museums_request(world):
    from tests.incubator.factories import make_awaiting_museums

    submission = make_awaiting_museums(world)
    services.museum_approval_decide(
        approval=submission.approvals.get(museum=world.sichuan),
        actor=world.sichuan_staff,
        decision="DECLINE",
        comment="Wrong colours",
    )
    chongqing = submission.approvals.get(museum=world.chongqing)
    assert chongqing.status == ApprovalStatus.CANCELLED
    with pytest.raises(ApplicationError) as caught:
        services.museum_approval_decide(approval=chongqing, actor=world.chongqing_staff, decision="APPROVE")
    assert caught.value.code == IncubatorErrorCode.INVALID_TRANSITION
    submission.refresh_from_db()
    assert submission.state == S.CHANGES_REQUESTED
    assert submission.transitions.last().comment.endswith("Wrong colours")


def test_jointly_held_relic_needs_both_museums(world):
    from tests.incubator.factories import make_awaiting_museums

    submission = make_awaiting_museums(world)  # uses only the joint licence
    assert set(submission.approvals.values_list("museum__slug", flat=True)) == {"sichuan", "three-gorges"}
    services.museum_approval_decide(
        approval=submission.approvals.get(museum=world.sichuan), actor=world.sichuan_staff, decision="APPROVE"
    )
    submission.refresh_from_db()
    assert submission.state == S.AWAITING_MUSEUMS
    assert not hasattr(submission, "agreement") or submission.agreement is None
    services.museum_approval_decide(
        approval=submission.approvals.get(museum=world.chongqing), actor=world.chongqing_staff, decision="APPROVE"
    )
    submission.refresh_from_db()
    assert submission.state == S.APPROVED
    assert submission.agreement.designer_rate_bp == 800


def test_solo_relic_asks_only_its_museum(world):
    from tests.incubator.factories import make_awaiting_museums

    submission = make_awaiting_museums(world, licence=world.solo_licence)
    assert list(submission.approvals.values_list("museum__slug", flat=True)) == ["three-gorges"]


def test_closed_brief_refuses_new_submissions(world):
    brief = services.brief_create(actor=world.curator, title="Spring", text="Bronze motifs for spring")
    services.brief_close(actor=world.curator, brief=brief)
    with pytest.raises(ApplicationError) as caught:
        services.submission_create(designer=world.designer, title="Late", brief=brief)
    assert caught.value.code == IncubatorErrorCode.BRIEF_CLOSED
    assert not Submission.objects.exists()


def test_draft_of_a_brief_closed_meanwhile_cannot_be_submitted(world):
    brief = services.brief_create(actor=world.curator, title="Spring", text="Bronze motifs for spring")
    submission = services.submission_create(
        designer=world.designer,
        title="Early",
        brief=brief,
        category=world.category,
        usages=[(world.solo_licence, 10_000)],
        proposed_retail_price=Decimal("99.00"),
        estimated_unit_cost=Decimal("20.00"),
    )
    services.submission_image_add(submission=submission, actor=world.designer, upload=images.png_bytes())
    services.brief_close(actor=world.curator, brief=brief)
    with pytest.raises(ApplicationError) as caught:
        services.submission_submit(submission=submission, actor=world.designer)
    assert caught.value.code == IncubatorErrorCode.BRIEF_CLOSED
    submission.refresh_from_db()
    assert submission.state == S.DRAFT


def test_licence_that_does_not_allow_the_category_is_refused(world):
    from tests.factories import CategoryFactory, LicenceFactory

    mugs = CategoryFactory(slug="mugs")
    licence = LicenceFactory(categories=[mugs])
    with pytest.raises(ApplicationError) as caught:
        services.submission_create(
            designer=world.designer, title="Scarf", category=world.category, usages=[(licence, 10_000)]
        )
    assert caught.value.code == IncubatorErrorCode.CATEGORY_NOT_LICENSED
    assert not Submission.objects.exists()


def test_suspended_licence_is_refused_at_submission(world):
    from shop.collection.models import LicenceStatus

    submission = make_draft(world, licence=world.solo_licence)
    world.solo_licence.status = LicenceStatus.SUSPENDED
    world.solo_licence.save()
    with pytest.raises(ApplicationError) as caught:
        services.submission_submit(submission=submission, actor=world.designer)
    assert caught.value.code == IncubatorErrorCode.LICENCE_INACTIVE
    submission.refresh_from_db()
    assert submission.state == S.DRAFT


def test_more_than_ten_images_are_refused(world):
    submission = make_draft(world)
    for _ in range(9):
        services.submission_image_add(submission=submission, actor=world.designer, upload=images.png_bytes())
    with pytest.raises(ApplicationError) as caught:
        services.submission_image_add(submission=submission, actor=world.designer, upload=images.png_bytes())
    assert caught.value.code == IncubatorErrorCode.TOO_MANY_IMAGES
    assert submission.current_revision.images.count() == 10


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (b"plain text pretending to be a png", IncubatorErrorCode.INVALID_IMAGE),
        ("gif", IncubatorErrorCode.INVALID_IMAGE),
        ("truncated", IncubatorErrorCode.INVALID_IMAGE),
        ("bomb", IncubatorErrorCode.IMAGE_TOO_LARGE),
    ],
)
def test_bad_upload_leaves_the_submission_as_it_was(world, upload, code):
    upload = {
        "gif": images.gif_bytes,
        "truncated": images.truncated_jpeg_bytes,
        "bomb": images.png_bomb_bytes,
    }.get(upload, lambda: upload)()
    submission = make_draft(world)
    services.submission_submit(submission=submission, actor=world.designer)
    services.submission_review(submission=submission, actor=world.curator, decision="REQUEST_CHANGES", comment="More")
    submission.refresh_from_db()
    revision_id = submission.current_revision_id
    with pytest.raises(ApplicationError) as caught:
        services.submission_image_add(submission=submission, actor=world.designer, upload=upload)
    assert caught.value.code == code
    submission.refresh_from_db()
    assert submission.current_revision_id == revision_id  # no new revision was started
    assert submission.revisions.count() == 1
    assert submission.current_revision.images.count() == 1


def test_reject_and_request_changes_need_a_comment(world):
    from tests.incubator.factories import make_submitted

    submission = make_submitted(world)
    for decision in ("REJECT", "REQUEST_CHANGES"):
        with pytest.raises(ApplicationError) as caught:
            services.submission_review(submission=submission, actor=world.curator, decision=decision, comment=" ")
        assert caught.value.code == IncubatorErrorCode.REQUIRED
    submission.refresh_from_db()
    assert submission.state == S.SUBMITTED
    assert submission.transitions.count() == 1


def test_launch_with_a_bad_variant_creates_nothing(world):
    from shop.catalog.models import Product
    from tests.incubator.factories import make_sample_approved

    submission = make_sample_approved(world)
    with pytest.raises(ApplicationError):
        services.submission_launch(
            submission=submission,
            actor=world.curator,
            variants=[
                services.LaunchVariant(sku="OK-1", name="ok", name_zh="好", price=Decimal("10.00"), stock=1),
                services.LaunchVariant(sku="BAD-1", name="bad", name_zh="坏", price=Decimal("-1.00"), stock=1),
            ],
            name_zh="名",
            description_zh="说明",
        )
    submission.refresh_from_db()
    assert submission.state == S.SAMPLE_APPROVED
    assert not Product.objects.exists()


def test_rate_that_would_pass_100_percent_is_refused(world):
    from tests.incubator.factories import make_submitted

    submission = make_submitted(world)  # joint licence, museum rate 12%
    with pytest.raises(ApplicationError) as caught:
        services.submission_set_designer_rate(submission=submission, actor=world.curator, rate_bp=9000)
    assert caught.value.code == IncubatorErrorCode.RATES_EXCEED_TOTAL
    submission.refresh_from_db()
    assert submission.designer_rate_bp == 800


def test_launch_requires_both_languages_for_name_description_and_variants(world):
    from shop.catalog.models import Product
    from tests.incubator.factories import make_sample_approved

    submission = make_sample_approved(world)
    variant = services.LaunchVariant(sku="L-1", name="90 cm", name_zh="90 厘米", price=Decimal("268.00"), stock=1)
    english_only = services.LaunchVariant(sku="L-1", name="90 cm", price=Decimal("268.00"), stock=1)
    for kwargs, field in [
        ({"variants": [variant], "description_zh": "说明"}, "name_zh"),
        ({"variants": [variant], "name_zh": "名"}, "description_zh"),
        ({"variants": [english_only], "name_zh": "名", "description_zh": "说明"}, "variants"),
    ]:
        with pytest.raises(ApplicationError) as refused:
            services.submission_launch(submission=submission, actor=world.curator, **kwargs)
        assert refused.value.field == field
    assert not Product.objects.exists()
    product = services.submission_launch(
        submission=submission, actor=world.curator, variants=[variant], name_zh="名", description_zh="说明"
    )
    assert (product.name_zh, product.description_zh, product.variants.get().name_zh) == ("名", "说明", "90 厘米")


def test_review_decisions_follow_the_transition_map(world):
    from tests.incubator.factories import make_approved, make_draft, make_submitted

    assert services.review_decisions_allowed(submission=make_submitted(world)) == [
        "APPROVE",
        "REQUEST_CHANGES",
        "REJECT",
    ]
    approved = make_approved(world)
    assert services.review_decisions_allowed(submission=approved) == ["REJECT"]
    draft = make_draft(world)
    assert services.review_decisions_allowed(submission=draft) == ["REJECT"]
