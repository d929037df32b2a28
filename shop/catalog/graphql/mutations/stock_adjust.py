from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.catalog.errors import CatalogErrorCode
from shop.catalog.models import StockMovementReason
from shop.catalog.services import STOCK_ADJUST_REASONS, stock_adjust
from shop.core.graphql.errors import error_type, mutation_errors
from shop.core.graphql.ids import decode_global_id
from shop.core.graphql.inputs import clean_text

CatalogError = error_type("CatalogError", CatalogErrorCode)
StockAdjustReason = graphene.Enum(
    "StockAdjustReason",
    [(reason.name, reason.value) for reason in STOCK_ADJUST_REASONS],
    description="Why stock changed by hand.",
)


class StockLevel(graphene.ObjectType):
    variant_id = graphene.ID(required=True)
    sku = graphene.String(required=True)
    quantity = graphene.Int(required=True, description="On hand.")
    quantity_allocated = graphene.Int(required=True, description="Held by open orders.")
    quantity_available = graphene.Int(required=True)
    low_stock_threshold = graphene.Int(required=True)

    class Meta:
        description = "A variant's stock as the back office sees it."

    @staticmethod
    def resolve_variant_id(root, info):
        return graphene.Node.to_global_id("ProductVariant", root.variant_id)

    @staticmethod
    def resolve_sku(root, info):
        return root.variant.sku


class StockAdjust(graphene.Mutation):
    """Add (or, negative, take away) units of a variant's stock with a reason (operations); kept in the
    append-only stock movement history. Never below zero (STOCK_NEGATIVE) nor below what open orders hold
    (STOCK_BELOW_ALLOCATED)."""

    class Arguments:
        variant_id = graphene.ID(required=True)
        delta = graphene.Int(required=True)
        reason = graphene.Argument(StockAdjustReason, required=True)
        note = graphene.String()

    stock = graphene.Field(StockLevel)
    errors = graphene.List(graphene.NonNull(CatalogError), required=True)

    @classmethod
    @mutation_errors(CatalogErrorCode)
    @mutation_roles_required(Role.OPERATIONS)
    def mutate(cls, root, info, variant_id, delta, reason, note=None):
        stock = stock_adjust(
            variant_id=decode_global_id(variant_id, expected_type="ProductVariant", field="variant_id"),
            delta=delta,
            reason=StockMovementReason(getattr(reason, "value", reason)),
            user=info.context.user,
            note=clean_text(note, field="note", max_length=255) or "",
        )
        stock.refresh_from_db()
        return cls(stock=stock, errors=[])
