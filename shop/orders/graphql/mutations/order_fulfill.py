from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.core.graphql.errors import mutation_errors
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import OrderLineQuantityInput, line_pairs, order_for_staff
from shop.orders.graphql.types import Fulfillment, Order, OrderError
from shop.orders.selectors import ORDER_OPERATIONS_ROLES
from shop.orders.services import order_fulfil


class OrderFulfill(graphene.Mutation):
    """Ship a parcel (operations): some units of some lines, or (``lines`` left out) everything still to
    ship, with a carrier and its tracking number. The customer is emailed when ``notifyCustomer``."""

    class Arguments:
        number = graphene.String(required=True)
        lines = graphene.List(
            graphene.NonNull(OrderLineQuantityInput), description="Left out: every unit still to ship."
        )
        carrier = graphene.String(required=True, description="sf, ems, jd, zto, yto, sto or yunda.")
        tracking_number = graphene.String(required=True)
        notify_customer = graphene.Boolean(default_value=True)

    order = graphene.Field(Order)
    fulfillment = graphene.Field(Fulfillment)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    @mutation_roles_required(*ORDER_OPERATIONS_ROLES)
    def mutate(cls, root, info, number, carrier, tracking_number, lines=None, notify_customer=True):
        order = order_for_staff(number, info.context.user)
        fulfillment = order_fulfil(
            order=order,
            lines=None if lines is None else line_pairs(lines),
            carrier=carrier,
            tracking_number=tracking_number,
            user=info.context.user,
            notify_customer=notify_customer,
        )
        order.refresh_from_db()
        return cls(order=order, fulfillment=fulfillment, errors=[])
