"""Which fields a query selected below the current one, so resolvers prefetch only what is asked for."""

from __future__ import annotations

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode, SelectionSetNode


def selected_paths(info: GraphQLResolveInfo, *, under: tuple[str, ...] = ()) -> frozenset[str]:
    """Dotted paths of the field names (as in the query, camelCase) selected below the field being
    resolved, after descending through ``under`` (``("edges", "node")`` for a connection).

    Fragments are expanded; ``@include``/``@skip`` are ignored, so a path may be prefetched and
    not used, never the other way round.
    """
    sets = [node.selection_set for node in info.field_nodes]
    for name in under:
        sets = [
            field.selection_set
            for selection_set in sets
            for field in _fields(selection_set, info)
            if field.name.value == name
        ]
    paths: set[str] = set()
    for selection_set in sets:
        _collect(selection_set, info, "", paths, depth=0)
    return frozenset(paths)


def _fields(selection_set: SelectionSetNode | None, info: GraphQLResolveInfo, seen: frozenset = frozenset()):
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, info, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = info.fragments.get(name)
            if fragment is not None and name not in seen:
                yield from _fields(fragment.selection_set, info, seen | {name})


def _collect(selection_set: SelectionSetNode | None, info: GraphQLResolveInfo, prefix: str, paths: set, depth: int):
    if depth > 20:  # the depth limit refuses deeper documents before execution; this only guards recursion
        return
    for field in _fields(selection_set, info):
        path = f"{prefix}{field.name.value}"
        paths.add(path)
        _collect(field.selection_set, info, f"{path}.", paths, depth + 1)
