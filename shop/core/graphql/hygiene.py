"""Input hygiene for every GraphQL argument, in one place.

:func:`input_hygiene_install` runs once on the built schema (``config/schema.py``): it wraps the resolver of every
field that takes arguments, so a query or mutation added later is covered by construction, and checks the
argument values (after GraphQL has coerced them) before the resolver runs. Fields without arguments are left
alone, so large result sets pay nothing.

Refused, as ``INVALID`` with the argument's name in ``field`` (camelCase, the innermost name, as the services do):
strings holding NUL characters or lone surrogates (PostgreSQL and UTF-8 cannot store them: they used to reach the
database and fail there), datetimes without a time zone (comparing one with an aware time raises), dates and
datetimes outside ``YEARS`` (arithmetic near the ends of the calendar overflows), and decimals that are not finite,
reach ``DECIMAL_LIMIT`` or have more than ``DECIMAL_PLACES`` places (``1e999999`` cannot even be rounded).
A mutation returns the refusal in its payload's ``errors`` (API.md: expected failures never raise); a query raises it
as a top-level error. What needs the domain (a price's range, an id's existence) stays with the services.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from graphql import GraphQLObjectType, GraphQLSchema, default_field_resolver, get_named_type

from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.errors import camel_field

YEARS = range(1900, 3000)
DECIMAL_LIMIT = Decimal(10) ** 12
DECIMAL_PLACES = 12
_INSTALLED = "_bashu_input_hygiene"


def input_problem(value, path: tuple[str, ...] = ()) -> ApplicationError | None:
    """The first argument value that no service should ever see, as an INVALID error naming it; None if clean."""
    if isinstance(value, str):
        if "\x00" in value:
            return _invalid(path, _("Text may not contain NUL characters."))
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return _invalid(path, _("Text must be valid Unicode."))
        return None
    if isinstance(value, Mapping):
        for key, item in value.items():
            problem = input_problem(item, (*path, str(key)))
            if problem is not None:
                return problem
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            problem = input_problem(item, (*path, str(index)))
            if problem is not None:
                return problem
        return None
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return _invalid(path, _("Give the time with its time zone, such as 2030-01-31T18:00:00+08:00."))
        if value.year not in YEARS:
            return _invalid(path, _("The date is out of range."))
        return None
    if isinstance(value, datetime.date):
        return _invalid(path, _("The date is out of range.")) if value.year not in YEARS else None
    if isinstance(value, Decimal) and (
        not value.is_finite() or abs(value) >= DECIMAL_LIMIT or int(value.as_tuple().exponent) < -DECIMAL_PLACES
    ):
        return _invalid(path, _("The number is out of range."))
    return None


def _invalid(path: tuple[str, ...], message: str) -> ApplicationError:
    # The argument's own name, as the services name fields (``priceGte``, ``email``), not its path through inputs.
    names = [name for name in path if not name.isdigit()]
    return ApplicationError(message, code=ErrorCode.INVALID, field=camel_field(names[-1]) if names else None)


def _checked(resolve, *, payload_type: GraphQLObjectType | None):
    """``resolve`` behind the check; a refused mutation answers with its payload's ``errors``."""
    graphene_payload = getattr(payload_type, "graphene_type", None) if payload_type is not None else None
    answers_in_payload = graphene_payload is not None and "errors" in payload_type.fields  # type: ignore[union-attr]

    @functools.wraps(resolve)
    def resolver(root, info, **args):
        if args:
            problem = input_problem(args)
            if problem is not None:
                if answers_in_payload:
                    error = {"field": problem.field, "code": problem.code, "message": problem.message}
                    return graphene_payload(errors=[error])  # type: ignore[misc]
                raise problem
        return resolve(root, info, **args)

    return resolver


def input_hygiene_install(schema: GraphQLSchema) -> GraphQLSchema:
    """Wrap every field with arguments in the input check (idempotent); returns ``schema``."""
    if getattr(schema, _INSTALLED, False):
        return schema
    mutation_fields = {id(field) for field in schema.mutation_type.fields.values()} if schema.mutation_type else set()
    for named_type in schema.type_map.values():
        if named_type.name.startswith("__") or not isinstance(named_type, GraphQLObjectType):
            continue
        for field in named_type.fields.values():
            if not field.args:
                continue
            payload = get_named_type(field.type) if id(field) in mutation_fields else None
            field.resolve = _checked(
                field.resolve or default_field_resolver,
                payload_type=payload if isinstance(payload, GraphQLObjectType) else None,
            )
    setattr(schema, _INSTALLED, True)
    return schema
