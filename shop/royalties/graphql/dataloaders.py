"""Dataloaders of the royalty types (see ``shop/core/graphql/dataloaders.py``)."""

from __future__ import annotations

from collections.abc import Hashable

from shop.core.graphql.dataloaders import DataLoader
from shop.royalties.selectors import licence_relic_names, payee_names
from shop.royalties.split import Payee


class PayeeNameLoader(DataLoader[Payee, str]):
    """Display names of payees: two queries for a list of statements, whatever its length."""

    def key(self, payee: Payee) -> Hashable:
        return payee

    def batch_load(self, payees: list[Payee]) -> list[str]:
        names = payee_names(payees)
        return [names[payee] for payee in payees]


class StatementLineRelicsLoader(DataLoader[dict, str]):
    """The relics behind a statement line's licences, "; "-joined. Licences are few: every licence's relic
    name is read in one query, once per request."""

    def __init__(self, info, **params: Hashable) -> None:
        super().__init__(info, **params)
        self._names: dict[int, str] | None = None

    def key(self, line: dict) -> Hashable:
        return tuple(line["licence_ids"] or ())

    def batch_load(self, lines: list[dict]) -> list[str]:
        if self._names is None:
            self._names = licence_relic_names()
        names = self._names
        return ["; ".join(names.get(licence_id, str(licence_id)) for licence_id in self.key(line)) for line in lines]
