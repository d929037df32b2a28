"""Incubator mutations: decode ids, find what the caller may see, call one service. Expected
failures come back in ``errors``; a submission the caller may not see is NOT_FOUND, whether it
exists or not, so guessing ids reveals nothing."""

from __future__ import annotations

import graphene

from incubator import models, selectors, services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.types import (
    Brief,
    DesignerProfile,
    IncubatorError,
    MuseumApproval,
    SampleSubmission,
    Submission,
    SubmissionImage,
)
from incubator.uploads import image_decode_base64
from shop.accounts.graphql.permissions import login_required_mutation, mutation_roles_required
from shop.accounts.roles import Role
from shop.catalog.graphql.types import Product
from shop.catalog.models import Category
from shop.collection.models import Licence, Relic
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors
from shop.core.graphql.ids import decode_global_id
from shop.core.graphql.inputs import enum_value

Code = IncubatorErrorCode
MAX_LIST = 100


def _not_found(field: str = "id") -> ApplicationError:
    return ApplicationError("No such item, or you may not see it.", code=Code.NOT_FOUND, field=field)


def _submission(info, global_id: str) -> models.Submission:
    pk = decode_global_id(global_id, expected_type="Submission")
    submission = selectors.submission_get_visible(user=info.context.user, pk=pk)
    if submission is None:
        raise _not_found()
    return submission


def _category(slug: str | None) -> Category | None:
    if not slug:
        return None
    category = Category.objects.filter(slug=slug).first()
    if category is None:
        raise ApplicationError(f"There is no category “{slug}”.", code=Code.NOT_FOUND, field="category")
    return category


def _usages(items) -> list[tuple[Licence, int]]:
    if len(items) > MAX_LIST:
        raise ApplicationError("Too many usages.", code=Code.INVALID, field="usages")
    pks = [decode_global_id(item.licence, expected_type="Licence", field="usages") for item in items]
    licences = Licence.objects.in_bulk(pks)
    result = []
    for pk, item in zip(pks, items, strict=True):
        if pk not in licences:
            raise _not_found("usages")
        result.append((licences[pk], item.weight_bp))
    return result


class UsageInput(graphene.InputObjectType):
    licence = graphene.ID(required=True, description="A `Licence` id; the licence must allow the category.")
    weight_bp = graphene.Int(required=True, description="Share of the design in basis points; all sum to 10000.")


class SubmissionInput(graphene.InputObjectType):
    title = graphene.String()
    description = graphene.String()
    category = graphene.String(description="Category slug.")
    usages = graphene.List(graphene.NonNull(UsageInput), description="Replaces the relics used (max 100).")
    materials = graphene.String()
    dimensions = graphene.String()
    proposed_retail_price = graphene.Decimal(description='A decimal string, e.g. "268.00".')
    estimated_unit_cost = graphene.Decimal()


class SubmissionCreateInput(SubmissionInput):
    brief = graphene.ID(description="The brief this answers (must be open).")


def _changes(data) -> dict:
    changes = {}
    for name in ("title", "description", "materials", "dimensions", "proposed_retail_price", "estimated_unit_cost"):
        if name in data:
            changes[name] = data[name]
    if "category" in data:
        changes["category"] = _category(data["category"])
    if "usages" in data:
        changes["usages"] = _usages(data["usages"] or [])
    return changes


class DesignerProfileInput(graphene.InputObjectType):
    display_name = graphene.String(required=True)
    bio = graphene.String()
    portfolio_url = graphene.String()
    payout_details = graphene.String()


class DesignerProfileUpdate(graphene.Mutation):
    """Sign up as a designer (or update the profile): grants the designer role."""

    class Arguments:
        input = DesignerProfileInput(required=True)

    profile = graphene.Field(DesignerProfile)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @login_required_mutation
    def mutate(cls, root, info, input):
        profile = services.designer_profile_save(
            user=info.context.user,
            display_name=input.display_name,
            bio=input.get("bio") or "",
            portfolio_url=input.get("portfolio_url") or "",
            payout_details=input.get("payout_details") or "",
        )
        return cls(profile=profile, errors=[])


class BriefCreateInput(graphene.InputObjectType):
    title = graphene.String(required=True)
    text = graphene.String(required=True)
    relics = graphene.List(graphene.NonNull(graphene.String), description="Relic slugs.")
    categories = graphene.List(graphene.NonNull(graphene.String), description="Category slugs.")
    deadline = graphene.DateTime()


class BriefCreate(graphene.Mutation):
    class Arguments:
        input = BriefCreateInput(required=True)

    brief = graphene.Field(Brief)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, input):
        relic_slugs = (input.get("relics") or [])[:MAX_LIST]
        category_slugs = (input.get("categories") or [])[:MAX_LIST]
        relics = list(Relic.objects.filter(slug__in=relic_slugs))
        categories = list(Category.objects.filter(slug__in=category_slugs))
        if len(relics) != len(set(relic_slugs)):
            raise ApplicationError("Some relic slugs are unknown.", code=Code.NOT_FOUND, field="relics")
        if len(categories) != len(set(category_slugs)):
            raise ApplicationError("Some category slugs are unknown.", code=Code.NOT_FOUND, field="categories")
        brief = services.brief_create(
            actor=info.context.user,
            title=input.title,
            text=input.text,
            relics=relics,
            categories=categories,
            deadline=input.get("deadline"),
        )
        return cls(brief=brief, errors=[])


class BriefClose(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True)

    brief = graphene.Field(Brief)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id):
        brief = models.Brief.objects.filter(pk=decode_global_id(id, expected_type="Brief")).first()
        if brief is None:
            raise _not_found()
        return cls(brief=services.brief_close(actor=info.context.user, brief=brief), errors=[])


class SubmissionCreate(graphene.Mutation):
    class Arguments:
        input = SubmissionCreateInput(required=True)

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, input):
        brief = None
        if input.get("brief"):
            brief = models.Brief.objects.filter(
                pk=decode_global_id(input.brief, expected_type="Brief", field="brief")
            ).first()
            if brief is None:
                raise _not_found("brief")
        changes = _changes(input)
        if not changes.get("title"):
            raise ApplicationError("A title is required.", code=Code.REQUIRED, field="title")
        submission = services.submission_create(designer=info.context.user, brief=brief, **changes)
        return cls(submission=submission, errors=[])


class SubmissionUpdate(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True)
        input = SubmissionInput(required=True)

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, input):
        submission = _submission(info, id)
        submission = services.submission_update(submission=submission, actor=info.context.user, **_changes(input))
        return cls(submission=submission, errors=[])


class SubmissionImageAdd(graphene.Mutation):
    """Add a prototype image sent as base64 (small files; larger ones through the portal's upload form)."""

    class Arguments:
        id = graphene.ID(required=True)
        image = graphene.String(required=True, description="Base64 of a JPEG, PNG or WebP file.")
        alt = graphene.String()

    submission = graphene.Field(Submission)
    image = graphene.Field(SubmissionImage)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, image, alt=""):
        submission = _submission(info, id)
        if submission.designer_id != info.context.user.pk:
            raise ApplicationError("Only the designer of this submission may do this.", code=Code.PERMISSION_DENIED)
        raw = image_decode_base64(data=image)
        added = services.submission_image_add(submission=submission, actor=info.context.user, upload=raw, alt=alt)
        submission.refresh_from_db()
        return cls(submission=submission, image=added, errors=[])


class SubmissionImageRemove(graphene.Mutation):
    class Arguments:
        id = graphene.ID(required=True, description="A `SubmissionImage` id.")

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id):
        pk = decode_global_id(id, expected_type="SubmissionImage")
        image = models.SubmissionImage.objects.select_related("revision__submission").filter(pk=pk).first()
        if (
            image is None
            or selectors.submission_get_visible(user=info.context.user, pk=image.revision.submission_id) is None
        ):
            raise _not_found()
        submission = services.submission_image_remove(image=image, actor=info.context.user)
        submission.refresh_from_db()
        return cls(submission=submission, errors=[])


class SubmissionSubmit(graphene.Mutation):
    """Send the draft, or the next revision after changes were requested, to the curators."""

    class Arguments:
        id = graphene.ID(required=True)
        comment = graphene.String()

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, comment=""):
        submission = services.submission_submit(
            submission=_submission(info, id), actor=info.context.user, comment=comment or ""
        )
        submission.refresh_from_db()
        return cls(submission=submission, errors=[])


class SubmissionWithdraw(graphene.Mutation):
    """Withdraw from any open state."""

    class Arguments:
        id = graphene.ID(required=True)
        comment = graphene.String()

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, comment=""):
        submission = services.submission_withdraw(
            submission=_submission(info, id), actor=info.context.user, comment=comment or ""
        )
        submission.refresh_from_db()
        return cls(submission=submission, errors=[])


SubmissionReviewDecision = graphene.Enum.from_enum(services.ReviewDecision, name="SubmissionReviewDecision")
MuseumApprovalDecision = graphene.Enum.from_enum(services.MuseumDecision, name="MuseumApprovalDecision")
SampleVerdict = graphene.Enum.from_enum(services.SampleVerdict, name="SampleVerdict")


class SubmissionReview(graphene.Mutation):
    """A curator's verdict: APPROVE asks the museums concerned; REQUEST_CHANGES and REJECT need a comment."""

    class Arguments:
        id = graphene.ID(required=True)
        decision = SubmissionReviewDecision(required=True)
        comment = graphene.String()

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, decision, comment=""):
        submission = _submission(info, id)
        submission = services.submission_review(
            submission=submission, actor=info.context.user, decision=enum_value(decision), comment=comment or ""
        )
        submission.refresh_from_db()
        return cls(submission=submission, errors=[])


class SubmissionDesignerRateSet(graphene.Mutation):
    """Change the designer rate the agreement will fix (until the museums have approved)."""

    class Arguments:
        id = graphene.ID(required=True)
        rate_bp = graphene.Int(required=True)

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, rate_bp):
        submission = services.submission_set_designer_rate(
            submission=_submission(info, id), actor=info.context.user, rate_bp=rate_bp
        )
        return cls(submission=submission, errors=[])


class MuseumApprovalDecide(graphene.Mutation):
    """Staff of the museum asked approve or decline (a decline needs a comment for the designer)."""

    class Arguments:
        id = graphene.ID(required=True)
        decision = MuseumApprovalDecision(required=True)
        comment = graphene.String()

    approval = graphene.Field(MuseumApproval)
    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.MUSEUM_STAFF)
    def mutate(cls, root, info, id, decision, comment=""):
        pk = decode_global_id(id, expected_type="MuseumApproval")
        approval = selectors.approval_get_visible(user=info.context.user, pk=pk)
        if approval is None:
            raise _not_found()
        approval = services.museum_approval_decide(
            approval=approval, actor=info.context.user, decision=enum_value(decision), comment=comment or ""
        )
        submission = models.Submission.objects.get(pk=approval.submission_id)
        return cls(approval=approval, submission=submission, errors=[])


class SubmissionSampleSubmit(graphene.Mutation):
    """Send photos (1–10, base64) of the physical sample of an approved design."""

    class Arguments:
        id = graphene.ID(required=True)
        images = graphene.List(graphene.NonNull(graphene.String), required=True)
        note = graphene.String()

    submission = graphene.Field(Submission)
    sample = graphene.Field(SampleSubmission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.DESIGNER)
    def mutate(cls, root, info, id, images, note=""):
        submission = _submission(info, id)
        if len(images) > 10:
            raise ApplicationError("At most 10 photos of the sample.", code=Code.TOO_MANY_IMAGES, field="images")
        if submission.designer_id != info.context.user.pk:
            raise ApplicationError("Only the designer of this submission may do this.", code=Code.PERMISSION_DENIED)
        uploads = [image_decode_base64(data=data, field="images") for data in images]
        sample = services.submission_sample_submit(
            submission=submission, actor=info.context.user, uploads=uploads, note=note or ""
        )
        submission.refresh_from_db()
        return cls(submission=submission, sample=sample, errors=[])


class SubmissionSampleDecide(graphene.Mutation):
    """A curator accepts the sample or sends it back (with a comment)."""

    class Arguments:
        id = graphene.ID(required=True)
        decision = SampleVerdict(required=True)
        comment = graphene.String()

    submission = graphene.Field(Submission)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, decision, comment=""):
        submission = _submission(info, id)
        services.submission_sample_decide(
            submission=submission, actor=info.context.user, decision=enum_value(decision), comment=comment or ""
        )
        submission.refresh_from_db()
        return cls(submission=submission, errors=[])


class LaunchVariantInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    name = graphene.String(required=True)
    price = graphene.Decimal(required=True, description='VAT-inclusive, a decimal string such as "268.00".')
    stock = graphene.Int(required=True)


class SubmissionLaunchInput(graphene.InputObjectType):
    variants = graphene.List(graphene.NonNull(LaunchVariantInput), required=True)
    slug = graphene.String(description="Default: from the title.")
    name_zh = graphene.String()
    description_zh = graphene.String()


class SubmissionLaunch(graphene.Mutation):
    """Create the product (unpublished) with its variants and stock from an approved sample."""

    class Arguments:
        id = graphene.ID(required=True)
        input = SubmissionLaunchInput(required=True)

    submission = graphene.Field(Submission)
    product = graphene.Field(Product)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, input):
        submission = _submission(info, id)
        if len(input.variants) > MAX_LIST:
            raise ApplicationError("At most 100 variants.", code=Code.INVALID, field="variants")
        variants = [
            services.LaunchVariant(sku=item.sku, name=item.name, price=item.price, stock=item.stock)
            for item in input.variants
        ]
        product = services.submission_launch(
            submission=submission,
            actor=info.context.user,
            variants=variants,
            slug=input.get("slug") or "",
            name_zh=input.get("name_zh") or "",
            description_zh=input.get("description_zh") or "",
        )
        submission.refresh_from_db()
        return cls(submission=submission, product=product, errors=[])


class SubmissionPublish(graphene.Mutation):
    """Publish (or, with ``published: false``, hide) the launched product."""

    class Arguments:
        id = graphene.ID(required=True)
        published = graphene.Boolean(default_value=True)

    submission = graphene.Field(Submission)
    product = graphene.Field(Product)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, published=True):
        submission = _submission(info, id)
        product = services.submission_publish(submission=submission, actor=info.context.user, published=published)
        return cls(submission=submission, product=product, errors=[])


class NotificationsMarkRead(graphene.Mutation):
    """Mark your notifications read: the ones given, or all."""

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID))

    count = graphene.Int()
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(Code)
    @login_required_mutation
    def mutate(cls, root, info, ids=None):
        pks = None
        if ids is not None:
            pks = [decode_global_id(value, expected_type="Notification", field="ids") for value in ids[:MAX_LIST]]
        count = services.notification_mark_read(user=info.context.user, notification_ids=pks)
        return cls(count=count, errors=[])
