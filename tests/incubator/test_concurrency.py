"""Two museums answering at the same moment: the submission row lock serialises them, so the
agreement (and its catalogue design) is created exactly once and the state ends approved."""

import threading

import pytest
from django.db import connection

from incubator import services
from incubator.models import DesignAgreement, SubmissionState
from shop.catalog.models import Design
from tests.incubator.factories import make_awaiting_museums, make_world


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_museum_approvals_make_one_agreement(require_postgres):
    world = make_world()
    submission = make_awaiting_museums(world)
    approvals = {a.museum_id: a for a in submission.approvals.all()}
    pairs = [
        (approvals[world.chongqing.pk], world.chongqing_staff),
        (approvals[world.sichuan.pk], world.sichuan_staff),
    ]
    barrier = threading.Barrier(len(pairs))
    failures = []

    def decide(approval, staff):
        try:
            barrier.wait()
            services.museum_approval_decide(approval=approval, actor=staff, decision="APPROVE")
        except Exception as exc:  # collected and asserted below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED
    assert DesignAgreement.objects.filter(submission=submission).count() == 1
    assert Design.objects.count() == 1
    assert submission.transitions.filter(to_state=SubmissionState.APPROVED).count() == 1
