"""Shared drawing pieces of the demo imagery: colours, gradients, noise, shading, soft shadows."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

RELIC_SIZE = (1600, 1200)
PRODUCT_SIZE = (1200, 1200)

Colour = tuple[int, int, int]


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def jitter(colour: Colour, rng: random.Random, amount: int = 14) -> Colour:
    return tuple(max(0, min(255, c + rng.randint(-amount, amount))) for c in colour)


def vertical_gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    # A one-pixel column stretched sideways: resizing a full 2-D gradient costs ten times more.
    column = Image.linear_gradient("L").crop((0, 0, 1, 256)).resize((1, size[1]), Image.Resampling.BILINEAR)
    mask = column.resize(size, Image.Resampling.NEAREST)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def horizontal_shade(size: tuple[int, int], light: float = 1.15, dark: float = 0.55) -> Image.Image:
    """An 'L' mask that is dark at both edges and bright left of centre: the roundness of a vessel."""
    width, height = size
    row = Image.new("L", (256, 1))
    for x in range(256):
        t = x / 255
        value = dark + (light - dark) * math.sin(math.pi * min(1.0, t * 1.08)) ** 0.8
        row.putpixel((x, 0), max(0, min(255, round(value * 200))))
    return row.resize((width, max(1, height)))


def noise(size: tuple[int, int], rng: random.Random, sigma: int = 40, scale: int = 4, blur: float = 0) -> Image.Image:
    small = (max(1, size[0] // scale), max(1, size[1] // scale))
    field = Image.effect_noise(small, sigma)
    # effect_noise ignores our seed: shift it by a seeded offset so each picture differs reproducibly.
    field = ImageChops.offset(field, rng.randint(0, small[0]), rng.randint(0, small[1]))
    if blur:
        field = field.filter(ImageFilter.GaussianBlur(blur))
    return field.resize(size, Image.Resampling.BILINEAR)


def backdrop(rng: random.Random, size: tuple[int, int] = RELIC_SIZE, base: Colour | None = None) -> Image.Image:
    """A museum photo backdrop: dark studio gradient with a soft spotlight."""
    base = base or rng.choice([(38, 34, 32), (28, 32, 38), (44, 40, 36), (30, 30, 30)])
    image = vertical_gradient(size, mix(base, (90, 86, 80), 0.35), base)
    spot = Image.radial_gradient("L").resize((size[0], size[1]), Image.Resampling.BILINEAR)
    spot = ImageOps.invert(spot).point(lambda v: int(v * 0.45))
    return Image.composite(Image.new("RGB", size, mix(base, (150, 140, 125), 0.5)), image, spot)


def profile_polygon(
    centre_x: float, top: float, bottom: float, half_widths: list[float], steps: int = 80
) -> list[tuple[float, float]]:
    """A symmetric vessel outline through control half-widths (smoothly interpolated)."""
    points_right = []
    n = len(half_widths) - 1
    for k in range(steps + 1):
        t = k / steps
        position = t * n
        i = min(int(position), n - 1)
        local = position - i
        smooth = local * local * (3 - 2 * local)
        w = half_widths[i] + (half_widths[i + 1] - half_widths[i]) * smooth
        points_right.append((centre_x + w, top + (bottom - top) * t))
    points_left = [(2 * centre_x - x, y) for x, y in reversed(points_right)]
    return points_right + points_left


def shaded_fill(
    canvas: Image.Image, mask: Image.Image, colour: Colour, rng: random.Random, box: tuple[int, int, int, int]
) -> None:
    """Fill ``mask`` on ``canvas`` with ``colour``, rounded by a horizontal shade and mottled by noise."""
    x0, y0, x1, y1 = box
    fill = Image.new("RGB", canvas.size, colour)
    shade = Image.new("L", canvas.size, 200)
    shade.paste(horizontal_shade((x1 - x0, y1 - y0)), (x0, y0))
    fill = ImageChops.multiply(fill, Image.merge("RGB", [shade] * 3).point(lambda v: min(255, int(v * 1.25))))
    mottled = ImageChops.overlay(fill, Image.merge("RGB", [noise(canvas.size, rng, 30, 6)] * 3))
    fill = Image.blend(fill, mottled, 0.35)
    canvas.paste(fill, (0, 0), mask)


def soft_blob(
    canvas: Image.Image,
    box: tuple[float, float, float, float],
    colour: Colour,
    *,
    opacity: int = 150,
    radius: float = 25,
    clip: Image.Image | None = None,
) -> None:
    """A blurred ellipse (shadow, highlight) drawn on a small local mask: blurring the whole
    canvas would cost ten times more."""
    pad = int(radius * 3)
    x0, y0 = max(0, int(box[0]) - pad), max(0, int(box[1]) - pad)
    x1, y1 = min(canvas.width, int(box[2]) + pad), min(canvas.height, int(box[3]) + pad)
    if x0 >= x1 or y0 >= y1:
        return
    local = Image.new("L", (x1 - x0, y1 - y0), 0)
    ImageDraw.Draw(local).ellipse((box[0] - x0, box[1] - y0, box[2] - x0, box[3] - y0), fill=opacity)
    local = local.filter(ImageFilter.GaussianBlur(radius))
    if clip is not None:
        local = ImageChops.multiply(local, clip.crop((x0, y0, x1, y1)))
    canvas.paste(colour, (x0, y0, x1, y1), local)


def soft_shadow(canvas: Image.Image, box: tuple[float, float, float, float]) -> None:
    soft_blob(canvas, box, (10, 8, 6))
