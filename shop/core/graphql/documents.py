"""Parsed and validated GraphQL documents, kept per process so a repeated query is neither parsed nor
validated again.

Clients send the same few documents over and over (a shop's pages and apps have a fixed set of
queries; only the variables change). Parsing and validating one cost 11 ms of CPU per catalogue request
and ~18 ms per paid checkout (bench/catalog.py, bench/checkout.py): more than its SQL. Both depend only on
the document's text and the schema, never on variables, the user or the request, so the answer for one
text holds for every request until the schema changes (a deploy: a new process).

The cache is a bounded LRU keyed by the SHA-256 of the text (``DOCUMENT_CACHE_SIZE`` entries; documents
are at most ``MAX_QUERY_BYTES``, so memory stays bounded whatever clients send). A document that does not
parse is not cached (the error is cheap to find again); one that parses is cached with its validation
errors, so an invalid document is refused from the cache as well.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.settings import graphene_settings
from graphene_django.views import HttpError
from graphql import (
    ASTValidationRule,
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    validate,
    validate_schema,
)

from shop.core.graphql.execution import ShopExecutionContext, never_awaitable

DOCUMENT_CACHE_SIZE = 500
# Tokens the parser reads at most: a 20 kB document of one-letter fields stays under it, a token flood does not.
MAX_QUERY_TOKENS = 10_000


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A parsed document and what validating it against the schema found (empty: valid)."""

    document: DocumentNode
    errors: tuple[GraphQLError, ...]


@dataclass(slots=True)
class _Entry:
    document: DocumentNode
    # Validation errors per schema and set of rules (the project has one schema; tests may build others).
    # Keyed by the objects themselves, so a schema is never confused with a later one at the same address.
    validated: dict[tuple, tuple[GraphQLError, ...]] = field(default_factory=dict)
    # The limits' analysis per schema (``shop.core.graphql.limits.document_analyse``): it depends on the
    # document alone, so it is kept with it.
    analyses: dict[object, object] = field(default_factory=dict)


class _DocumentCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._lock = threading.Lock()  # threaded servers share the module

    def entry(self, query: str) -> _Entry:
        """The entry of ``query``, parsed now if it is not cached; raises ``GraphQLSyntaxError``."""
        key = hashlib.sha256(query.encode()).digest()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        entry = _Entry(
            document=parse(query, max_tokens=MAX_QUERY_TOKENS)
        )  # outside the lock: a slow parse does not hold up others
        with self._lock:
            entry = self._entries.setdefault(key, entry)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


_cache = _DocumentCache(DOCUMENT_CACHE_SIZE)


def document_parse(query: str) -> DocumentNode:
    """The syntax tree of ``query``, parsed once per process; raises ``GraphQLSyntaxError`` like
    ``graphql.parse``. The tree is shared: callers must not change it."""
    return _cache.entry(query).document


def document_analysed(schema: GraphQLSchema, query: str, analyse: Callable):
    """``analyse(document, schema=schema)`` of ``query``'s document, computed once per document and schema
    while it stays in the cache. Raises ``GraphQLSyntaxError`` when it does not parse (or has too many tokens)."""
    entry = _cache.entry(query)
    analysis = entry.analyses.get(schema)
    if analysis is None:
        analysis = entry.analyses[schema] = analyse(entry.document, schema=schema)
    return analysis


def document_prepare(
    schema: GraphQLSchema, query: str, *, rules: Sequence[type[ASTValidationRule]] | None = None, max_errors=None
) -> PreparedDocument:
    """``query`` parsed and validated against ``schema`` (with graphql-core's ``rules``, or the specified
    ones), each at most once per process while it stays in the cache. Raises ``GraphQLSyntaxError`` when it
    does not parse."""
    entry = _cache.entry(query)
    slot = (schema, tuple(rules) if rules else None, max_errors)
    errors = entry.validated.get(slot)
    if errors is None:
        errors = tuple(validate(schema, entry.document, rules, max_errors))
        entry.validated[slot] = errors
    return PreparedDocument(document=entry.document, errors=errors)


def document_cache_clear() -> None:
    """Forget every prepared document."""
    _cache.clear()


def document_cache_size() -> int:
    return len(_cache)


class PreparedDocumentsMixin:
    """For a graphene-django ``GraphQLView``: executes documents from the cache instead of parsing and
    validating each request's text. Behaves as ``GraphQLView.execute_graphql_request`` does otherwise
    (GET may not mutate, validation errors are returned without executing, ``ATOMIC_MUTATIONS``)."""

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        schema = self.schema.graphql_schema
        schema_errors = validate_schema(schema)  # computed once by graphql-core, then remembered on the schema
        if schema_errors:
            return ExecutionResult(data=None, errors=schema_errors)
        try:
            prepared = document_prepare(
                schema, query, rules=self.validation_rules, max_errors=graphene_settings.MAX_VALIDATION_ERRORS
            )
        except GraphQLError as exc:
            return ExecutionResult(errors=[exc])
        operation = get_operation_ast(prepared.document, operation_name)
        if request.method.lower() == "get" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            raise HttpError(
                HttpResponseNotAllowed(
                    ["POST"], f"Can only perform a {operation.operation.value} operation from a POST request."
                )
            )
        if prepared.errors:
            return ExecutionResult(data=None, errors=list(prepared.errors))
        options = {
            "is_awaitable": never_awaitable,
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
        }
        options["execution_context_class"] = self.execution_context_class or ShopExecutionContext
        try:
            atomic = graphene_settings.ATOMIC_MUTATIONS is True or connection.settings_dict.get("ATOMIC_MUTATIONS")
            if operation is not None and operation.operation == OperationType.MUTATION and atomic is True:
                with transaction.atomic():
                    result = execute(schema, prepared.document, **options)
                    if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
                        transaction.set_rollback(True)
                return result
            return execute(schema, prepared.document, **options)
        except Exception as exc:
            return ExecutionResult(errors=[exc])
