"""Relay connections with ``totalCount`` and a hard cap on ``first``, paginated by offset cursors.

Resolvers hand a queryset (with its prefetches) to :func:`paginate`; the page is fetched in one
query (one row more than asked, to know ``hasNextPage``) and ``totalCount`` costs a COUNT only
when it is selected.
"""

from __future__ import annotations

import graphene
from django.db.models import QuerySet
from graphene import relay
from graphql_relay import cursor_to_offset, offset_to_cursor

from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.dataloaders import peers_register

MAX_PAGE = 100
DEFAULT_PAGE = 20
# The furthest a cursor may point: far beyond any list here, and well inside PostgreSQL's bigint OFFSET.
MAX_OFFSET = 10**9


class CountableConnection(relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(required=True, description="How many items match, across all pages.")

    @staticmethod
    def resolve_edges(root, info):
        # The page's nodes are one another's peers: a relation asked of one is loaded for all (dataloaders).
        peers_register(info, [edge.node for edge in root.edges])
        return root.edges

    @staticmethod
    def resolve_total_count(root, info) -> int:
        if getattr(root, "total_count_value", None) is None:
            root.total_count_value = root.count_source.count()
        return root.total_count_value


def connection_args() -> dict:
    """``first`` and ``after``, the paging arguments every list takes."""
    return {
        "first": graphene.Int(description=f"Page size, 0 to {MAX_PAGE} (default {DEFAULT_PAGE})."),
        "after": graphene.String(description="Cursor of the item after which the page starts."),
    }


def page_bounds(*, first: int | None, after: str | None) -> tuple[int, int]:
    """(offset, limit) for ``first``/``after``; a bad value is an INVALID error naming the argument."""
    if first is None:
        first = DEFAULT_PAGE
    if first < 0:
        raise ApplicationError("`first` cannot be negative.", code=ErrorCode.INVALID, field="first")
    if first > MAX_PAGE:
        raise ApplicationError(
            f"`first` is {first}; a page holds at most {MAX_PAGE} items.", code=ErrorCode.INVALID, field="first"
        )
    offset = 0
    if after is not None:
        after_offset = cursor_to_offset(after)
        if after_offset is None or not 0 <= after_offset < MAX_OFFSET:
            raise ApplicationError(f"“{after}” is not a valid cursor.", code=ErrorCode.INVALID, field="after")
        offset = after_offset + 1
    return offset, first


def paginate(
    queryset: QuerySet, *, connection_type: type[CountableConnection], first: int | None, after: str | None
) -> CountableConnection:
    """One page of ``queryset`` as a connection (its prefetches run once for the whole page)."""
    offset, limit = page_bounds(first=first, after=after)
    rows = list(queryset[offset : offset + limit + 1]) if limit else []
    return connection_from_rows(
        rows, offset=offset, limit=limit, connection_type=connection_type, count_source=queryset.order_by()
    )


def connection_from_rows(
    rows: list, *, offset: int, limit: int, connection_type: type[CountableConnection], count_source: QuerySet
) -> CountableConnection:
    """A connection of ``rows``, read from ``offset`` with one row more than ``limit`` when there is a next page;
    ``totalCount`` counts ``count_source`` if it is asked for."""
    has_next = len(rows) > limit
    rows = rows[:limit]
    edge_type = connection_type.Edge
    edges = [edge_type(node=row, cursor=offset_to_cursor(offset + index)) for index, row in enumerate(rows)]
    connection = connection_type(
        edges=edges,
        page_info=relay.PageInfo(
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
            has_previous_page=offset > 0,
            has_next_page=has_next,
        ),
    )
    connection.count_source = count_source
    return connection
