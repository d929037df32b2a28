"""Incubator GraphQL types. Ids are Relay global ids, but these types are deliberately not Relay
``Node``s: a generic ``node(id)`` must never fetch a submission past the visibility rules, so every
entry point goes through ``incubator.selectors``."""

from __future__ import annotations

import graphene
from django.urls import reverse
from graphene_django import DjangoObjectType
from graphql_relay import to_global_id

from incubator import models
from incubator.errors import IncubatorErrorCode
from incubator.graphql import dataloaders as loaders
from incubator.graphql.enums import ApprovalStatusEnum, BriefStatusEnum, SampleDecisionEnum, SubmissionStateEnum
from shop.catalog.graphql.types import Category, Designer, Product
from shop.collection.graphql.dataloaders import LicenceRelicLoader
from shop.collection.graphql.types import Licence, Museum, Relic
from shop.core.graphql.connections import CountableConnection
from shop.core.graphql.errors import error_type
from shop.core.graphql.types import Money
from shop.core.money import Money as MoneyValue

IncubatorError = error_type("IncubatorError", IncubatorErrorCode)


def _global_id(type_name: str):
    def resolve(root, info) -> str:
        return to_global_id(type_name, root.pk)

    return staticmethod(resolve)


def _money(amount, currency: str):
    return MoneyValue(amount, currency) if amount is not None else None


class DesignerProfile(DjangoObjectType):
    id = graphene.ID(required=True)
    payout_details = graphene.String(description="Only the designer themself sees this.")

    class Meta:
        model = models.DesignerProfile
        fields = ("display_name", "display_name_zh", "bio", "bio_zh", "portfolio_url", "slug", "created_at")
        description = "A designer's profile in the incubator; public at /designers/<slug>/."

    resolve_id = _global_id("DesignerProfile")

    @staticmethod
    def resolve_payout_details(root: models.DesignerProfile, info):
        return root.payout_details if info.context.user.pk == root.user_id else None


class Brief(DjangoObjectType):
    id = graphene.ID(required=True)
    status = graphene.Field(BriefStatusEnum, required=True)
    is_open = graphene.Boolean(required=True, description="Open and before its deadline: accepts new submissions.")
    relics = graphene.List(graphene.NonNull(Relic), required=True)
    categories = graphene.List(graphene.NonNull(Category), required=True)

    class Meta:
        model = models.Brief
        fields = ("title", "text", "deadline", "created_at")
        description = "A curators' call for designs on given relics and product categories."

    resolve_id = _global_id("Brief")

    @staticmethod
    def resolve_relics(root, info):
        return loaders.BriefRelicsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_categories(root, info):
        return loaders.BriefCategoriesLoader.for_request(info).load(root)


class BriefConnection(CountableConnection):
    class Meta:
        node = Brief


class SubmissionImage(graphene.ObjectType):
    id = graphene.ID(required=True)
    url = graphene.String(required=True, description="Served only to those allowed to see the submission.")
    alt = graphene.String(required=True)
    width = graphene.Int(required=True)
    height = graphene.Int(required=True)
    format = graphene.String(required=True, description="JPEG, PNG or WEBP (decided by content).")

    class Meta:
        description = "A prototype or sample image, re-encoded without metadata."

    @staticmethod
    def resolve_id(root, info) -> str:
        return to_global_id(type(root).__name__, root.pk)

    @staticmethod
    def resolve_url(root, info) -> str:
        return info.context.build_absolute_uri(reverse("incubator:image", args=[root.token]))


class SubmissionUsage(graphene.ObjectType):
    licence = graphene.Field(Licence, required=True)
    relic = graphene.Field(Relic, required=True)
    weight_bp = graphene.Int(required=True, description="Share of the design, basis points (weights sum to 10000).")

    @staticmethod
    def resolve_licence(root: models.RevisionLicenceUsage, info):
        return loaders.UsageLicenceLoader.for_request(info).load(root)

    @staticmethod
    def resolve_relic(root: models.RevisionLicenceUsage, info):
        licence = loaders.UsageLicenceLoader.for_request(info).load(root)
        return LicenceRelicLoader.for_request(info).load(licence)


class SubmissionRevision(DjangoObjectType):
    category = graphene.Field(Category)
    proposed_retail_price = graphene.Field(Money)
    estimated_unit_cost = graphene.Field(Money)
    usages = graphene.List(graphene.NonNull(SubmissionUsage), required=True)
    images = graphene.List(graphene.NonNull(SubmissionImage), required=True)
    museums = graphene.List(graphene.NonNull(Museum), required=True, description="Whose approval it needs.")

    class Meta:
        model = models.SubmissionRevision
        fields = ("number", "title", "description", "materials", "dimensions", "created_at", "submitted_at")
        description = "One version of a submission; submitted revisions never change."

    @staticmethod
    def resolve_category(root, info):
        return loaders.RevisionCategoryLoader.for_request(info).load(root)

    @staticmethod
    def resolve_proposed_retail_price(root, info):
        return _money(root.proposed_retail_price, root.currency)

    @staticmethod
    def resolve_estimated_unit_cost(root, info):
        return _money(root.estimated_unit_cost, root.currency)

    @staticmethod
    def resolve_usages(root, info):
        return loaders.RevisionUsagesLoader.for_request(info).load(root)

    @staticmethod
    def resolve_images(root, info):
        return loaders.RevisionImagesLoader.for_request(info).load(root)

    @staticmethod
    def resolve_museums(root, info):
        return loaders.RevisionMuseumsLoader.for_request(info).load(root)


class SubmissionTransition(graphene.ObjectType):
    from_state = graphene.Field(SubmissionStateEnum, required=True)
    to_state = graphene.Field(SubmissionStateEnum, required=True)
    actor_name = graphene.String(description="Who made the step (null when the account is gone).")
    comment = graphene.String(required=True)
    revision_number = graphene.Int()
    created_at = graphene.DateTime(required=True)

    class Meta:
        description = "One step of a submission's timeline."

    @staticmethod
    def resolve_actor_name(root, info):
        return str(root.actor) if root.actor else None


class DesignAgreement(graphene.ObjectType):
    designer_rate_bp = graphene.Int(required=True)
    agreed_at = graphene.DateTime(required=True)
    design_name = graphene.String(required=True)

    @staticmethod
    def resolve_design_name(root, info):
        return root.design.name


class SampleSubmission(graphene.ObjectType):
    id = graphene.ID(required=True)
    note = graphene.String(required=True)
    decision = graphene.Field(SampleDecisionEnum, required=True)
    comment = graphene.String(required=True)
    submitted_at = graphene.DateTime(required=True)
    decided_at = graphene.DateTime()
    images = graphene.List(graphene.NonNull(SubmissionImage), required=True)

    resolve_id = _global_id("SampleSubmission")

    @staticmethod
    def resolve_images(root, info):
        return loaders.SampleImagesLoader.for_request(info).load(root)


class Submission(DjangoObjectType):
    id = graphene.ID(required=True)
    state = graphene.Field(SubmissionStateEnum, required=True)
    designer = graphene.Field(Designer, required=True)
    brief = graphene.Field(Brief)
    current_revision = graphene.Field(SubmissionRevision, required=True)
    revisions = graphene.List(graphene.NonNull(SubmissionRevision), required=True)
    timeline = graphene.List(graphene.NonNull(SubmissionTransition), required=True)
    approvals = graphene.List(graphene.NonNull(lambda: MuseumApproval), required=True)
    designer_rate_bp = graphene.Int(required=True, description="The rate the design agreement fixes.")
    agreement = graphene.Field(DesignAgreement)
    samples = graphene.List(graphene.NonNull(SampleSubmission), required=True)
    product = graphene.Field(Product, description="Once launched.")

    class Meta:
        model = models.Submission
        fields = ("created_at", "updated_at")
        description = "A designer's proposal for a product."

    resolve_id = _global_id("Submission")

    @staticmethod
    def resolve_designer(root, info):
        return loaders.SubmissionDesignerLoader.for_request(info).load(root)

    @staticmethod
    def resolve_brief(root, info):
        return loaders.SubmissionBriefLoader.for_request(info).load(root)

    @staticmethod
    def resolve_current_revision(root, info):
        return loaders.SubmissionCurrentRevisionLoader.for_request(info).load(root)

    @staticmethod
    def resolve_revisions(root, info):
        return loaders.SubmissionRevisionsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_timeline(root, info):
        return loaders.SubmissionTimelineLoader.for_request(info).load(root)

    @staticmethod
    def resolve_approvals(root, info):
        return loaders.SubmissionApprovalsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_agreement(root, info):
        return loaders.SubmissionAgreementLoader.for_request(info).load(root)

    @staticmethod
    def resolve_samples(root, info):
        return loaders.SubmissionSamplesLoader.for_request(info).load(root)

    @staticmethod
    def resolve_product(root, info):
        return loaders.SubmissionProductLoader.for_request(info).load(root)


class SubmissionConnection(CountableConnection):
    class Meta:
        node = Submission


class MuseumApproval(DjangoObjectType):
    id = graphene.ID(required=True)
    museum = graphene.Field(Museum, required=True)
    status = graphene.Field(ApprovalStatusEnum, required=True)
    revision_number = graphene.Int(required=True)
    submission = graphene.Field(Submission, required=True)

    class Meta:
        model = models.MuseumApproval
        fields = ("comment", "decided_at", "created_at")
        description = "A museum's consent to the use of its relics in one revision of a design."

    resolve_id = _global_id("MuseumApproval")

    @staticmethod
    def resolve_museum(root, info):
        return loaders.ApprovalMuseumLoader.for_request(info).load(root)

    @staticmethod
    def resolve_submission(root, info):
        return loaders.ApprovalSubmissionLoader.for_request(info).load(root)

    @staticmethod
    def resolve_revision_number(root, info):
        return loaders.ApprovalRevisionLoader.for_request(info).load(root).number


class MuseumApprovalConnection(CountableConnection):
    class Meta:
        node = MuseumApproval


class Notification(DjangoObjectType):
    id = graphene.ID(required=True)

    class Meta:
        model = models.Notification
        fields = ("text", "link", "created_at", "read_at")
        description = "Something that happened to your work in the incubator."

    resolve_id = _global_id("Notification")


class NotificationConnection(CountableConnection):
    class Meta:
        node = Notification
