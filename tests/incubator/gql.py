"""Run GraphQL documents through the real endpoint, signed in as a given user (session)."""

from __future__ import annotations

import base64
import json

from django.test import Client
from graphql_relay import to_global_id


def gql(user, query: str, variables: dict | None = None) -> dict:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.post(
        "/graphql/", data=json.dumps({"query": query, "variables": variables or {}}), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def gid(type_name: str, pk: int) -> str:
    return to_global_id(type_name, pk)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


SUBMISSION_FRAGMENT = """
fragment S on Submission {
  id state designerRateBp
  currentRevision { number title submittedAt images { id url format } usages { weightBp licence { reference } } }
  revisions { number }
  timeline { fromState toState comment actorName }
  approvals { id status museum { slug } comment }
  agreement { designerRateBp designName }
  product { slug }
}
"""
