"""The incubator's GraphQL enums: states and statuses of its models, and the decisions mutations take."""

from __future__ import annotations

import graphene

from incubator import models, services
from shop.core.graphql.errors import graphql_enum

SubmissionStateEnum = graphql_enum(models.SubmissionState, "SubmissionState")
ApprovalStatusEnum = graphql_enum(models.ApprovalStatus, "MuseumApprovalStatus")
BriefStatusEnum = graphql_enum(models.BriefStatus, "BriefStatus")
SampleDecisionEnum = graphql_enum(models.SampleDecision, "SampleDecision")

SubmissionReviewDecision = graphene.Enum.from_enum(services.ReviewDecision, name="SubmissionReviewDecision")
MuseumApprovalDecision = graphene.Enum.from_enum(services.MuseumDecision, name="MuseumApprovalDecision")
SampleVerdict = graphene.Enum.from_enum(services.SampleVerdict, name="SampleVerdict")
