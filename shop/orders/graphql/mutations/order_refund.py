from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.ids import decode_global_id
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.types import Order, OrderError, Refund
from shop.orders.selectors import ORDER_STAFF_ROLES, order_get_for_user
from shop.orders.services import MAX_REFUND_LINES, order_refund


class OrderRefundLineInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class OrderRefund(graphene.Mutation):
    """Refund units of an order's lines (curator, finance). The gateway refund and the royalty
    reversal follow asynchronously."""

    class Arguments:
        number = graphene.String(required=True)
        lines = graphene.List(graphene.NonNull(OrderRefundLineInput), required=True)
        reason = graphene.String()

    order = graphene.Field(Order)
    refund = graphene.Field(Refund)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    @mutation_roles_required(*ORDER_STAFF_ROLES)
    def mutate(cls, root, info, number: str, lines: list, reason: str = ""):
        order = order_get_for_user(number=number[:20], user=info.context.user)
        if order is None:
            raise ApplicationError(f"No order {number}.", code=ErrorCode.NOT_FOUND, field="number")
        if len(lines) > MAX_REFUND_LINES:
            raise ApplicationError(f"At most {MAX_REFUND_LINES} lines.", code=ErrorCode.INVALID, field="lines")
        pairs = [
            (decode_global_id(line.line_id, expected_type="OrderLine", field="lines"), line.quantity) for line in lines
        ]
        refund = order_refund(order=order, lines=pairs, user=info.context.user, reason=reason or "")
        order.refresh_from_db()
        return cls(order=order, refund=refund, errors=[])
