"""``me { submissions(first) }``: the signed-in designer's own submissions, nobody else's."""

import graphene
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from config import schema_user
from tests.incubator.factories import make_draft

pytestmark = pytest.mark.django_db

QUERY = "{ me { submissions(first: 10) { totalCount edges { node { currentRevision { title } } } } } }"


def _run(user):
    request = RequestFactory().post("/graphql/")
    request.user = user or AnonymousUser()
    return graphene.Schema(query=schema_user.Query).execute(QUERY, context_value=request)


def test_me_submissions_lists_only_my_own(world):
    make_draft(world)
    make_draft(world, designer=world.other_designer)
    result = _run(world.designer)
    assert result.errors is None
    assert result.data["me"]["submissions"]["totalCount"] == 1


def test_me_submissions_is_empty_for_a_shopper(world):
    make_draft(world)
    result = _run(world.shopper)
    assert result.data["me"]["submissions"]["totalCount"] == 0
