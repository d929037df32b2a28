"""The submission input shared by ``submissionCreate`` and ``submissionUpdate``, and its cleaning into
the keyword arguments of the submission services."""

from __future__ import annotations

import graphene

from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import MAX_LIST, not_found
from shop.catalog.models import Category
from shop.collection.models import Licence
from shop.core.errors import ApplicationError
from shop.core.graphql.ids import decode_global_id

PLAIN_FIELDS = (
    "title",
    "description",
    "materials",
    "dimensions",
    "proposed_retail_price",
    "estimated_unit_cost",
)


class UsageInput(graphene.InputObjectType):
    licence = graphene.ID(required=True, description="A `Licence` id; the licence must allow the category.")
    weight_bp = graphene.Int(required=True, description="Share of the design in basis points; all sum to 10000.")


class SubmissionInput(graphene.InputObjectType):
    title = graphene.String()
    description = graphene.String()
    category = graphene.String(description="Category slug.")
    usages = graphene.List(graphene.NonNull(UsageInput), description="Replaces the relics used (max 100).")
    materials = graphene.String()
    dimensions = graphene.String()
    proposed_retail_price = graphene.Decimal(description='A decimal string, e.g. "268.00".')
    estimated_unit_cost = graphene.Decimal()


class SubmissionCreateInput(SubmissionInput):
    brief = graphene.ID(description="The brief this answers (must be open).")


def _category(slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ApplicationError(f"There is no category “{slug}”.", code=IncubatorErrorCode.NOT_FOUND, field="category")
    return category


def _usages(items) -> list[tuple[Licence, int]]:
    if len(items) > MAX_LIST:
        raise ApplicationError("Too many usages.", code=IncubatorErrorCode.INVALID, field="usages")
    pks = [decode_global_id(item.licence, expected_type="Licence", field="usages") for item in items]
    licences = Licence.objects.in_bulk(pks)
    result = []
    for pk, item in zip(pks, items, strict=True):
        if pk not in licences:
            raise not_found("usages")
        result.append((licences[pk], item.weight_bp))
    return result


def submission_changes(data) -> dict:
    """The fields given in a ``SubmissionInput`` (absent ones are left alone), slugs and ids resolved."""
    changes = {name: data[name] for name in PLAIN_FIELDS if name in data}
    if "category" in data:
        changes["category"] = _category(data["category"])
    if "usages" in data:
        changes["usages"] = _usages(data["usages"] or [])
    return changes
