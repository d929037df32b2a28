from __future__ import annotations

import graphene

from incubator import services
from incubator.errors import IncubatorErrorCode
from incubator.graphql.types import DesignerProfile, IncubatorError
from shop.accounts.graphql.permissions import login_required_mutation
from shop.core.graphql.errors import mutation_errors


class DesignerProfileInput(graphene.InputObjectType):
    display_name = graphene.String(required=True)
    display_name_zh = graphene.String(description="The name in Chinese; unchanged when left out.")
    bio = graphene.String()
    bio_zh = graphene.String(description="The bio in Chinese; unchanged when left out.")
    portfolio_url = graphene.String()
    payout_details = graphene.String()


class DesignerProfileUpdate(graphene.Mutation):
    """Sign up as a designer (or update the profile): grants the designer role."""

    class Arguments:
        input = DesignerProfileInput(required=True)

    profile = graphene.Field(DesignerProfile)
    errors = graphene.List(graphene.NonNull(IncubatorError), required=True)

    @classmethod
    @mutation_errors(IncubatorErrorCode)
    @login_required_mutation
    def mutate(cls, root, info, input):
        profile = services.designer_profile_save(
            user=info.context.user,
            display_name=input.display_name,
            bio=input.get("bio") or "",
            portfolio_url=input.get("portfolio_url") or "",
            payout_details=input.get("payout_details") or "",
            display_name_zh=input.get("display_name_zh"),
            bio_zh=input.get("bio_zh"),
        )
        return cls(profile=profile, errors=[])
