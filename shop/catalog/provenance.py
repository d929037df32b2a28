"""Who stands behind a design, as the shop shows it: the designer's public credit (name in the reader's language,
their page) and each museum's approval of the design. The incubator knows both; the shop's apps may not import it
(the import contract), so the incubator registers itself here as the source when it starts
(``IncubatorConfig.ready``), the way ``worker`` registers the outbox's dispatcher. Without a source (an installation
without the incubator) designers are credited by their account's name and no approval is listed.

Part of the catalogue's public surface (with ``selectors``): both functions take many ids at once, so a page of
products costs one query per question, never one per product.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class DesignerCredit:
    user_id: int
    name: str  # in the active language
    url: str  # the public designer page, or "" when there is none


@dataclass(frozen=True, slots=True)
class ApprovalCredit:
    museum_id: int
    museum_name: str  # in the active language
    approved_on: datetime.date


class ProvenanceSource(Protocol):
    def designer_credits(self, *, user_ids: list[int]) -> dict[int, DesignerCredit]: ...

    def design_approvals(self, *, design_ids: list[int]) -> dict[int, list[ApprovalCredit]]: ...


_source: ProvenanceSource | None = None


def provenance_source_register(source: ProvenanceSource) -> None:
    global _source
    _source = source


def designer_credits(*, users: Iterable) -> dict[int, DesignerCredit]:
    """The public credit of each designer (their user accounts, already loaded), by user id, in the active
    language; one query for all of them. A designer without a public profile is credited by their account's
    name, without a link."""
    accounts = {user.pk: user for user in users if user is not None}
    if not accounts:
        return {}
    credits = _source.designer_credits(user_ids=sorted(accounts)) if _source is not None else {}
    for user_id, user in accounts.items():
        if user_id not in credits:
            credits[user_id] = DesignerCredit(user_id, user.display_name or user.email.split("@")[0], "")
    return credits


def design_approvals(*, design_ids: Iterable[int]) -> dict[int, list[ApprovalCredit]]:
    """Per design, the museums that approved it and when (oldest first); empty without a source."""
    ids = sorted(set(design_ids))
    if not ids or _source is None:
        return {}
    return _source.design_approvals(design_ids=ids)


def products_credit(products: Iterable) -> list:
    """``products`` (a list, or a page of them) each with ``designer_credit`` set (None for museums' own designs):
    one query for the whole list. Cards and product pages read it."""
    products = list(products)
    credits = designer_credits(users=(product.design.designer for product in products))
    for product in products:
        product.designer_credit = credits.get(product.design.designer_id)
    return products
