"""What the incubator announces (published through ``shop.core.outbox.event_publish``; ``worker/`` subscribes)."""

from shop.core.events import DomainEvent

NOTIFICATION_CREATED = DomainEvent(
    "notification.created", payload=("notification_id",), doc="Someone has a new portal notification to be emailed."
)
SUBMISSION_TRANSITIONED = DomainEvent(
    "submission.transitioned",
    payload=("submission_id", "transition_id"),
    doc="A submission moved along its state machine; the step is on its timeline (SubmissionTransition).",
)
