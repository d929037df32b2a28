"""Limits on a GraphQL document, checked before it is validated or executed, in time linear in its size.

Two steps, so that the work per document is done once and can be cached with the parsed document:

- :func:`document_analyse` (the document alone, and the schema for introspection's list sizes): compiles each
  selection set once (a fragment is compiled once however often it is spread, so a fragment bomb costs its size,
  not 2ⁿ), and refuses fragment cycles, fragments no operation uses, too many fields (validation is quadratic in
  them), too many aliases and too many root fields.
- :meth:`DocumentAnalysis.limits_refusal` (the request's variables and operation name): evaluates the compiled
  plan, again visiting each fragment once, and refuses what is over depth or cost.

Cost counts every selected field (``__typename`` too) once, multiplied by the page size (``first``/``last``, a
literal or a variable, at most ``MAX_PAGE``; ``MAX_PAGE`` when a connection has none) of each list above it;
it must stay within ``GRAPHQL_MAX_COST``. Introspection (``__schema``, ``__type``) is costed the same way on its own
account, its lists multiplied by the largest such list in the schema (every type, the most fields a type has, …),
and may cost at most ``INTROSPECTION_HEADROOM`` times the standard introspection query that GraphiQL and code
generators send; an operation asks for ``__schema`` once at most (aliased copies were a 10 MB answer). Depth counts
fields, except introspection's ``ofType``, which only unwraps list and non-null wrappers (a few levels at most).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_introspection_query,
    parse,
)

from shop.core.graphql.connections import MAX_PAGE  # a connection without ``first`` costs as its largest page

INTROSPECTION_HEADROOM = 1.5
# Fields written in one document. graphql-core's check that same-named fields can merge compares them pairwise:
# 3,900 ``slug``s in one selection (20 kB) kept validation busy for 1.1 s; 500 take 0.4 s, less than a legitimate
# ``products(first: 100)`` with the full product shape. The standard introspection query writes 67.
MAX_DOCUMENT_FIELDS = 500
_CONNECTION_FIELDS = frozenset({"edges", "pageInfo", "totalCount"})
_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


@dataclass
class _Field:
    """A selected field: its page size (an int, or the variable that gives it), its sub-selection."""

    page: int | str | None  # None: not paged (×1), or a connection without ``first`` (×MAX_PAGE)
    introspection: bool
    child: _Block | None
    list_size: int = 1  # introspection lists: the largest such list in the schema


@dataclass(eq=False)
class _Block:
    """A compiled selection set; a fragment's block is shared by every spread of it."""

    fields: list[_Field] = field(default_factory=list)
    spreads: list[_Block] = field(default_factory=list)
    names: frozenset[str] = frozenset()  # field names selected here, through fragments too
    depth: int = 0
    root_fields: int = 0  # fields selected here, through fragments too (how many the root asks for)
    schema_fields: int = 0  # of them, ``__schema``


@dataclass(frozen=True)
class QueryCost:
    cost: int
    introspection_cost: int
    depth: int
    root_fields: int
    schema_fields: int = 0


@dataclass
class DocumentAnalysis:
    """What the limits need of a document, computed once per document (cacheable with the parsed document)."""

    refusal: str | None
    operations: dict[str | None, tuple[_Block, dict[str, int]]]  # name → (root block, variables' int defaults)
    introspection_budget: int

    def cost(self, *, variables: Mapping | None = None, operation_name: str | None = None) -> QueryCost:
        """The cost of the operation that will run (the worst, when the name does not single one out)."""
        chosen = [plan for name, plan in self.operations.items() if operation_name is None or name == operation_name]
        worst = QueryCost(0, 0, 0, 0)
        for block, defaults in chosen:
            values = {**defaults, **{k: v for k, v in (variables or {}).items() if _is_int(v)}}
            cost, introspection = _evaluate(block, values, {})
            worst = QueryCost(
                max(worst.cost, cost),
                max(worst.introspection_cost, introspection),
                max(worst.depth, block.depth),
                max(worst.root_fields, block.root_fields),
                max(worst.schema_fields, block.schema_fields),
            )
        return worst

    def limits_refusal(self, *, variables: Mapping | None = None, operation_name: str | None = None) -> str | None:
        """Why the operation may not run (a message for ``QUERY_TOO_COMPLEX``), or None."""
        if self.refusal:
            return self.refusal
        measured = self.cost(variables=variables, operation_name=operation_name)
        most_roots = settings.GRAPHQL_MAX_ROOT_FIELDS
        if measured.root_fields > most_roots:
            return f"The operation asks for {measured.root_fields} root fields; at most {most_roots}."
        if measured.schema_fields > 1:
            return f"The operation introspects the schema {measured.schema_fields} times; at most once."
        if measured.depth > settings.GRAPHQL_MAX_DEPTH:
            return f"The query is {measured.depth} levels deep; at most {settings.GRAPHQL_MAX_DEPTH}."
        if measured.cost > settings.GRAPHQL_MAX_COST:
            return f"The query would cost {measured.cost}; at most {settings.GRAPHQL_MAX_COST}."
        if measured.introspection_cost > self.introspection_budget:
            return (
                f"The introspection would cost {measured.introspection_cost}; at most {self.introspection_budget} "
                "(one full introspection)."
            )
        return None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _evaluate(block: _Block, variables: Mapping, memo: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """(data cost, introspection cost) of ``block``; each shared block is evaluated once."""
    known = memo.get(id(block))
    if known is not None:
        return known
    cost = introspection = 0
    for item in block.fields:
        child_cost, child_introspection = _evaluate(item.child, variables, memo) if item.child else (0, 0)
        times = _multiplier(item, variables)
        if item.introspection:
            introspection += 1 + times * (child_cost + child_introspection)
        else:
            cost += 1 + times * child_cost
            introspection += times * child_introspection
    for spread in block.spreads:
        spread_cost, spread_introspection = _evaluate(spread, variables, memo)
        cost += spread_cost
        introspection += spread_introspection
    memo[id(block)] = (cost, introspection)
    return cost, introspection


def _multiplier(item: _Field, variables: Mapping) -> int:
    if item.introspection:
        return item.list_size
    if item.page is None:
        return MAX_PAGE if item.child is not None and item.child.names & _CONNECTION_FIELDS else 1
    if isinstance(item.page, str):
        value = variables.get(item.page)
        return min(max(value, 1), MAX_PAGE) if _is_int(value) else MAX_PAGE
    return item.page


def _page_argument(node: FieldNode) -> int | str | None:
    for argument in node.arguments or ():
        if argument.name.value not in ("first", "last"):
            continue
        value = argument.value
        if isinstance(value, IntValueNode):
            return min(max(int(value.value), 1), MAX_PAGE)
        if isinstance(value, VariableNode):
            return value.name.value
        return MAX_PAGE
    return None


class _Compiler:
    def __init__(self, fragments: dict[str, FragmentDefinitionNode], list_sizes: Mapping[str, int]) -> None:
        self.fragments = fragments
        self.list_sizes = list_sizes
        self.compiled: dict[tuple[str, bool], _Block] = {}

    def block(self, selection_set: SelectionSetNode, *, introspection: bool) -> _Block:
        block = _Block()
        names: set[str] = set()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                inside = introspection or name in _INTROSPECTION_ROOTS
                child = self.block(selection.selection_set, introspection=inside) if selection.selection_set else None
                block.fields.append(
                    _Field(
                        page=None if inside else _page_argument(selection),
                        introspection=inside,
                        child=child,
                        list_size=self.list_sizes.get(name, 1) if inside else 1,
                    )
                )
                names.add(name)
                adds = 0 if (inside and name == "ofType") else 1
                block.depth = max(block.depth, adds + (child.depth if child else 0))
                block.root_fields += 1
                block.schema_fields += name == "__schema"
                continue
            if isinstance(selection, InlineFragmentNode):
                spread = self.block(selection.selection_set, introspection=introspection)
            elif isinstance(selection, FragmentSpreadNode):
                spread = self.fragment(selection.name.value, introspection=introspection)
                if spread is None:
                    continue  # an unknown fragment: validation reports it
            else:  # pragma: no cover - the parser yields nothing else
                continue
            block.spreads.append(spread)
            names |= spread.names
            block.depth = max(block.depth, spread.depth)
            block.root_fields += spread.root_fields
            block.schema_fields += spread.schema_fields
        block.names = frozenset(names)
        return block

    def fragment(self, name: str, *, introspection: bool) -> _Block | None:
        key = (name, introspection)
        if key not in self.compiled:
            definition = self.fragments.get(name)
            if definition is None:
                return None
            self.compiled[key] = self.block(definition.selection_set, introspection=introspection)
        return self.compiled[key]


def _fragment_refusal(document: DocumentNode, fragments: dict[str, FragmentDefinitionNode]) -> str | None:
    """Fragment cycles and fragments no operation reaches are refused (graphql-js refuses both too; here
    before validation, whose own fragment checks a bomb could keep busy)."""
    spreads: dict[str, list[str]] = {}
    for name, definition in fragments.items():
        spreads[name] = _spread_names(definition.selection_set)
    reached: set[str] = set()
    pending = [
        spread
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
        for spread in _spread_names(definition.selection_set)
    ]
    while pending:
        name = pending.pop()
        if name in reached or name not in fragments:
            continue
        reached.add(name)
        pending.extend(spreads[name])
    unused = sorted(set(fragments) - reached)
    if unused:
        return f"Fragment {unused[0]} is never used."
    # Depth-first with colours, iteratively (a chain of hundreds of fragments must not exhaust the stack).
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in fragments:
        if state.get(start):
            continue
        stack = [(start, iter(spreads[start]))]
        state[start] = 1
        while stack:
            name, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[name] = 2
                stack.pop()
            elif child in fragments:
                if state.get(child) == 1:
                    return f"Fragment {child} spreads itself."
                if not state.get(child):
                    state[child] = 1
                    stack.append((child, iter(spreads[child])))
    return None


def _spread_names(selection_set: SelectionSetNode | None) -> list[str]:
    found: list[str] = []
    pending = [selection_set] if selection_set else []
    while pending:
        current = pending.pop()
        for selection in current.selections:
            if isinstance(selection, FragmentSpreadNode):
                found.append(selection.name.value)
            elif getattr(selection, "selection_set", None) is not None:
                pending.append(selection.selection_set)
    return found


def _field_counts(document: DocumentNode) -> tuple[int, int]:
    """(fields, aliased fields) as written in the document (fragments once)."""
    fields = aliases = 0
    pending = [d.selection_set for d in document.definitions if hasattr(d, "selection_set") and d.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                fields += 1
                aliases += selection.alias is not None
            if getattr(selection, "selection_set", None) is not None:
                pending.append(selection.selection_set)
    return fields, aliases


def introspection_list_sizes(schema: GraphQLSchema | None) -> dict[str, int]:
    """The largest list each introspection field can return in ``schema`` (cached on the schema)."""
    if schema is None:
        return {}
    cached = getattr(schema, "_bashu_introspection_lists", None)
    if cached is not None:
        return cached
    types = list(schema.type_map.values())
    with_fields = [t for t in types if isinstance(t, GraphQLObjectType | GraphQLInterfaceType)]
    all_args = [len(f.args) for t in with_fields for f in t.fields.values()] + [len(d.args) for d in schema.directives]
    sizes = {
        "types": len(types),
        "directives": len(schema.directives),
        "fields": max((len(t.fields) for t in with_fields), default=1),
        "inputFields": max((len(t.fields) for t in types if isinstance(t, GraphQLInputObjectType)), default=1),
        "enumValues": max((len(t.values) for t in types if isinstance(t, GraphQLEnumType)), default=1),
        "interfaces": max((len(t.interfaces) for t in with_fields), default=1),
        "possibleTypes": max(
            [len(t.types) for t in types if isinstance(t, GraphQLUnionType)]
            + [len(schema.get_possible_types(t)) for t in types if isinstance(t, GraphQLInterfaceType)],
            default=1,
        ),
        "args": max(all_args, default=1),
    }
    sizes = {name: max(size, 1) for name, size in sizes.items()}
    schema._bashu_introspection_lists = sizes  # type: ignore[attr-defined]
    return sizes


def introspection_budget(schema: GraphQLSchema | None) -> int:
    """What introspection may cost: the standard full introspection query's cost, with headroom."""
    if schema is None:
        return 0
    cached = getattr(schema, "_bashu_introspection_budget", None)
    if cached is None:
        standard = parse(
            get_introspection_query(
                descriptions=True,
                specified_by_url=True,
                directive_is_repeatable=True,
                schema_description=True,
                input_value_deprecation=True,
            )
        )
        cached = int(
            document_analyse(standard, schema=schema, budget=0).cost().introspection_cost * INTROSPECTION_HEADROOM
        )
        schema._bashu_introspection_budget = cached  # type: ignore[attr-defined]
    return cached


def document_analyse(
    document: DocumentNode, *, schema: GraphQLSchema | None = None, budget: int | None = None
) -> DocumentAnalysis:
    """Compile ``document`` for the limits (see the module's docstring). Depends on the document and schema only."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    budget = introspection_budget(schema) if budget is None else budget
    refusal = _fragment_refusal(document, fragments)
    fields, aliases = _field_counts(document)
    if refusal is None and fields > MAX_DOCUMENT_FIELDS:
        refusal = f"The document selects {fields} fields; at most {MAX_DOCUMENT_FIELDS}."
    if refusal is None and aliases > settings.GRAPHQL_MAX_ALIASES:
        refusal = f"The document uses {aliases} aliases; at most {settings.GRAPHQL_MAX_ALIASES}."
    if refusal is not None:
        return DocumentAnalysis(refusal=refusal, operations={}, introspection_budget=budget)
    compiler = _Compiler(fragments, introspection_list_sizes(schema))
    operations: dict[str | None, tuple[_Block, dict[str, int]]] = {}
    try:
        _compile_operations(document, compiler, operations)
    except RecursionError:  # hundreds of fragments spread in a chain; the parser bounds plain nesting
        return DocumentAnalysis(refusal="The document nests too deeply.", operations={}, introspection_budget=budget)
    return DocumentAnalysis(refusal=None, operations=operations, introspection_budget=budget)


def _compile_operations(document: DocumentNode, compiler: _Compiler, operations: dict) -> None:
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        defaults = {
            v.variable.name.value: min(max(int(v.default_value.value), 1), MAX_PAGE)
            for v in definition.variable_definitions or ()
            if isinstance(v.default_value, IntValueNode)
        }
        name = definition.name.value if definition.name else None
        operations[name] = (compiler.block(definition.selection_set, introspection=False), defaults)


def query_cost(
    document: DocumentNode, *, variables: dict | None = None, operation_name: str | None = None
) -> tuple[int, int]:
    """(cost, depth) of the operation that will run, for tests and tools (the view uses :func:`document_analyse`)."""
    measured = document_analyse(document, budget=0).cost(variables=variables, operation_name=operation_name)
    return measured.cost, measured.depth
