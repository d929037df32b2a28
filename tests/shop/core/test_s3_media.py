"""Media on S3-compatible object storage, against a local stand-in of the S3 API (moto's server) through
the real boto3 and django-storages: originals go to the private bucket and never get a URL, previews,
product photos and thumbnails to the public one, and permission-checking views stream private files."""

from __future__ import annotations

import io

import pytest
from django.conf import settings as django_settings
from PIL import Image

from shop.catalog.services import product_image_add
from shop.collection.services import relic_image_add
from tests.factories import ProductFactory, RelicFactory

pytestmark = pytest.mark.django_db


def _keys(s3_media, bucket: str) -> set[str]:
    listed = s3_media["client"].list_objects_v2(Bucket=s3_media[bucket])
    return {item["Key"] for item in listed.get("Contents", [])}


def _jpeg(size=(1800, 1200)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(buffer, format="JPEG", quality=90)
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer


def test_a_relic_photo_keeps_its_original_private_and_publishes_preview_and_thumbnails(s3_media):
    image = relic_image_add(
        relic=RelicFactory(), image_file=_jpeg(), alt_en="A bronze bell", credit_line="Photo © Sichuan Museum"
    )

    assert _keys(s3_media, "private") == {image.original.name}
    public = _keys(s3_media, "public")
    assert image.preview.name in public
    thumbnails = {key for key in public if key.startswith(f"thumbs/{image.preview.name}.")}
    assert len(thumbnails) == len(django_settings.THUMBNAIL_ALIASES[""])  # every alias rendered at upload, on S3
    assert public == {image.preview.name, *thumbnails}
    assert image.preview.url.startswith(f"{s3_media['endpoint']}/{s3_media['public']}/")
    with pytest.raises(ValueError, match="no public URL"):
        image.original.url  # noqa: B018 - the property is what refuses
    # The original is byte-for-byte what was uploaded, read back through the storage.
    with image.original.open("rb") as stored:
        assert Image.open(stored).size == (1800, 1200)


def test_a_product_photo_goes_to_the_public_bucket(s3_media):
    photo = product_image_add(product=ProductFactory(), image_file=_jpeg((900, 900)), alt_en="A silk scarf")
    assert photo.image.name in _keys(s3_media, "public")
    assert _keys(s3_media, "private") == set()
