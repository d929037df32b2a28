from __future__ import annotations

import graphene

from shop.accounts.graphql.permissions import mutation_roles_required
from shop.core.graphql.errors import mutation_errors
from shop.orders.errors import OrderErrorCode
from shop.orders.graphql.mutations.inputs import return_by_id
from shop.orders.graphql.types import OrderError, ReturnRequest
from shop.orders.selectors import ORDER_OPERATIONS_ROLES
from shop.orders.services import return_request_decide


class ReturnDecision(graphene.Enum):
    APPROVE = "approve"
    REJECT = "reject"


class ReturnRequestDecide(graphene.Mutation):
    """Approve or reject (with a comment the customer reads) a requested return (operations)."""

    class Arguments:
        id = graphene.ID(required=True)
        decision = graphene.Argument(ReturnDecision, required=True)
        comment = graphene.String()

    return_request = graphene.Field(ReturnRequest)
    errors = graphene.List(graphene.NonNull(OrderError), required=True)

    @classmethod
    @mutation_errors(OrderErrorCode)
    @mutation_roles_required(*ORDER_OPERATIONS_ROLES)
    def mutate(cls, root, info, id, decision, comment=""):
        request = return_request_decide(
            return_request=return_by_id(id),
            approve=getattr(decision, "value", decision) == ReturnDecision.APPROVE.value,
            comment=comment or "",
            user=info.context.user,
        )
        return cls(return_request=request, errors=[])
