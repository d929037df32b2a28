"""The incubator's part of the schema: submissions, museum approvals, briefs, notifications."""

from __future__ import annotations

import graphene

from incubator import selectors
from incubator.graphql.enums import ApprovalStatusEnum, SubmissionStateEnum
from incubator.graphql.mutations.brief_close import BriefClose
from incubator.graphql.mutations.brief_create import BriefCreate
from incubator.graphql.mutations.designer_profile_update import DesignerProfileUpdate
from incubator.graphql.mutations.museum_approval_decide import MuseumApprovalDecide
from incubator.graphql.mutations.notifications_mark_read import NotificationsMarkRead
from incubator.graphql.mutations.submission_create import SubmissionCreate
from incubator.graphql.mutations.submission_designer_rate_set import SubmissionDesignerRateSet
from incubator.graphql.mutations.submission_image_add import SubmissionImageAdd
from incubator.graphql.mutations.submission_image_remove import SubmissionImageRemove
from incubator.graphql.mutations.submission_launch import SubmissionLaunch
from incubator.graphql.mutations.submission_publish import SubmissionPublish
from incubator.graphql.mutations.submission_review import SubmissionReview
from incubator.graphql.mutations.submission_sample_decide import SubmissionSampleDecide
from incubator.graphql.mutations.submission_sample_submit import SubmissionSampleSubmit
from incubator.graphql.mutations.submission_submit import SubmissionSubmit
from incubator.graphql.mutations.submission_update import SubmissionUpdate
from incubator.graphql.mutations.submission_withdraw import SubmissionWithdraw
from incubator.graphql.types import (
    BriefConnection,
    DesignerProfile,
    MuseumApprovalConnection,
    NotificationConnection,
    Submission,
    SubmissionConnection,
)
from shop.accounts.graphql.permissions import roles_required
from shop.accounts.roles import Role
from shop.core.errors import ApplicationError
from shop.core.graphql.connections import connection_args, paginate
from shop.core.graphql.ids import decode_global_id
from shop.core.graphql.inputs import clean_text, enum_value


class SubmissionFilterInput(graphene.InputObjectType):
    status = graphene.Field(SubmissionStateEnum)
    designer = graphene.ID(description="A `User` or `Designer` id.")
    museum = graphene.String(description="Slug of a museum asked to approve.")


def _designer_pk(value: str) -> int:
    try:
        return decode_global_id(value, expected_type="Designer", field="designer")
    except ApplicationError:
        return decode_global_id(value, expected_type="User", field="designer")


def _paginate(queryset, connection_type, first, after):
    return paginate(queryset, connection_type=connection_type, first=first, after=after)


class Query(graphene.ObjectType):
    submissions = graphene.Field(
        SubmissionConnection,
        filter=SubmissionFilterInput(),
        **connection_args(),
        description="Curators: every submission; museum staff: those their museum is asked to approve.",
    )
    submission = graphene.Field(
        Submission,
        id=graphene.ID(required=True),
        description="A submission you may see (yours as a designer); null otherwise.",
    )
    museum_approvals = graphene.Field(
        MuseumApprovalConnection,
        status=graphene.Argument(ApprovalStatusEnum),
        **connection_args(),
        description="Museum staff: their museum's approval requests; curators: all.",
    )
    briefs = graphene.Field(
        graphene.NonNull(BriefConnection),
        open_only=graphene.Boolean(default_value=True),
        **connection_args(),
        description="Calls for designs, newest first.",
    )
    designer_profile = graphene.Field(DesignerProfile, description="Your designer profile, if you have one.")
    notifications = graphene.Field(
        NotificationConnection, unread_only=graphene.Boolean(default_value=False), **connection_args()
    )
    unread_notification_count = graphene.Int()

    @staticmethod
    @roles_required(Role.CURATOR, Role.MUSEUM_STAFF)
    def resolve_submissions(root, info, filter=None, first=None, after=None):
        filter = filter or {}
        designer = filter.get("designer")
        queryset = selectors.submission_list_visible(
            user=info.context.user,
            state=enum_value(filter.get("status")),
            designer_id=_designer_pk(designer) if designer else None,
            museum_slug=clean_text(filter.get("museum"), field="museum"),
        )
        return _paginate(queryset, SubmissionConnection, first, after)

    @staticmethod
    def resolve_submission(root, info, id):
        pk = decode_global_id(id, expected_type="Submission")
        return selectors.submission_get_visible(user=info.context.user, pk=pk)

    @staticmethod
    @roles_required(Role.CURATOR, Role.MUSEUM_STAFF)
    def resolve_museum_approvals(root, info, status=None, first=None, after=None):
        queryset = selectors.approval_list_visible(user=info.context.user, status=enum_value(status))
        return _paginate(queryset, MuseumApprovalConnection, first, after)

    @staticmethod
    def resolve_briefs(root, info, open_only=True, first=None, after=None):
        return _paginate(selectors.brief_list(open_only=open_only), BriefConnection, first, after)

    @staticmethod
    def resolve_designer_profile(root, info):
        return selectors.designer_profile_for(user=info.context.user)

    @staticmethod
    def resolve_notifications(root, info, unread_only=False, first=None, after=None):
        if not info.context.user.is_authenticated:
            return None
        return _paginate(
            selectors.notification_list(user=info.context.user, unread_only=unread_only),
            NotificationConnection,
            first,
            after,
        )

    @staticmethod
    def resolve_unread_notification_count(root, info):
        if not info.context.user.is_authenticated:
            return None
        return selectors.notification_unread_count(user=info.context.user)


class Mutation(graphene.ObjectType):
    designer_profile_update = DesignerProfileUpdate.Field()
    brief_create = BriefCreate.Field()
    brief_close = BriefClose.Field()
    submission_create = SubmissionCreate.Field()
    submission_update = SubmissionUpdate.Field()
    submission_image_add = SubmissionImageAdd.Field()
    submission_image_remove = SubmissionImageRemove.Field()
    submission_submit = SubmissionSubmit.Field()
    submission_withdraw = SubmissionWithdraw.Field()
    submission_review = SubmissionReview.Field()
    submission_designer_rate_set = SubmissionDesignerRateSet.Field()
    museum_approval_decide = MuseumApprovalDecide.Field()
    submission_sample_submit = SubmissionSampleSubmit.Field()
    submission_sample_decide = SubmissionSampleDecide.Field()
    submission_launch = SubmissionLaunch.Field()
    submission_publish = SubmissionPublish.Field()
    notifications_mark_read = NotificationsMarkRead.Field()
