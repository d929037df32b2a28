from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import MAX_LIST
from incubator.graphql.types import IncubatorError
from shop.accounts.graphql.permissions import login_required_mutation
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.ids import decode_global_id


class NotificationsMarkRead(graphene.Mutation):
    """Mark your notifications read: the ones given, or all."""

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID))

    count = graphene.Int()
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @login_required_mutation
    def mutate(cls, root, info, ids=None):
        pks = None
        if ids is not None:
            pks = [decode_global_id(value, expected_type="Notification", field="ids") for value in ids[:MAX_LIST]]
        count = services.notification_mark_read(user=info.context.user, notification_ids=pks)
        return cls(count=count, errors=[])
