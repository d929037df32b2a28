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

pytestmark = pytest.mark.django_db

TASK = "worker.tasks.incubator.notification_email_task"


def test_submit_notifies_every_curator_after_commit(world, django_capture_on_commit_callbacks):
    from tests.incubator.factories import curator_user

    second_curator = curator_user()
    submission = make_draft(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submission_submit(submission=submission, actor=world.designer)
    assert callbacks, "the relay is nudged after commit"
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
