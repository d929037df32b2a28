"""Thumbnail URLs computed without queries are the ones easy-thumbnails renders."""

from __future__ import annotations

import pytest
from easy_thumbnails.files import get_thumbnailer

from shop.catalog.models import ProductImage
from shop.collection import imagery
from tests.factories import ProductFactory
from tests.shop.catalog.graphql.imagery_factories import product_image_create


@pytest.mark.django_db
@pytest.mark.parametrize("alias", ["small", "card", "large"])
def test_computed_thumbnail_url_is_the_rendered_one(alias, django_assert_num_queries):
    image = product_image_create(product=ProductFactory())
    rendered = get_thumbnailer(image.image)[alias]

    with django_assert_num_queries(0):
        computed = imagery.thumbnail_url(fieldfile=image.image, alias=alias)

    assert computed == rendered.url
    assert rendered.storage.exists(rendered.name)


@pytest.mark.django_db
def test_readiness_annotation_tells_rendered_from_missing_thumbnails():
    product = ProductFactory()
    rendered = product_image_create(product=product)
    missing = product_image_create(product=product, render_thumbnails=False, position=1)

    rows = {row.pk: row for row in ProductImage.objects.annotate(**imagery.thumbnail_ready_annotations(field="image"))}

    assert rows[rendered.pk].thumbnail_ready_card is True
    assert rows[missing.pk].thumbnail_ready_card is False
    assert imagery.image_url(instance=rows[missing.pk], field="image", alias="card") == missing.image.url
    assert imagery.image_url(instance=rows[rendered.pk], field="image", alias="card").startswith("/media/thumbs/")


@pytest.mark.parametrize(
    "pixels, alias", [(None, "card"), (1, "small"), (160, "small"), (161, "card"), (5000, "large")]
)
def test_a_pixel_size_picks_the_smallest_alias_that_covers_it(pixels, alias):
    assert imagery.thumbnail_alias_for_pixels(pixels) == alias


@pytest.mark.django_db
def test_an_image_loaded_without_annotation_is_checked_against_easy_thumbnails():
    product = ProductFactory()
    rendered = ProductImage.objects.get(pk=product_image_create(product=product).pk)
    missing = ProductImage.objects.get(pk=product_image_create(product=product, render_thumbnails=False).pk)

    assert imagery.image_url(instance=rendered, field="image", alias="small").endswith(".160x160_q85_crop-smart.jpg")
    assert imagery.image_url(instance=missing, field="image", alias="small") == missing.image.url


@pytest.mark.django_db
def test_the_first_request_of_a_process_gets_thumbnails_too():
    """Issue 13, finding 8: before anything loaded easy-thumbnails' lazy storage, the readiness annotation hashed
    the unloaded placeholder, found no thumbnail and every image fell back to its full-size file."""
    from django.utils.functional import empty
    from easy_thumbnails import storage as thumbnail_storages

    image = product_image_create(product=ProductFactory())
    thumbnail_storages.thumbnail_default_storage._wrapped = empty  # a fresh process

    row = ProductImage.objects.annotate(**imagery.thumbnail_ready_annotations(field="image")).get(pk=image.pk)

    assert row.thumbnail_ready_card is True
    assert imagery.image_url(instance=row, field="image", alias="card").startswith("/media/thumbs/")
