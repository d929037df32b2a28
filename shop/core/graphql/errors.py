"""GraphQL error types and the one place where domain errors become mutation ``errors``.

Every app declares its error-code enum in ``<app>/errors.py`` and an error type with
``error_type("CatalogError", CatalogErrorCode)``; mutations return ``errors: [XError!]!``
(:func:`mutation_errors`). A query resolver lets an ``ApplicationError`` propagate: the endpoint
(``ShopGraphQLView.format_error``) turns it into a top-level error with ``extensions.code`` and
``extensions.field``; resolvers do not wrap it themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum

import graphene
from graphql import GraphQLError

from shop.core.errors import ApplicationError, ErrorCode

_ENUMS: dict[str, type[graphene.Enum]] = {}


def graphql_enum(enum: type[StrEnum], name: str | None = None) -> type[graphene.Enum]:
    """One graphene Enum per Python enum (graphene refuses two types of the same name)."""
    name = name or enum.__name__
    if name not in _ENUMS:
        _ENUMS[name] = graphene.Enum.from_enum(enum, name=name)
    return _ENUMS[name]


def error_type(name: str, codes: type[StrEnum]) -> type[graphene.ObjectType]:
    """An ``{ field code message }`` type whose ``code`` is the app's enum."""
    code_enum = graphql_enum(codes)
    return type(
        name,
        (graphene.ObjectType,),
        {
            "field": graphene.String(description="The input field at fault, in camelCase; null for the whole input."),
            "code": graphene.Field(code_enum, required=True),
            "message": graphene.String(required=True),
            "Meta": type("Meta", (), {"description": f"An expected failure of a mutation ({codes.__name__})."}),
        },
    )


def camel_field(field: str | None) -> str | None:
    """A service's snake_case field name as the GraphQL input names it (``price_gte`` → ``priceGte``)."""
    if not field:
        return None
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)


ErrorExtra = Callable[[ApplicationError], dict]


def errors_from(exc: ApplicationError, codes: type[StrEnum], *, extra: ErrorExtra | None = None) -> list[dict]:
    """Plain dicts for the payload, one per error (``ValidationFailed`` holds several); an unknown code falls
    back to INVALID so nothing 500s. ``extra`` adds an app's own fields (say, the checkout line at fault)."""
    result = []
    for item in exc.errors:
        code = item.code if item.code in codes.__members__ else "INVALID"
        error = {"field": camel_field(item.field), "code": codes[code], "message": item.message}
        if extra is not None:
            error.update(extra(item))
        result.append(error)
    return result


def mutation_errors(codes: type[StrEnum], *, extra: ErrorExtra | None = None):
    """Decorate ``mutate``: an ``ApplicationError`` returns ``Payload(errors=[...])`` instead of raising.
    The one place where mutations turn domain errors into ``errors`` (see ``errors_from``)."""

    def decorate(mutate):
        @functools.wraps(mutate)
        def wrapper(cls, root, info, **kwargs):
            try:
                return mutate(cls, root, info, **kwargs)
            except ApplicationError as exc:
                return cls(errors=errors_from(exc, codes, extra=extra))

        return wrapper

    return decorate


def permission_denied_error(message: str = "You do not have permission to do this.") -> GraphQLError:
    """For queries: a top-level error with ``extensions.code``; the field resolves to null."""
    return GraphQLError(message, extensions={"code": ErrorCode.PERMISSION_DENIED.value})
