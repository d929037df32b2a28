from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.errors import mutation_errors
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import line_pairs, order_for_staff
from shop.orders.graphql.types import Order, OrderError, Refund
from shop.orders.selectors import ORDER_REFUND_ROLES
from shop.orders.services import order_refund

KEY_MAX = 100


class OrderRefundLineInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class OrderRefund(graphene.Mutation):
    """Refund units of an order's lines (operations, finance), once per ``idempotencyKey``: the same key
    again returns the same refund, never a second one; a key used for other lines is
    IDEMPOTENCY_KEY_REUSED. The gateway refund, the royalty reversal and the email follow asynchronously."""

    class Arguments:
        number = graphene.String(required=True)
        lines = graphene.List(graphene.NonNull(OrderRefundLineInput), required=True)
        reason = graphene.String(required=True, description="Why; kept with the refund.")
        idempotency_key = graphene.String(
            required=True, description=f"A key of your choosing (a UUID), 1 to {KEY_MAX} characters."
        )

    order = graphene.Field(Order)
    refund = graphene.Field(Refund)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    @mutation_roles_required(*ORDER_REFUND_ROLES)
    def mutate(cls, root, info, number: str, lines: list, reason: str, idempotency_key: str):
        if not (reason or "").strip():
            raise ApplicationError("Give the reason for the refund.", code=ErrorCode.REQUIRED, field="reason")
        key = (idempotency_key or "").strip()
        if not key:
            raise ApplicationError("Give an idempotency key.", code=ErrorCode.REQUIRED, field="idempotency_key")
        if len(key) > KEY_MAX:
            raise ApplicationError(
                f"The idempotency key is longer than {KEY_MAX} characters.",
                code=ErrorCode.INVALID,
                field="idempotency_key",
            )
        order = order_for_staff(number, info.context.user)
        refund = order_refund(
            order=order,
            lines=line_pairs(lines),
            user=info.context.user,
            reason=reason.strip(),
            idempotency_key=f"api:{key}",
        )
        order.refresh_from_db()
        return cls(order=order, refund=refund, errors=[])
