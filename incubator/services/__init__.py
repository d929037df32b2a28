"""Incubator services: every write and business rule (see ``workflow`` for the state machine).

Public surface: this package (writes and business rules, re-exported here) and ``incubator.selectors`` are
what the rest of the project (config's GraphQL root, worker's tasks) may call in the incubator; its
models and error codes may be imported as types, everything else is its own.
"""

from incubator.services.designers import brief_close, brief_create, designer_profile_save
from incubator.services.imagery import relic_image_download, relic_image_download_refusal
from incubator.services.launch import LaunchVariant, submission_launch, submission_publish
from incubator.services.notifications import notification_email_send, notification_mark_read, notify
from incubator.services.review import (
    MuseumDecision,
    ReviewDecision,
    SampleVerdict,
    museum_approval_decide,
    review_decisions_allowed,
    submission_review,
    submission_sample_decide,
    submission_sample_submit,
    submission_set_designer_rate,
)
from incubator.services.submissions import (
    submission_create,
    submission_image_add,
    submission_image_remove,
    submission_submit,
    submission_update,
    submission_withdraw,
)

__all__ = [
    "LaunchVariant",
    "MuseumDecision",
    "ReviewDecision",
    "SampleVerdict",
    "brief_close",
    "brief_create",
    "designer_profile_save",
    "museum_approval_decide",
    "notification_email_send",
    "notification_mark_read",
    "notify",
    "relic_image_download",
    "relic_image_download_refusal",
    "review_decisions_allowed",
    "submission_create",
    "submission_image_add",
    "submission_image_remove",
    "submission_launch",
    "submission_publish",
    "submission_review",
    "submission_sample_decide",
    "submission_sample_submit",
    "submission_set_designer_rate",
    "submission_submit",
    "submission_update",
    "submission_withdraw",
]
