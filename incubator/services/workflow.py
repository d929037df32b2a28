"""The submission state machine, in one place.

``TRANSITIONS`` maps every allowed (from, to) pair to the kind of actor who may cause it;
``submission_transition`` is the only code that changes ``Submission.state``. Anything not in
the map is refused with ``INVALID_TRANSITION`` and writes nothing.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext

from incubator.errors import IncubatorErrorCode
from incubator.events import SUBMISSION_TRANSITIONED
from incubator.models import Submission, SubmissionState, SubmissionTransition
from shop.core.errors import ApplicationError
from shop.core.outbox import event_publish

S = SubmissionState


class Actor(StrEnum):
    DESIGNER = "designer"
    CURATOR = "curator"
    MUSEUM = "museum"
    SYSTEM = "system"


CLOSED_STATES = frozenset({S.LAUNCHED, S.REJECTED, S.WITHDRAWN})
OPEN_STATES = frozenset(S) - CLOSED_STATES
# States in which the designer may still change the work (a submitted revision is copied first).
EDITABLE_STATES = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
# Until the museums have approved, curators may change the designer rate the agreement will fix.
RATE_CHANGEABLE_STATES = frozenset(
    {S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.CURATOR_APPROVED, S.AWAITING_MUSEUMS}
)

TRANSITIONS: dict[tuple[S, S], Actor] = {
    (S.DRAFT, S.SUBMITTED): Actor.DESIGNER,
    (S.SUBMITTED, S.IN_REVIEW): Actor.CURATOR,
    (S.IN_REVIEW, S.CHANGES_REQUESTED): Actor.CURATOR,
    (S.CHANGES_REQUESTED, S.SUBMITTED): Actor.DESIGNER,
    (S.IN_REVIEW, S.CURATOR_APPROVED): Actor.CURATOR,
    (S.CURATOR_APPROVED, S.AWAITING_MUSEUMS): Actor.SYSTEM,
    (S.AWAITING_MUSEUMS, S.APPROVED): Actor.MUSEUM,
    (S.AWAITING_MUSEUMS, S.CHANGES_REQUESTED): Actor.MUSEUM,
    (S.APPROVED, S.SAMPLE_SUBMITTED): Actor.DESIGNER,
    (S.SAMPLE_SUBMITTED, S.SAMPLE_APPROVED): Actor.CURATOR,
    (S.SAMPLE_SUBMITTED, S.APPROVED): Actor.CURATOR,
    (S.SAMPLE_APPROVED, S.LAUNCHED): Actor.CURATOR,
    **{(state, S.REJECTED): Actor.CURATOR for state in OPEN_STATES},
    **{(state, S.WITHDRAWN): Actor.DESIGNER for state in OPEN_STATES},
}


def transition_allowed(*, from_state: str, to_state: str, actor_kind: Actor) -> bool:
    return TRANSITIONS.get((S(from_state), S(to_state))) == actor_kind


def transition_check(*, submission: Submission, to_state: str, actor_kind: Actor) -> None:
    """Raise ``INVALID_TRANSITION`` unless ``actor_kind`` may move ``submission`` to ``to_state`` now."""
    if not transition_allowed(from_state=submission.state, to_state=to_state, actor_kind=actor_kind):
        raise ApplicationError(
            gettext("A submission that is “%(state)s” cannot become “%(target)s”.")
            % {"state": S(submission.state).label, "target": S(to_state).label},
            code=IncubatorErrorCode.INVALID_TRANSITION,
            field=None,
        )


def submission_transition(
    *, submission: Submission, to_state: str, actor_kind: Actor, actor=None, comment: str = ""
) -> SubmissionTransition:
    """Move ``submission`` (locked by the caller, inside its transaction) to ``to_state`` and record
        the step on its timeline, and publish ``submission.transitioned`` (who is notified is decided by the
    reaction, ``notifications.submission_transition_notify``). Guarantees: only pairs in ``TRANSITIONS``,
    by the actor kind listed."""
    transition_check(submission=submission, to_state=to_state, actor_kind=actor_kind)
    step = SubmissionTransition.objects.create(
        submission=submission,
        from_state=submission.state,
        to_state=to_state,
        actor=actor,
        comment=comment,
        revision_number=submission.current_revision.number if submission.current_revision else None,
    )
    submission.state = to_state
    submission.save(update_fields=["state", "updated_at"])
    event_publish(SUBMISSION_TRANSITIONED, submission_id=submission.pk, transition_id=step.pk)
    return step
