"""Posting GraphQL documents through the real endpoint (middleware, CSRF rule and limits included)."""

from __future__ import annotations

import json


def graphql_post(client, query: str, variables: dict | None = None, **extra):
    """POST ``query`` to /graphql/; returns (status code, decoded JSON body)."""
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **extra,
    )
    return response.status_code, json.loads(response.content or b"{}")


def error_codes(body: dict) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in body.get("errors", [])]
