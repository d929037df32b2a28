from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.core.graphql.errors import mutation_errors
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import fulfillment_by_id
from shop.orders.graphql.types import Fulfillment, OrderError
from shop.orders.selectors import ORDER_OPERATIONS_ROLES
from shop.orders.services import fulfillment_update_tracking


class FulfillmentUpdateTracking(graphene.Mutation):
    """Correct a parcel's carrier and tracking number before it is delivered (operations)."""

    class Arguments:
        id = graphene.ID(required=True)
        carrier = graphene.String(required=True)
        tracking_number = graphene.String(required=True)
        notify_customer = graphene.Boolean(default_value=True)

    fulfillment = graphene.Field(Fulfillment)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    @mutation_roles_required(*ORDER_OPERATIONS_ROLES)
    def mutate(cls, root, info, id, carrier, tracking_number, notify_customer=True):
        fulfillment = fulfillment_update_tracking(
            fulfillment=fulfillment_by_id(id),
            carrier=carrier,
            tracking_number=tracking_number,
            user=info.context.user,
            notify_customer=notify_customer,
        )
        return cls(fulfillment=fulfillment, errors=[])
