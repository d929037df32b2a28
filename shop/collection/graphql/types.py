"""Public GraphQL types of the collection: museums, relics, their public images and licences.

Relations go through the dataloaders (``dataloaders.py``): however a relic or licence was reached, a
list of them costs one query per relation asked.
"""

from __future__ import annotations

from dataclasses import dataclass

import graphene
from django.conf import settings
from graphene import relay
from graphene_django import DjangoObjectType

from shop.collection import imagery
from shop.collection import models as collection
from shop.collection.graphql.dataloaders import (
    LicenceAllowedCategoriesLoader,
    LicenceLicensorsLoader,
    MuseumRelicPageLoader,
    RelicImagesLoader,
    RelicLicencesLoader,
)
from shop.core.graphql.connections import CountableConnection, connection_args
from shop.core.graphql.inputs import enum_value

ThumbnailSize = graphene.Enum(
    "ThumbnailSize",
    [(alias.upper(), alias) for alias in imagery.thumbnail_alias_names()],
    description="A thumbnail size (an easy-thumbnails alias): "
    + ", ".join(
        f"{alias.upper()} fits {settings.THUMBNAIL_ALIASES[''][alias]['size'][0]}px"
        for alias in imagery.thumbnail_alias_names()
    )
    + ".",
)
RelicCategory = graphene.Enum.from_enum(collection.RelicCategory, name="RelicCategory")
LicenceStatus = graphene.Enum.from_enum(collection.LicenceStatus, name="LicenceStatus")
LicenceTerritory = graphene.Enum.from_enum(collection.Territory, name="LicenceTerritory")


def _absolute(info, url: str | None) -> str | None:
    """Headless clients get absolute URLs (already absolute ones, from object storage, stay as they are)."""
    return info.context.build_absolute_uri(url) if url else url


@dataclass(frozen=True, slots=True)
class ImageValue:
    """A public image file on a model instance, with the alias to use when ``url`` is asked without a size."""

    instance: object
    field: str
    alt: str
    default_alias: str = imagery.DEFAULT_ALIAS


class Image(graphene.ObjectType):
    url = graphene.String(
        required=True,
        size=graphene.Argument(ThumbnailSize, description="Default: the size the image was asked for, else CARD."),
        description="URL of a pre-rendered thumbnail (the image itself until its thumbnails are rendered).",
    )
    alt = graphene.String(required=True, description="Alternative text in the request's language.")

    class Meta:
        description = "A public image."

    @staticmethod
    def resolve_url(root: ImageValue, info, size=None) -> str | None:
        alias = enum_value(size) or root.default_alias
        return _absolute(info, imagery.image_url(instance=root.instance, field=root.field, alias=alias))


class RelicImage(graphene.ObjectType):
    url = graphene.String(
        required=True,
        size=graphene.Argument(ThumbnailSize, default_value=imagery.DEFAULT_ALIAS),
        description="URL of a thumbnail of the watermarked public preview (never the original).",
    )
    alt = graphene.String(required=True)
    width = graphene.Int(required=True, description="Of the original photograph.")
    height = graphene.Int(required=True)
    credit_line = graphene.String(required=True)
    rights_statement = graphene.String(required=True, description="rightsstatements.org code, e.g. NoC-CR.")
    rights_statement_uri = graphene.String(required=True)

    class Meta:
        description = "A public, watermarked photograph of a relic."

    @staticmethod
    def resolve_url(root: collection.RelicImage, info, size=imagery.DEFAULT_ALIAS) -> str | None:
        return _absolute(info, imagery.image_url(instance=root, field="preview", alias=enum_value(size)))


class Museum(DjangoObjectType):
    name = graphene.String(required=True, description="In the request's language.")
    city = graphene.String(required=True)
    description = graphene.String(required=True)
    relics = graphene.Field(
        graphene.NonNull(lambda: RelicConnection),
        **connection_args(),
        description="The museum's relics, by name.",
    )

    class Meta:
        model = collection.Museum
        interfaces = (relay.Node,)
        fields = ("id", "slug", "name_en", "name_zh", "website")
        description = "A licensor museum."

    @staticmethod
    def resolve_relics(root: collection.Museum, info, first=None, after=None):
        # A museum reached from many products (``products { museums { relics } }``) is paged once per request.
        loader = MuseumRelicPageLoader.for_request(info, connection_type=RelicConnection, first=first, after=after)
        return loader.load(root)


class LicensorShare(graphene.ObjectType):
    museum = graphene.Field(Museum, required=True)
    share_bp = graphene.Int(required=True, description="Share of the museum royalty, in basis points (of 10000).")

    class Meta:
        description = "A museum holding a licence, and its share of the licence's royalty."


class Licence(DjangoObjectType):
    museum_rate_bp = graphene.Int(required=True, description="Museum royalty rate, basis points of the net sale.")
    territory = graphene.Field(LicenceTerritory, required=True)
    status = graphene.Field(LicenceStatus, required=True)
    is_active = graphene.Boolean(required=True, description="Active status and today inside the validity range.")
    licensors = graphene.List(graphene.NonNull(LicensorShare), required=True)
    # The one reference up the app order: the categories a licence allows are held by the catalogue.
    allowed_categories = graphene.List(
        graphene.NonNull("shop.catalog.graphql.types.Category"),
        required=True,
        description="Product categories this licence allows.",
    )

    class Meta:
        model = collection.Licence
        interfaces = (relay.Node,)
        fields = ("id", "reference", "valid_from", "valid_until")
        description = "The terms on which a relic's imagery may be used."

    @staticmethod
    def resolve_is_active(root: collection.Licence, info) -> bool:
        return root.is_active_now()

    @staticmethod
    def resolve_licensors(root: collection.Licence, info):
        return LicenceLicensorsLoader.for_request(info).load(root)

    @staticmethod
    def resolve_allowed_categories(root: collection.Licence, info):
        return LicenceAllowedCategoriesLoader.for_request(info).load(root)


class Relic(DjangoObjectType):
    name = graphene.String(required=True, description="In the request's language.")
    period = graphene.String(required=True, description="Period or dynasty, in the request's language.")
    story = graphene.String(required=True)
    category = graphene.Field(RelicCategory, required=True)
    museum = graphene.Field(Museum, required=True)
    images = graphene.List(graphene.NonNull(RelicImage), required=True)
    licences = graphene.List(graphene.NonNull(Licence), required=True)

    class Meta:
        model = collection.Relic
        interfaces = (relay.Node,)
        fields = (
            "id",
            "slug",
            "accession_number",
            "name_en",
            "name_zh",
            "period_en",
            "period_zh",
            "is_featured",
        )
        convert_choices_to_enum = False
        description = "An artefact in a museum's collection."

    @staticmethod
    def resolve_images(root: collection.Relic, info):
        return RelicImagesLoader.for_request(info).load(root)

    @staticmethod
    def resolve_licences(root: collection.Relic, info):
        return RelicLicencesLoader.for_request(info).load(root)


class RelicConnection(CountableConnection):
    class Meta:
        node = Relic
