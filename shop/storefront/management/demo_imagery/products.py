"""Product mocks (mug, notebook, scarf...) printed with a relic's picture."""

from __future__ import annotations

import random
from collections.abc import Callable

from PIL import Image, ImageDraw, ImageOps

from shop.storefront.management.demo_imagery.canvas import (
    PRODUCT_SIZE,
    horizontal_shade,
    jitter,
    mix,
    soft_shadow,
    vertical_gradient,
)


def _motif_crop(motif: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The centre of a relic picture (where the object is), fitted to ``size``."""
    width, height = motif.size
    box = (width * 0.22, height * 0.1, width * 0.78, height * 0.9)
    return ImageOps.fit(motif.crop(tuple(round(v) for v in box)), size, Image.Resampling.LANCZOS)


def _studio(rng: random.Random) -> Image.Image:
    tone = rng.choice([(236, 230, 220), (226, 232, 236), (240, 234, 226), (230, 226, 236)])
    return vertical_gradient(PRODUCT_SIZE, tone, mix(tone, (150, 140, 130), 0.35))


def mug(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    draw = ImageDraw.Draw(image)
    body = (330, 330, 830, 930)
    soft_shadow(image, (300, 890, 880, 980))
    draw.ellipse((760, 450, 990, 760), outline=(236, 234, 230), width=52)
    draw.rounded_rectangle(body, radius=40, fill=(244, 242, 238))
    print_area = _motif_crop(motif, (400, 420))
    image.paste(print_area, (380, 420))
    draw.ellipse((330, 300, 830, 370), fill=(230, 226, 220), outline=(210, 206, 200), width=4)
    shade = Image.new("L", PRODUCT_SIZE, 0)
    shade.paste(horizontal_shade((500, 600), light=0.0, dark=0.6).point(lambda v: 255 - v), (330, 330))
    image.paste((60, 56, 52), (0, 0), shade.point(lambda v: int(v * 0.35)))
    return image


def notebook(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    soft_shadow(image, (300, 980, 950, 1060))
    angle = rng.uniform(-6, 6)
    cover = Image.new("RGB", (600, 800), (250, 248, 240))  # page edges show right and below
    cover.paste(_motif_crop(motif, (570, 780)), (0, 0))
    ImageDraw.Draw(cover).rectangle((470, 0, 494, 780), fill=(30, 28, 26))  # elastic band
    cover = cover.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    mask = Image.new("L", (600, 800), 255).rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    image.paste(cover, ((PRODUCT_SIZE[0] - cover.width) // 2, (PRODUCT_SIZE[1] - cover.height) // 2), mask)
    return image


def scarf(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    square = Image.new("RGB", (760, 760), jitter((200, 170, 120), rng, 20))
    tile = _motif_crop(motif, (220, 220))
    for y in range(60, 700, 230):
        for x in range(60, 700, 230):
            square.paste(tile if (x + y) // 230 % 2 == 0 else ImageOps.mirror(tile), (x, y))
    draw = ImageDraw.Draw(square)
    draw.rectangle((0, 0, 759, 759), outline=jitter((120, 30, 30), rng, 20), width=40)
    draw.rectangle((48, 48, 711, 711), outline=(230, 200, 140), width=6)
    angle = rng.uniform(8, 20)
    square = square.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    mask = Image.new("L", (760, 760), 255).rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    soft_shadow(image, (250, 880, 950, 1020))
    image.paste(square, ((PRODUCT_SIZE[0] - square.width) // 2, (PRODUCT_SIZE[1] - square.height) // 2), mask)
    return image


def tote(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    draw = ImageDraw.Draw(image)
    canvas_colour = jitter((222, 208, 182), rng, 10)
    draw.arc((420, 120, 780, 520), 180, 360, fill=canvas_colour, width=34)
    soft_shadow(image, (260, 1010, 940, 1090))
    draw.polygon([(300, 330), (900, 330), (940, 1040), (260, 1040)], fill=canvas_colour)
    image.paste(_motif_crop(motif, (440, 480)), (380, 440))
    return image


def plate(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    soft_shadow(image, (220, 880, 980, 1040))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 170, 1030, 1030), fill=(246, 244, 240), outline=(214, 210, 204), width=6)
    rim = jitter((40, 70, 120), rng, 20)
    draw.ellipse((215, 215, 985, 985), outline=rim, width=14)
    centre = _motif_crop(motif, (560, 560))
    mask = Image.new("L", (560, 560), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, 559, 559), fill=255)
    image.paste(centre, (320, 320), mask)
    return image


def pendant(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    draw = ImageDraw.Draw(image)
    gold = jitter((196, 160, 80), rng, 10)
    draw.line([(300, 0), (600, 420)], fill=gold, width=6)
    draw.line([(900, 0), (600, 420)], fill=gold, width=6)
    soft_shadow(image, (420, 900, 800, 980))
    draw.ellipse((400, 420, 800, 820), fill=gold)
    face = _motif_crop(motif, (340, 340))
    mask = Image.new("L", (340, 340), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, 339, 339), fill=255)
    image.paste(face, (430, 450), mask)
    return image


def cushion(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    soft_shadow(image, (220, 930, 980, 1050))
    cover = _motif_crop(motif, (720, 720))
    mask = Image.new("L", (720, 720), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, 719, 719), radius=120, fill=255)
    image.paste(cover, (240, 240), mask)
    ImageDraw.Draw(image).rounded_rectangle(
        (240, 240, 960, 960), radius=120, outline=jitter((90, 70, 50), rng), width=10
    )
    return image


def bookmark(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    draw = ImageDraw.Draw(image)
    for offset in (-200, 0, 200):
        strip = _motif_crop(motif, (170, 720))
        soft_shadow(image, (520 + offset - 80, 960, 520 + offset + 180, 1010))
        image.paste(strip, (515 + offset - 85, 220))
        draw.ellipse((515 + offset - 12, 250, 515 + offset + 12, 274), fill=(240, 236, 230))
        draw.line([(515 + offset, 262), (515 + offset + 30, 120)], fill=(170, 40, 40), width=4)
    return image


def figurine(motif: Image.Image, rng: random.Random) -> Image.Image:
    image = _studio(rng)
    soft_shadow(image, (380, 960, 820, 1040))
    body = _motif_crop(motif, (440, 700))
    mask = Image.new("L", (440, 700), 0)
    draw_mask = ImageDraw.Draw(mask)
    draw_mask.ellipse((60, 0, 380, 320), fill=255)  # head
    draw_mask.rounded_rectangle((20, 260, 420, 700), radius=150, fill=255)  # body
    image.paste(body, (380, 280), mask)
    draw = ImageDraw.Draw(image)
    for ex in (530, 670):
        draw.ellipse((ex - 22, 400, ex + 22, 444), fill=(20, 18, 16))
        draw.ellipse((ex - 8, 408, ex + 4, 420), fill=(250, 250, 250))
    return image


PRODUCT_MOCKS: dict[str, Callable[[Image.Image, random.Random], Image.Image]] = {
    "mug": mug,
    "notebook": notebook,
    "scarf": scarf,
    "tote": tote,
    "plate": plate,
    "pendant": pendant,
    "cushion": cushion,
    "bookmark": bookmark,
    "figurine": figurine,
}


def product_picture(mock: str, motif: Image.Image, seed: str) -> Image.Image:
    """A product mock (``mug``, ``scarf``...) printed with ``motif`` (a relic's picture)."""
    return PRODUCT_MOCKS[mock](motif, random.Random(seed))  # noqa: S311 - pictures, not secrets
