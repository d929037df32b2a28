from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.mutations.lookups import MAX_LIST, submission_for
from incubator.graphql.types import IncubatorError, Submission
from shop.accounts.graphql.permissions import mutation_roles_required
from shop.accounts.roles import Role
from shop.catalog.graphql.types import Product
from shop.core.errors import ApplicationError
from shop.core.graphql.errors import mutation_errors


class LaunchVariantInput(graphene.InputObjectType):
    sku = graphene.String(required=True)
    name = graphene.String(required=True)
    price = graphene.Decimal(required=True, description='VAT-inclusive, a decimal string such as "268.00".')
    stock = graphene.Int(required=True)
    name_zh = graphene.String(description="The variant's Chinese name (required: the shop is bilingual).")


class SubmissionLaunchInput(graphene.InputObjectType):
    variants = graphene.List(graphene.NonNull(LaunchVariantInput), required=True)
    slug = graphene.String(description="Default: from the title.")
    name_en = graphene.String(description="Default: the submission's title.")
    name_zh = graphene.String(description="Required: the shop is bilingual.")
    description_en = graphene.String(description="Default: the submission's description.")
    description_zh = graphene.String(description="Required when there is a description.")


class SubmissionLaunch(graphene.Mutation):
    """Create the product (unpublished) with its variants and stock from an approved sample."""

    class Arguments:
        id = graphene.ID(required=True)
        input = SubmissionLaunchInput(required=True)

    submission = graphene.Field(Submission)
    product = graphene.Field(Product)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @mutation_roles_required(Role.CURATOR)
    def mutate(cls, root, info, id, input):
        submission = submission_for(info, id)
        if len(input.variants) > MAX_LIST:
            raise ApplicationError(f"At most {MAX_LIST} variants.", code=IncubatorErrorCode.INVALID, field="variants")
        variants = [
            services.LaunchVariant(
                sku=item.sku, name=item.name, price=item.price, stock=item.stock, name_zh=item.get("name_zh") or ""
            )
            for item in input.variants
        ]
        product = services.submission_launch(
            submission=submission,
            actor=info.context.user,
            variants=variants,
            slug=input.get("slug") or "",
            name_zh=input.get("name_zh") or "",
            description_zh=input.get("description_zh") or "",
            name_en=input.get("name_en") or "",
            description_en=input.get("description_en"),
        )
        submission.refresh_from_db()
        return cls(submission=submission, product=product, errors=[])
