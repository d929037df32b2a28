"""Notifications travel through the outbox: rows and messages are written with the change, the relay
is nudged only after commit, and each message runs the registered Celery task with JSON kwargs."""

import json

import pytest
from celery import current_app
from django.core import mail

from incubator import services
from incubator.models import Notification
from shop.core.errors import ApplicationError
from shop.core.models import OutboxMessage
from tests.incubator.factories import make_draft, make_submitted
from tests.outbox_helpers import outbox_run

pytestmark = pytest.mark.django_db

TASK = "worker.tasks.incubator.notification_email_task"
NOTIFY_TASK = "worker.tasks.incubator.submission_transition_notify_task"


def test_submit_notifies_every_curator_after_commit(world, django_capture_on_commit_callbacks):
    from tests.incubator.factories import curator_user

    second_curator = curator_user()
    submission = make_draft(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submission_submit(submission=submission, actor=world.designer)
    assert callbacks, "the relay is nudged after commit"
    outbox_run(task_name=NOTIFY_TASK)  # the worker's reaction to submission.transitioned
    notified = set(Notification.objects.values_list("user_id", flat=True))
    assert notified == {world.curator.pk, second_curator.pk}
    messages = OutboxMessage.objects.filter(task_name=TASK)
    assert sorted(m.kwargs["notification_id"] for m in messages) == sorted(
        Notification.objects.values_list("pk", flat=True)
    )


def test_outbox_messages_run_the_registered_task_and_email_once(world):
    import worker.tasks  # noqa: F401 - registers the tasks as the worker does

    submission = make_submitted(world)
    services.submission_review(
        submission=submission, actor=world.curator, decision="REQUEST_CHANGES", comment="Brighter colours"
    )
    outbox_run(task_name=NOTIFY_TASK)
    message = OutboxMessage.objects.filter(task_name=TASK).order_by("-id").first()
    kwargs = json.loads(json.dumps(message.kwargs))  # what the broker carries
    task = current_app.tasks[message.task_name]
    task.apply(kwargs=kwargs, throw=True)
    task.apply(kwargs=kwargs, throw=True)  # a redelivery sends nothing more
    sent = [email for email in mail.outbox if "Brighter colours" in email.body]
    assert len(sent) == 1
    assert sent[0].to == [world.designer.email]


def test_refused_action_notifies_no_one(world):
    submission = make_draft(world)
    with pytest.raises(ApplicationError) as caught:
        services.submission_review(submission=submission, actor=world.curator, decision="APPROVE")
    assert caught.value.code == "INVALID_TRANSITION"
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_each_person_is_notified_in_their_own_language_not_the_actors(world):
    from django.utils import translation

    from tests.incubator.factories import make_awaiting_museums

    world.designer.language = "zh-hans"
    world.designer.save(update_fields=["language"])
    world.curator.language = "en"
    world.curator.save(update_fields=["language"])
    submission = make_awaiting_museums(world, licence=world.solo_licence)
    with translation.override("en"):  # the museum's staff act in English
        services.museum_approval_decide(
            approval=submission.approvals.get(), actor=world.chongqing_staff, decision="DECLINE", comment="太小了"
        )
    outbox_run()

    to_designer = Notification.objects.filter(user=world.designer).order_by("-id").first()
    to_curator = Notification.objects.filter(user=world.curator).order_by("-id").first()
    assert to_designer.text.startswith(world.chongqing.name_zh) and "未批准" in to_designer.text
    assert "太小了" in to_designer.text
    assert to_curator.text.startswith(world.chongqing.name_en) and " declined " in to_curator.text
    [email] = [m for m in mail.outbox if m.to == [world.designer.email] and "太小了" in m.body]
    assert email.subject == f"巴蜀文创: 您的设计“{submission.current_revision.title}”"


def test_the_reaction_notifies_each_person_once_however_often_it_runs(world):
    from incubator.models import SubmissionTransition
    from incubator.services.notifications import submission_transition_notify

    submission = make_submitted(world)
    step = SubmissionTransition.objects.filter(submission=submission, to_state="submitted").get()
    first = submission_transition_notify(transition_id=step.pk)
    again = submission_transition_notify(transition_id=step.pk)
    assert len(first) == 1 and again == []
    assert Notification.objects.filter(user=world.curator).count() == 1


def test_notification_emails_link_absolutely_and_never_cut_the_subject(world, settings):
    settings.SITE_URL = "https://shop.bashu.example"
    submission = make_draft(world)
    submission.current_revision.title = "A very long title " * 8
    submission.current_revision.save(update_fields=["title"])
    services.submission_submit(submission=submission, actor=world.designer)
    outbox_run()
    [email] = [m for m in mail.outbox if m.to == [world.curator.email]]
    assert f"https://shop.bashu.example/incubator/submissions/{submission.pk}/" in email.body
    assert email.subject.endswith("”") and submission.current_revision.title.strip() in email.subject
