"""Query depth and cost limits, checked before anything touches the database.

Cost counts every selected field once, multiplied by the page size (``first``/``last``,
from literals or variables; the largest page, ``MAX_PAGE``, when absent on a connection) of each list above it.
"""

from __future__ import annotations

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

from shop.core.graphql.connections import MAX_PAGE  # a connection without ``first`` costs as its largest page


def _page_size(field: FieldNode, variables: dict) -> int:
    for argument in field.arguments or ():
        if argument.name.value not in ("first", "last"):
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return max(int(value.value), 1)
        if isinstance(value, VariableNode):
            raw = variables.get(value.name.value)
            if isinstance(raw, int) and not isinstance(raw, bool):
                return max(raw, 1)
        return MAX_PAGE
    return 1


def _is_connection(field: FieldNode) -> bool:
    return any(
        isinstance(sel, FieldNode) and sel.name.value in ("edges", "pageInfo", "totalCount")
        for sel in (field.selection_set.selections if field.selection_set else ())
    )


def query_cost(
    document: DocumentNode, *, variables: dict | None = None, operation_name: str | None = None
) -> tuple[int, int]:
    """(cost, depth) of the operation that will run; fragments are expanded, cycles cut."""
    variables = variables or {}
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [op for op in operations if op.name and op.name.value == operation_name]
    worst_cost, worst_depth = 0, 0
    for operation in operations:
        cost, depth = _selection_cost(operation.selection_set, fragments, variables, 0, frozenset())
        worst_cost, worst_depth = max(worst_cost, cost), max(worst_depth, depth)
    return worst_cost, worst_depth


def _selection_cost(
    selection_set: SelectionSetNode | None, fragments: dict, variables: dict, depth: int, seen: frozenset
) -> tuple[int, int]:
    if selection_set is None:
        return 0, depth
    total, deepest = 0, depth
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue
            child_cost, child_depth = _selection_cost(selection.selection_set, fragments, variables, depth + 1, seen)
            multiplier = _page_size(selection, variables)
            if multiplier == 1 and _is_connection(selection):
                multiplier = MAX_PAGE
            total += 1 + multiplier * child_cost
            deepest = max(deepest, child_depth)
        elif isinstance(selection, InlineFragmentNode):
            cost, sub_depth = _selection_cost(selection.selection_set, fragments, variables, depth, seen)
            total += cost
            deepest = max(deepest, sub_depth)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            cost, sub_depth = _selection_cost(fragments[name].selection_set, fragments, variables, depth, seen | {name})
            total += cost
            deepest = max(deepest, sub_depth)
    return total, deepest
