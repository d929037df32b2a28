"""Real image files (Pillow) for products and relics, with their thumbnails rendered by easy-thumbnails."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from easy_thumbnails.files import generate_all_aliases
from PIL import Image

from shop.catalog.models import ProductImage
from shop.collection.models import RelicImage


def jpeg(*, size: tuple[int, int] = (320, 240), colour: tuple[int, int, int] = (150, 90, 40)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def product_image_create(*, product, render_thumbnails: bool = True, position: int = 0, **kwargs) -> ProductImage:
    image = ProductImage.objects.create(
        product=product, image=jpeg(), alt_en=f"{product.name_en} photo", alt_zh="照片", position=position, **kwargs
    )
    if render_thumbnails:
        generate_all_aliases(image.image, include_global=True)
    return image


def relic_image_create(*, relic, with_preview: bool = True, render_thumbnails: bool = True) -> RelicImage:
    image = RelicImage.objects.create(
        relic=relic,
        original=jpeg(colour=(10, 10, 10)),
        preview=jpeg(colour=(200, 200, 200)) if with_preview else "",
        alt_en=f"{relic.name_en}, front",
        alt_zh=f"{relic.name_zh}正面",
        credit_line="Photo: the museum",
    )
    if with_preview and render_thumbnails:
        generate_all_aliases(image.preview, include_global=True)
    return image
