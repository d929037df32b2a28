"""Posting GraphQL documents to /graphql/ as a guest, with a bearer token, or with a schema that includes ``me``."""

from __future__ import annotations

import json

from django.test import Client


def gql(client: Client, query: str, variables: dict | None = None, *, token: str | None = None) -> dict:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    return response.json()
