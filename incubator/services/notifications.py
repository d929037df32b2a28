"""Notifications: a row per person (the portal's list) and an email each, in that person's language.

Who hears about a submission's step is decided here, in one table (:func:`_notices_for`), as the
reaction to ``submission.transitioned``: the services that move a submission only publish that event.
Each notice is written in its recipient's language (``User.language``), not the language of whoever
acted; emails carry an absolute link (``SITE_URL``) and a subject that is never cut mid-phrase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from incubator import selectors
from incubator.events import NOTIFICATION_CREATED
from incubator.models import (
    ApprovalStatus,
    MuseumApproval,
    Notification,
    Submission,
    SubmissionState,
    SubmissionTransition,
)
from shop.accounts.selectors import user_language
from shop.collection.models import Museum, localized
from shop.core.links import absolute_url
from shop.core.outbox import event_publish

S = SubmissionState
Text = Callable[[], str]  # rendered inside the recipient's language


def notify(*, users: Iterable, text: str | Text, subject: str | Text = "", link: str = "", key: str = "") -> list:
    """Record a notification for each distinct user and publish ``notification.created`` for its email,
    inside the caller's transaction: a rolled-back change notifies no one.

    ``text`` and ``subject`` may be callables, rendered once per recipient in their language. With a
    ``key``, a user already notified under it is skipped (a reaction that runs twice notifies once)."""
    seen: set[int] = set()
    created = []
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(user_language(user)):
            body = text() if callable(text) else text
            heading = subject() if callable(subject) else subject
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=user, text=body[:500], subject=heading[:255], link=link, key=key
                )
        except IntegrityError:  # already notified under this key
            continue
        event_publish(NOTIFICATION_CREATED, notification_id=notification.pk)
        created.append(notification)
    return created


@dataclass(frozen=True, slots=True)
class _Notice:
    users: Iterable
    text: Text
    subject: Text
    link: str


def submission_transition_notify(*, transition_id: int) -> list[Notification]:
    """The reaction to ``submission.transitioned``: notify everyone concerned by one step of a
    submission's timeline, once (the notifications are keyed by the step)."""
    step = (
        SubmissionTransition.objects.select_related("submission__designer", "submission__current_revision")
        .filter(pk=transition_id)
        .first()
    )
    if step is None:
        return []
    created = []
    with transaction.atomic():
        for notice in _notices_for(step):
            created += notify(
                users=notice.users,
                text=notice.text,
                subject=notice.subject,
                link=notice.link,
                key=f"transition:{step.pk}",
            )
    return created


def _notices_for(step: SubmissionTransition) -> list[_Notice]:
    """Who hears about ``step``, and what they read. Steps not listed here notify no one."""
    submission: Submission = step.submission
    revision = submission.revisions.filter(number=step.revision_number).first() or submission.current_revision
    title = revision.title if revision else ""
    link = reverse("incubator:submission_detail", args=[submission.pk])
    designer = [submission.designer]
    comment = step.comment
    # gettext runs when a notice is rendered, inside its recipient's language (see ``notify``).
    about = lambda: _("Your design “%(title)s”") % {"title": title}  # noqa: E731 - the designer's subject
    review = lambda: _("To review: “%(title)s”") % {"title": title}  # noqa: E731 - the curators' subject

    match (step.from_state, step.to_state):
        case (_from, S.SUBMITTED):
            return [
                _Notice(
                    selectors.curator_list(),
                    lambda: _("“%(title)s” (revision %(number)s) was submitted for review.")
                    % {"title": title, "number": step.revision_number},
                    review,
                    link,
                )
            ]
        case (_from, S.REJECTED):
            return [
                _Notice(
                    designer, lambda: _("“%(title)s” was not accepted: %(comment)s") % _t(title, comment), about, link
                )
            ]
        case (S.IN_REVIEW, S.CHANGES_REQUESTED):
            return [
                _Notice(
                    designer,
                    lambda: _("Changes requested on “%(title)s”: %(comment)s") % _t(title, comment),
                    about,
                    link,
                )
            ]
        case (S.CURATOR_APPROVED, S.AWAITING_MUSEUMS):
            museums = selectors.revision_museums(revision=revision)
            return [
                _Notice(
                    designer,
                    lambda: _("The curators approved “%(title)s”; the museums are now asked.") % {"title": title},
                    about,
                    link,
                ),
                _Notice(
                    selectors.museum_staff_list(museums=museums),
                    lambda: _("A design uses your museum's relics and needs your approval: “%(title)s”.")
                    % {"title": title},
                    lambda: _("Approval asked: “%(title)s”") % {"title": title},
                    reverse("incubator:approval_queue"),
                ),
            ]
        case (S.AWAITING_MUSEUMS, S.CHANGES_REQUESTED):
            declined = (
                MuseumApproval.objects.select_related("museum")
                .filter(submission=submission, revision=revision, status=ApprovalStatus.DECLINED)
                .order_by("-decided_at", "-id")
                .first()
            )
            museum: Museum | None = declined.museum if declined else None
            reason = declined.comment if declined else comment
            return [
                _Notice(
                    [*designer, *selectors.curator_list()],
                    lambda: _("%(museum)s declined “%(title)s”: %(comment)s")
                    % {"museum": localized(museum, "name") if museum else _("A museum"), **_t(title, reason)},
                    about,
                    link,
                )
            ]
        case (S.AWAITING_MUSEUMS, S.APPROVED):
            return [
                _Notice(
                    [*designer, *selectors.curator_list()],
                    lambda: _("Every museum approved “%(title)s”. Next: photos of the physical sample.")
                    % {"title": title},
                    about,
                    link,
                )
            ]
        case (S.APPROVED, S.SAMPLE_SUBMITTED):
            return [
                _Notice(
                    selectors.curator_list(),
                    lambda: _("Photos of the sample of “%(title)s” are ready for review.") % {"title": title},
                    review,
                    link,
                )
            ]
        case (S.SAMPLE_SUBMITTED, S.SAMPLE_APPROVED):
            return [
                _Notice(designer, lambda: _("The sample of “%(title)s” was accepted.") % {"title": title}, about, link)
            ]
        case (S.SAMPLE_SUBMITTED, S.APPROVED):
            return [
                _Notice(
                    designer,
                    lambda: _("The sample of “%(title)s” was sent back: %(comment)s") % _t(title, comment),
                    about,
                    link,
                )
            ]
        case (S.SAMPLE_APPROVED, S.LAUNCHED):
            museums = selectors.design_museums(submission=submission)
            return [
                _Notice(
                    [*designer, *selectors.museum_staff_list(museums=museums)],
                    lambda: _("“%(title)s” has been launched as a product.") % {"title": title},
                    about,
                    link,
                )
            ]
    return []


def _t(title: str, comment: str) -> dict[str, str]:
    return {"title": title, "comment": comment}


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification unless it was already emailed; True when sent now. Safe to run twice
    (a crash between sending and marking may send it again: at least once, never lost)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        with translation.override(user_language(notification.user)):
            subject = notification.subject or translation.gettext("News from the design portal")
            body = notification.text
            if notification.link:
                body += "\n\n" + absolute_url(notification.link)
            send_mail(
                subject=f"{translation.gettext('Bashu Creative')}: {subject}",
                message=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[notification.user.email],
            )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notification_mark_read(*, user, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them when ``notification_ids`` is None); returns
    how many changed. Other people's notifications are never touched."""
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())
