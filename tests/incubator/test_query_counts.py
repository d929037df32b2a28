"""The SQL cost of the incubator's lists does not grow with the page: each is pinned, at 1 and at 50 items,
with the fields a curator's, museum's or designer's screen asks for."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from incubator import services
from incubator.models import MuseumApproval, Notification, Submission
from tests.factories import RelicFactory
from tests.incubator.factories import make_approved, make_awaiting_museums, make_draft, make_launched
from tests.outbox_helpers import outbox_run
from tests.shop.catalog.graphql.imagery_factories import relic_image_create

pytestmark = pytest.mark.django_db

SUBMISSIONS = """
query($first: Int!) { submissions(first: $first) { totalCount pageInfo { hasNextPage endCursor } edges { node {
  id state createdAt updatedAt designerRateBp
  designer { id displayName }
  brief { id title isOpen }
  currentRevision {
    number title materials submittedAt proposedRetailPrice { amount currency } category { slug name }
    images { id url format width height }
    usages { weightBp licence { reference status } relic { slug name museum { slug } } }
    museums { slug name }
  }
  revisions { number title submittedAt }
  timeline { fromState toState comment actorName createdAt }
  approvals { id status comment revisionNumber museum { slug } }
  agreement { designerRateBp designName }
  samples { id decision comment images { id url } }
  product { slug name }
} } } }
"""
# session, user, the user's roles, page (designer, brief, current revision and category, product joined),
# COUNT, current revisions' images, usages (licence, relic, museum joined), licensor shares,
# revisions, timeline, approvals, agreements, samples, sample images.
SUBMISSIONS_QUERIES = 14

MUSEUM_APPROVALS = """
query($first: Int!) { museumApprovals(first: $first) { totalCount edges { node {
  id status comment decidedAt createdAt revisionNumber museum { slug name }
  submission {
    id state designer { displayName }
    currentRevision { title proposedRetailPrice { amount } images { url } usages { weightBp relic { name } } }
  }
} } } }
"""
# session, user, roles, the staff member's museum (membership, museum), page (museum, revision, submission
# and designer joined), COUNT, current revisions, their images, their usages.
MUSEUM_APPROVALS_QUERIES = 10

BRIEFS = """
query($first: Int!) { briefs(first: $first, openOnly: false) { totalCount edges { node {
  id title text status isOpen deadline createdAt
  relics { slug name museum { slug name } images { url(size: SMALL) alt } }
  categories { slug name }
} } } }
"""
# page, relics, their museums, categories (the selector's prefetches), COUNT, relic images.
BRIEFS_QUERIES = 6

NOTIFICATIONS = """
query($first: Int!) { unreadNotificationCount notifications(first: $first) { totalCount
  pageInfo { hasNextPage } edges { node { id text link createdAt readAt } } } }
"""
# session, user, the unread COUNT, the page, the COUNT.
NOTIFICATIONS_QUERIES = 5


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _post(client: Client, query: str, variables: dict) -> dict:
    response = client.post(
        "/graphql/", data=json.dumps({"query": query, "variables": variables}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def _assert_same_cost(django_assert_num_queries, user, query: str, expected: int, field: str) -> dict:
    client = _client(user)
    _post(client, query, {"first": 1})  # what a first visit does once (sign-in bookkeeping) is not counted
    with django_assert_num_queries(expected):
        one = _post(client, query, {"first": 1})
    with django_assert_num_queries(expected):
        fifty = _post(client, query, {"first": 50})
    assert len(one[field]["edges"]) == 1
    assert len(fifty[field]["edges"]) == 50
    return fifty


def _brief(world):
    return services.brief_create(
        actor=world.curator,
        title="Bronze age",
        text="Designs after the bronzes.",
        relics=[world.joint_licence.relic, world.solo_licence.relic],
        categories=[world.category],
    )


def _submissions(world, count: int) -> None:
    """``count`` submissions in every state a list shows (drafts, waiting for museums, approved), the
    newest launched (samples, agreement, product), all answering one brief."""
    makers = (make_draft, make_awaiting_museums, make_approved)
    for index in range(count - 1):
        designer = world.designer if index % 2 else world.other_designer
        makers[index % 3](world, designer=designer)
    make_launched(world)
    Submission.objects.update(brief=_brief(world))


def test_submissions_cost_the_same_queries_for_1_and_50(world, django_assert_num_queries):
    _submissions(world, 51)

    data = _assert_same_cost(django_assert_num_queries, world.curator, SUBMISSIONS, SUBMISSIONS_QUERIES, "submissions")

    nodes = [edge["node"] for edge in data["submissions"]["edges"]]
    launched = nodes[0]
    assert launched["state"] == "LAUNCHED" and launched["product"]["slug"]
    assert launched["agreement"]["designName"] and launched["samples"][0]["images"][0]["url"]
    assert [m["slug"] for m in launched["currentRevision"]["museums"]] == ["three-gorges", "sichuan"]
    assert {a["museum"]["slug"] for a in launched["approvals"]} == {"three-gorges", "sichuan"}
    assert all(node["brief"]["title"] == "Bronze age" for node in nodes)
    assert all(node["currentRevision"]["usages"][0]["relic"]["museum"]["slug"] == "sichuan" for node in nodes)
    assert {node["state"] for node in nodes} == {"LAUNCHED", "DRAFT", "AWAITING_MUSEUMS", "APPROVED"}
    for node in nodes:
        assert node["revisions"][-1]["number"] == len(node["revisions"])
        assert len(node["currentRevision"]["images"]) == 1
        assert (node["agreement"] is None) == (node["state"] in {"DRAFT", "AWAITING_MUSEUMS"})


def test_museum_approvals_cost_the_same_queries_for_1_and_50(world, django_assert_num_queries):
    for _ in range(50):
        make_awaiting_museums(world)

    data = _assert_same_cost(
        django_assert_num_queries,
        world.sichuan_staff,
        MUSEUM_APPROVALS,
        MUSEUM_APPROVALS_QUERIES,
        "museumApprovals",
    )

    nodes = [edge["node"] for edge in data["museumApprovals"]["edges"]]
    assert data["museumApprovals"]["totalCount"] == MuseumApproval.objects.filter(museum=world.sichuan).count()
    assert {node["museum"]["slug"] for node in nodes} == {"sichuan"}
    assert all(node["status"] == "PENDING" and node["revisionNumber"] == 1 for node in nodes)
    assert all(len(node["submission"]["currentRevision"]["images"]) == 1 for node in nodes)
    assert all(node["submission"]["currentRevision"]["usages"][0]["weightBp"] == 10_000 for node in nodes)


def test_briefs_cost_the_same_queries_for_1_and_50(world, django_assert_num_queries):
    for index in range(50):
        relic = RelicFactory(museum=world.sichuan if index % 2 else world.chongqing)
        relic_image_create(relic=relic)
        services.brief_create(
            actor=world.curator, title=f"Brief {index}", text="…", relics=[relic], categories=[world.category]
        )

    data = _assert_same_cost(django_assert_num_queries, None, BRIEFS, BRIEFS_QUERIES, "briefs")

    nodes = [edge["node"] for edge in data["briefs"]["edges"]]
    assert all(len(node["relics"]) == 1 and node["relics"][0]["images"][0]["url"] for node in nodes)
    assert {node["relics"][0]["museum"]["slug"] for node in nodes} == {"sichuan", "three-gorges"}
    assert all(node["categories"] == [{"slug": "scarves", "name": world.category.name_en}] for node in nodes)


def test_notifications_cost_the_same_queries_for_1_and_50(world, django_assert_num_queries):
    for _ in range(30):  # each tells the designer that the submission went to the museums
        make_awaiting_museums(world)
    outbox_run()  # the worker notifies the designer of each step
    Notification.objects.bulk_create(
        Notification(user=world.designer, text=f"Older news {index}", read_at=timezone.now()) for index in range(30)
    )
    unread = world.designer.notifications.filter(read_at__isnull=True).count()
    assert unread >= 30

    data = _assert_same_cost(
        django_assert_num_queries, world.designer, NOTIFICATIONS, NOTIFICATIONS_QUERIES, "notifications"
    )

    assert data["unreadNotificationCount"] == unread
    assert data["notifications"]["totalCount"] == world.designer.notifications.count() >= 60
    assert data["notifications"]["pageInfo"]["hasNextPage"] is True
