"""A faster graphql-core execution for the most common field: a scalar read from an attribute.

A page of 100 products in the storefront's shape resolves ~4,800 fields, and graphql-core spends about
10 µs on each whatever it does: a path, a resolve-info tuple, argument coercion, the resolver through
``functools.partial``, completion by type. Most of them are leaves that graphene resolves with its
default resolver (``getattr`` on the object, or ``.get`` on a dict) and serializes as a scalar. For those
:class:`ShopExecutionContext` reads and serializes the value directly; anything else (a custom resolver,
arguments, an object or list type, a null for a non-null field, a value the scalar refuses, an exception)
goes through graphql-core's own path, so results and errors are exactly graphql-core's.

Measured with ``bench/catalog.py``: see the README's benchmark table.
"""

from __future__ import annotations

from functools import partial
from typing import Any, NamedTuple

from graphene.types.resolver import dict_or_attr_resolver
from graphene_django import DjangoObjectType
from graphql import (
    ExecutionContext,
    GraphQLField,
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    is_leaf_type,
    located_error,
)
from graphql.execution.execute import get_field_def
from graphql.pyutils import Path

_SLOW = object()  # the field's plan: take graphql-core's path
_DJANGO_IS_TYPE_OF = DjangoObjectType.is_type_of.__func__


class ShopExecutionContext(ExecutionContext):
    """graphql-core's execution with a direct path for scalars that graphene reads from an attribute."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # (parent type, field node) -> _Read, _Resolve or _SLOW; per request,
        # while the document's nodes are alive, so ids are never reused within it.
        self._plans: dict[tuple[str, int], Any] = {}
        # (type, Python class) pairs whose is_type_of said yes: graphene-django's answer depends on the class
        # alone (``isinstance`` or the model), so it is asked once per class, not once per object.
        self._type_checked: set[tuple[str, type]] = set()

    def complete_object_value(self, return_type, field_nodes, info, path, result) -> Any:
        is_type_of = return_type.is_type_of
        if getattr(is_type_of, "__func__", None) is not _DJANGO_IS_TYPE_OF:
            return super().complete_object_value(return_type, field_nodes, info, path, result)
        key = (return_type.name, type(result))
        if key not in self._type_checked:
            if not is_type_of(result, info):
                return super().complete_object_value(return_type, field_nodes, info, path, result)  # its error
            self._type_checked.add(key)
        return self.execute_fields(return_type, result, path, self.collect_subfields(return_type, field_nodes))

    def _plan(self, parent_type: GraphQLObjectType, field_node) -> Any:
        """``_Read`` for a scalar read from an attribute; ``_Resolve`` for another field without arguments
        (its definition and empty arguments kept, so graphql-core is not asked again per object); or _SLOW."""
        field_def = get_field_def(self.schema, parent_type, field_node)
        if field_def is None or (self.middleware_manager is not None and self.middleware_manager.middlewares):
            return _SLOW
        if field_def.args or field_node.arguments:
            return _SLOW
        resolve = field_def.resolve
        return_type, non_null = field_def.type, False
        if isinstance(return_type, GraphQLNonNull):
            return_type, non_null = return_type.of_type, True
        if (
            isinstance(resolve, partial)
            and resolve.func is dict_or_attr_resolver
            and not resolve.keywords
            and len(resolve.args) == 2
            and is_leaf_type(return_type)
        ):
            attname, default = resolve.args
            return _Read(attname, default, return_type, non_null)
        return _Resolve(field_def, resolve or self.field_resolver)

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        fields: dict[str, list],
    ) -> Any:
        if self.is_awaitable is not never_awaitable:
            return super().execute_fields(parent_type, source_value, path, fields)
        results = {}
        plans = self._plans
        for response_name, field_nodes in fields.items():
            key = (parent_type.name, id(field_nodes[0]))
            plan = plans.get(key)
            if plan is None:
                plan = plans[key] = self._plan(parent_type, field_nodes[0])
            if type(plan) is _Read:
                value = _read_leaf(plan, source_value)
                if value is not _SLOW:
                    results[response_name] = value
                    continue
            field_path = Path(path, response_name, parent_type.name)
            if type(plan) is _Resolve:
                results[response_name] = self._resolve(plan, parent_type, source_value, field_nodes, field_path)
                continue
            result = self.execute_field(parent_type, source_value, field_nodes, field_path)
            if result is not Undefined:
                results[response_name] = result
        return results

    def _resolve(self, plan: _Resolve, parent_type, source: Any, field_nodes: list, path: Path) -> Any:
        """graphql-core's ``execute_field`` for a field without arguments, its definition looked up once."""
        field_def = plan.field_def
        info = self.build_resolve_info(field_def, field_nodes, parent_type, path)
        try:
            return self.complete_value(field_def.type, field_nodes, info, path, plan.resolve(source, info))
        except Exception as raw_error:
            error = located_error(raw_error, field_nodes, path.as_list())
            self.handle_field_error(error, field_def.type, path)
            return None


class _Read(NamedTuple):
    attname: str
    default: Any
    scalar: GraphQLLeafType
    non_null: bool


class _Resolve(NamedTuple):
    field_def: GraphQLField
    resolve: Any


def _read_leaf(plan: _Read, source: Any) -> Any:
    """The serialized value, or ``_SLOW`` when graphql-core must decide (it then reads it again)."""
    attname, default, scalar, non_null = plan
    try:
        value = source.get(attname, default) if isinstance(source, dict) else getattr(source, attname, default)
        if value is None or value is Undefined:
            return _SLOW if non_null else None
        if isinstance(value, Exception):
            return _SLOW
        serialized = scalar.serialize(value)
    except Exception:
        return _SLOW
    if serialized is None or serialized is Undefined:
        return _SLOW
    return serialized


def never_awaitable(value: Any) -> bool:
    """Resolvers here are synchronous (WSGI; graphene-django runs them in the request's thread), so
    graphql-core need not test every field's value for an awaitable (~10% of a catalogue request)."""
    return False
