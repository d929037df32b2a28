from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.ids import decode_global_id
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import MAX_INPUT_LINES, ReturnReceiveLineInput, return_by_id
from shop.orders.graphql.types import OrderError, ReturnRequest
from shop.orders.selectors import ORDER_OPERATIONS_ROLES
from shop.orders.services import return_receive


class ReturnReceive(graphene.Mutation):
    """Record what came back of an approved return and whether it goes back on sale (operations); the
    units received are refunded once through the refund path."""

    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(graphene.NonNull(ReturnReceiveLineInput), required=True)

    return_request = graphene.Field(ReturnRequest)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    @mutation_roles_required(*ORDER_OPERATIONS_ROLES)
    def mutate(cls, root, info, id, lines):
        if len(lines) > MAX_INPUT_LINES:
            raise ApplicationError(f"At most {MAX_INPUT_LINES} lines.", code=ErrorCode.INVALID, field="lines")
        triples = [
            (decode_global_id(line.line_id, expected_type="OrderLine", field="lines"), line.quantity, line.restock)
            for line in lines
        ]
        request = return_receive(return_request=return_by_id(id), lines=triples, user=info.context.user)
        return cls(return_request=request, errors=[])
