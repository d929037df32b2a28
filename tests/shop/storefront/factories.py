"""Storefront test data: real (small) images made with Pillow for relic previews and products."""

from __future__ import annotations

import io

import factory
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from shop.catalog.models import ProductImage
from shop.collection.models import RelicImage
from tests.factories import ProductFactory, RelicFactory


def image_file(*, name: str = "image.jpg", size: tuple[int, int] = (96, 72), colour: str = "#8a5a2b") -> ContentFile:
    """A real JPEG (or PNG for ``.png`` names): a coloured field with a ring, like a bronze mirror."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((width // 6, height // 6, width * 5 // 6, height * 5 // 6), outline="#f7f2e8", width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG" if name.endswith(".png") else "JPEG")
    return ContentFile(buffer.getvalue(), name=name)


class RelicImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelicImage

    relic = factory.SubFactory(RelicFactory)
    original = factory.LazyFunction(lambda: image_file(name="original.png", size=(160, 120)))
    preview = factory.LazyFunction(lambda: image_file(name="preview.jpg"))
    alt_en = factory.LazyAttribute(lambda o: f"Photograph of {o.relic.name_en}")
    alt_zh = factory.LazyAttribute(lambda o: f"{o.relic.name_zh}照片")
    credit_line = "© Sichuan Museum"


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.LazyFunction(lambda: image_file(name="product.jpg", colour="#3d6b60"))
    alt_en = factory.LazyAttribute(lambda o: f"{o.product.name_en}, photographed")
    alt_zh = factory.LazyAttribute(lambda o: f"{o.product.name_zh}实拍")
