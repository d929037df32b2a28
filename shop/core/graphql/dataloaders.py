"""Dataloaders: per-request batch loading for resolvers, so a list costs a fixed number of queries.

A JavaScript DataLoader collects the keys its resolvers ask for during one tick and loads them
together. graphene-django 3 executes synchronously and depth first: the resolvers of item 2 run only
after item 1's whole subtree, so there is no tick to wait for (graphql-core 3 does not wait on
``promise``'s Promises, so its DataLoader would be resolved one key at a time; graphql-sync-dataloaders
replaces graphql-core's executor with a copy of its internals and keeps its queue in a module global,
shared by a server's threads). What a resolver can know is its object's *peers*: the other objects of the
list it came in, a connection's page or what a loader returned. So the first time a loader is asked
about one object it loads the answer for every peer in one query, and answers the peers from memory.

- A list registers its items as peers: every ``CountableConnection`` does so for its page, every
  loader for what it returns (a loader's results are the next level's peers); other list resolvers
  call :func:`peers_register`.
- Loaders are per request and per top-level field (``for_request``): a mutation's payload never
  reads what an earlier mutation of the same document loaded.
- :class:`RelationLoader` loads a Django relation with Django's own prefetching
  (``prefetch_related_objects``), which skips objects that already have it (``select_related``, or a
  ``Prefetch`` with the same ``to_attr`` made by the query that listed them): a relation costs one
  query per list, or none.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from decimal import Decimal
from typing import Any, ClassVar, Generic, Self, TypeVar

from django.db.models import Prefetch, prefetch_related_objects

T = TypeVar("T")
V = TypeVar("V")

_CONTEXT_ATTR = "_dataloaders"
_SCALARS = (str, bytes, int, float, Decimal)


class _Scope:
    """What one top-level field of one request has loaded: loaders by class and parameters, and peer lists."""

    def __init__(self) -> None:
        self.loaders: dict[tuple, DataLoader] = {}
        # id(object) -> the list it was registered in; the list keeps its objects alive for the
        # request, so an id is never reused while it is in here.
        self.peers: dict[int, list] = {}


def _scope(info) -> _Scope:
    path = info.path
    while path.prev is not None:
        path = path.prev
    context = info.context
    if context is None:  # a schema executed without a context (a test): no sharing, no batching
        return _Scope()
    scopes = context.__dict__.setdefault(_CONTEXT_ATTR, {})
    return scopes.setdefault(path.key, _Scope())


def peers_register(info, objects: Iterable) -> None:
    """Make ``objects`` (a list the schema is about to resolve fields of) load their relations together."""
    batch = [obj for obj in objects if obj is not None and not isinstance(obj, _SCALARS)]
    if len(batch) < 2:
        return
    peers = _scope(info).peers
    for obj in batch:
        peers[id(obj)] = batch


def _peers_of(scope: _Scope, obj) -> list:
    batch = scope.peers.get(id(obj))
    if batch is None:
        return [obj]
    return [peer for peer in batch if type(peer) is type(obj)]


class DataLoader(Generic[T, V]):
    """Subclasses give :meth:`batch_load` (answers for a list of objects, in order) and, when objects are
    not identified by ``pk``, :meth:`key`. Resolvers call ``SomeLoader.for_request(info).load(root)``;
    field arguments that change the answer (a page size) are passed as keyword ``params``: one loader
    per distinct set."""

    def __init__(self, info, **params: Hashable) -> None:
        self.info = info
        self.params = params
        self._scope = _scope(info)
        self._values: dict[Hashable, V] = {}

    @classmethod
    def for_request(cls, info, **params: Hashable) -> Self:
        scope = _scope(info)
        slot = (cls, tuple(sorted(params.items())))
        loader = scope.loaders.get(slot)
        if loader is None:
            loader = scope.loaders[slot] = cls(info, **params)
        return loader  # type: ignore[return-value]

    def key(self, obj: T) -> Hashable:
        return obj.pk  # type: ignore[attr-defined]

    def batch_load(self, objects: list[T]) -> Sequence[V]:
        raise NotImplementedError

    def load(self, obj: T) -> V:
        """The answer for ``obj``, loaded with those of its peers not loaded yet."""
        key = self.key(obj)
        if key not in self._values:
            self._load([*_peers_of(self._scope, obj), obj])
        return self._values[key]

    def load_many(self, objects: Iterable[T]) -> list[V]:
        """The answers for ``objects``, loaded (with their peers) in one batch."""
        objects = list(objects)
        missing = [obj for obj in objects if self.key(obj) not in self._values]
        if missing:
            # Each peer list once: the objects of a page share theirs, and adding it once per object made
            # a page of 100 go through 10,000 candidates.
            candidates, batches = [], set()
            for obj in missing:
                batch = self._scope.peers.get(id(obj))
                if batch is not None and id(batch) not in batches:
                    batches.add(id(batch))
                    candidates += [peer for peer in batch if type(peer) is type(obj)]
            self._load(candidates + missing)
        return [self._values[self.key(obj)] for obj in objects]

    def _load(self, candidates: list[T]) -> None:
        pending: dict[Hashable, T] = {}
        for obj in candidates:
            key = self.key(obj)
            if key not in self._values and key not in pending:
                pending[key] = obj
        objects = list(pending.values())
        values = list(self.batch_load(objects))
        if len(values) != len(objects):
            raise ValueError(f"{type(self).__name__}.batch_load returned {len(values)} answers for {len(objects)}")
        loaded: list[Any] = []
        for key, value in zip(pending, values, strict=True):
            self._values[key] = value
            loaded.extend(value if isinstance(value, list | tuple) else [value])
        peers_register(self.info, loaded)


class RelationLoader(DataLoader[T, Any]):
    """A Django relation of a model instance: a list for a to-many relation (``many = True``), the
    related object or None for a to-one relation.

    ``relation`` is the relation's name; ``prefetch`` what Django should fetch (default: the
    relation itself), e.g. a ``Prefetch`` with a queryset that joins what the next level shows. A
    ``Prefetch`` with a ``to_attr`` is read from that attribute."""

    relation: ClassVar[str]
    many: ClassVar[bool] = False

    def prefetch(self) -> str | Prefetch:
        return self.relation

    def batch_load(self, objects: list[T]) -> list[Any]:
        lookup = self.prefetch()
        prefetch_related_objects(objects, lookup)
        to_attr = lookup.to_attr if isinstance(lookup, Prefetch) else None
        if to_attr and to_attr != self.relation:
            return [getattr(obj, to_attr) for obj in objects]
        if self.many:
            return [list(getattr(obj, self.relation).all()) for obj in objects]
        # A missing reverse one-to-one raises RelatedObjectDoesNotExist, an AttributeError.
        return [getattr(obj, self.relation, None) for obj in objects]
