from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.core.graphql.errors import mutation_errors
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import fulfillment_by_id
from shop.orders.graphql.types import Fulfillment, Order, OrderError
from shop.orders.selectors import ORDER_OPERATIONS_ROLES
from shop.orders.services import fulfillment_mark_delivered


class FulfillmentMarkDelivered(graphene.Mutation):
    """Mark a parcel delivered (operations); again changes nothing."""

    class Arguments:
        id = graphene.ID(required=True)

    fulfillment = graphene.Field(Fulfillment)
    order = graphene.Field(Order)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    @mutation_roles_required(*ORDER_OPERATIONS_ROLES)
    def mutate(cls, root, info, id):
        fulfillment = fulfillment_mark_delivered(fulfillment=fulfillment_by_id(id), user=info.context.user)
        return cls(fulfillment=fulfillment, order=fulfillment.order, errors=[])
