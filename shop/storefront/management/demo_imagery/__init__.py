"""Plausible stand-in photographs for the demo, drawn with Pillow (the demo has no real ones).

Each relic category has its own motif (a patinated bronze vessel with a taotie band, a relief
scene on grey terracotta, a glazed vase, an ink landscape on a mounted scroll, painted Neolithic
pottery, a jade bi disc, a red-and-black lacquer ear cup); a seeded ``random.Random`` varies
shape, colour and ornament so that no two relics look alike, and the same seed always gives the
same picture. Products show a relic motif applied to a mock (mug, notebook, scarf, tote...).
"""

import io

from PIL import Image

from shop.storefront.management.demo_imagery.products import PRODUCT_MOCKS, product_picture
from shop.storefront.management.demo_imagery.relics import RELIC_MOTIFS, relic_picture

__all__ = ["PRODUCT_MOCKS", "RELIC_MOTIFS", "as_jpeg_upload", "product_picture", "relic_picture"]


def as_jpeg_upload(image: Image.Image, *, quality: int = 90) -> io.BytesIO:
    """Encode like a camera would (JPEG), ready to hand to an image service as an upload."""
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer
