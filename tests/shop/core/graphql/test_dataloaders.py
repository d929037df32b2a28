"""The per-request dataloaders: peers load together, answers are remembered, and nothing leaks between
top-level fields (so a mutation's payload never reads what an earlier mutation of the document loaded)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from graphql.pyutils import Path
from graphql_relay import offset_to_cursor

from shop.core.graphql.dataloaders import DataLoader, peers_register
from tests.factories import MuseumFactory, RelicFactory
from tests.incubator.factories import make_draft, make_world
from tests.incubator.gql import gid, gql
from tests.shop.core.graphql.client import graphql_post


class Item(SimpleNamespace):
    pass


class NameLoader(DataLoader[Item, str]):
    batches: list[list[int]]

    def __init__(self, info, **params):
        super().__init__(info, **params)
        self.batches = []

    def batch_load(self, items):
        self.batches.append([item.pk for item in items])
        return [f"name {item.pk}" for item in items]


def _info(context, top_level: str = "field", *below: str | int):
    path = Path(None, top_level, None)
    for key in below:
        path = path.add_key(key, None)
    return SimpleNamespace(context=context, path=path)


def test_a_load_answers_every_peer_in_one_batch_and_remembers_them():
    context = SimpleNamespace()
    items = [Item(pk=pk) for pk in range(1, 6)]
    peers_register(_info(context, "items"), items)
    loader = NameLoader.for_request(_info(context, "items", "edges", 0))

    assert loader.load(items[2]) == "name 3"
    assert [loader.load(item) for item in items] == [f"name {pk}" for pk in range(1, 6)]
    assert loader.batches == [[1, 2, 3, 4, 5]]
    assert NameLoader.for_request(_info(context, "items", "edges", 4)) is loader


def test_an_object_in_no_list_is_loaded_alone_and_load_many_batches_what_it_is_given():
    context = SimpleNamespace()
    loader = NameLoader.for_request(_info(context))
    lone, others = Item(pk=7), [Item(pk=8), Item(pk=9)]

    assert loader.load(lone) == "name 7"
    assert loader.load_many([*others, lone]) == ["name 8", "name 9", "name 7"]
    assert loader.batches == [[7], [8, 9]]


def test_each_top_level_field_and_each_parameter_set_gets_its_own_loader():
    context = SimpleNamespace()
    first = NameLoader.for_request(_info(context, "a"))

    assert NameLoader.for_request(_info(context, "b")) is not first
    assert NameLoader.for_request(_info(context, "a"), first=1) is not first
    assert NameLoader.for_request(_info(context, "a")) is first
    assert NameLoader.for_request(_info(SimpleNamespace(), "a")) is not first


def test_a_batch_load_that_answers_too_few_is_an_error():
    class Broken(NameLoader):
        def batch_load(self, items):
            return []

    with pytest.raises(ValueError, match="returned 0 answers for 1"):
        Broken.for_request(_info(SimpleNamespace())).load(Item(pk=1))


@pytest.mark.django_db
def test_a_later_mutation_of_the_same_document_reads_its_own_changes():
    world = make_world()
    submission = make_draft(world)
    document = """mutation($id: ID!) {
      sent: submissionSubmit(id: $id) { submission { state timeline { toState } } errors { code } }
      back: submissionWithdraw(id: $id) { submission { state timeline { toState } } errors { code } }
    }"""

    data = gql(world.designer, document, {"id": gid("Submission", submission.pk)})["data"]

    assert data["sent"]["submission"]["timeline"] == [{"toState": "SUBMITTED"}]
    assert data["back"]["errors"] == []
    assert data["back"]["submission"]["state"] == "WITHDRAWN"
    assert [step["toState"] for step in data["back"]["submission"]["timeline"]] == ["SUBMITTED", "WITHDRAWN"]


@pytest.mark.django_db
def test_museum_relic_pages_are_read_for_every_museum_in_one_query(client, django_assert_num_queries):
    small, large = MuseumFactory(slug="a-small"), MuseumFactory(slug="b-large")
    for name in ("Axe", "Bell"):
        RelicFactory(museum=small, name_en=name)
    for name in ("Cup", "Drum", "Ewer", "Fan", "Gong"):
        RelicFactory(museum=large, name_en=name)
    query = """query($after: String) { museums { slug relics(first: 2, after: $after) {
        pageInfo { hasNextPage hasPreviousPage } edges { cursor node { name museum { slug } } } } } }"""

    with django_assert_num_queries(2):  # the museums, then every museum's page
        status, body = graphql_post(client, query, {"after": offset_to_cursor(0)})

    assert status == 200, body
    pages = {museum["slug"]: museum["relics"] for museum in body["data"]["museums"]}
    assert [edge["node"]["name"] for edge in pages["a-small"]["edges"]] == ["Bell"]
    assert pages["a-small"]["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}
    assert [edge["node"]["name"] for edge in pages["b-large"]["edges"]] == ["Drum", "Ewer"]
    assert pages["b-large"]["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": True}
    assert {edge["node"]["museum"]["slug"] for edge in pages["b-large"]["edges"]} == {"b-large"}
