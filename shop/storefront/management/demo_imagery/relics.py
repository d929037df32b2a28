"""Relic motifs, one per category: each draws a plausible museum photograph from a seeded RNG."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

from shop.storefront.management.demo_imagery.canvas import (
    RELIC_SIZE,
    Colour,
    backdrop,
    horizontal_shade,
    jitter,
    mix,
    noise,
    profile_polygon,
    shaded_fill,
    soft_blob,
    soft_shadow,
    vertical_gradient,
)


def _leiwen(draw: ImageDraw.ImageDraw, x: float, y: float, size: float, colour: Colour, width: int) -> None:
    """A square 'thunder' spiral, the ground pattern of Shang–Zhou and Ba–Shu bronzes."""
    points = [(x, y)]
    length, direction = size, 0
    cx, cy = x, y
    while length > size * 0.18:
        dx, dy = [(1, 0), (0, 1), (-1, 0), (0, -1)][direction % 4]
        cx, cy = cx + dx * length, cy + dy * length
        points.append((cx, cy))
        direction += 1
        if direction % 2 == 0:
            length *= 0.72
    draw.line(points, fill=colour, width=width)


def bronze(rng: random.Random) -> Image.Image:
    image = backdrop(rng)
    width, height = image.size
    cx = width / 2 + rng.uniform(-60, 60)
    top, bottom = height * rng.uniform(0.14, 0.22), height * rng.uniform(0.80, 0.86)
    neck = rng.uniform(150, 230)
    belly = rng.uniform(280, 380)
    widths = [neck * 1.15, neck, belly * rng.uniform(0.8, 0.95), belly, belly * 0.85, neck * 0.9, neck * 1.05]
    outline = profile_polygon(cx, top, bottom, widths)
    soft_shadow(image, (cx - belly * 1.1, bottom - 30, cx + belly * 1.1, bottom + 40))
    mask = Image.new("L", image.size, 0)
    draw_mask = ImageDraw.Draw(mask)
    draw_mask.polygon(outline, fill=255)
    # Handles (ears) on the shoulders.
    ear_y = top + (bottom - top) * 0.3
    for side in (-1, 1):
        ex = cx + side * (widths[2] + 25)
        draw_mask.ellipse((ex - 55, ear_y - 45, ex + 55, ear_y + 45), outline=255, width=26)
    patina = jitter(rng.choice([(74, 104, 82), (92, 110, 74), (84, 92, 64), (66, 96, 90)]), rng)
    box = (int(cx - belly - 80), int(top), int(cx + belly + 80), int(bottom))
    shaded_fill(image, mask, patina, rng, box)
    # Brown-red corrosion and pale green encrustation.
    spots = Image.new("L", image.size, 0)
    spot_draw = ImageDraw.Draw(spots)
    for _ in range(rng.randint(40, 80)):
        sx, sy = rng.uniform(cx - belly, cx + belly), rng.uniform(top, bottom)
        r = rng.uniform(6, 28)
        spot_draw.ellipse((sx - r, sy - r * 0.7, sx + r, sy + r * 0.7), fill=rng.randint(90, 200))
    spots = ImageChops.multiply(spots, mask)
    image.paste(rng.choice([(120, 78, 50), (150, 170, 130), (105, 70, 48)]), (0, 0), spots)
    # The taotie band: thunder spirals either side of a pair of staring eyes.
    draw = ImageDraw.Draw(image)
    band_top, band_bottom = top + (bottom - top) * 0.42, top + (bottom - top) * 0.62
    line_colour = mix(patina, (20, 26, 20), 0.6)
    relief = mix(patina, (190, 200, 160), 0.35)
    draw.line([(cx - belly * 0.95, band_top), (cx + belly * 0.95, band_top)], fill=relief, width=6)
    draw.line([(cx - belly * 0.95, band_bottom), (cx + belly * 0.95, band_bottom)], fill=relief, width=6)
    cell = (band_bottom - band_top) / 2.4
    x = cx - belly * 0.85
    while x < cx + belly * 0.75:
        if abs(x + cell / 2 - cx) > cell * 1.6:
            _leiwen(draw, x, band_top + cell * 0.5, cell * 0.8, line_colour, 5)
        x += cell * 1.1
    eye_y = (band_top + band_bottom) / 2
    for side in (-1, 1):
        ex = cx + side * cell * 0.8
        draw.ellipse(
            (ex - cell * 0.45, eye_y - cell * 0.3, ex + cell * 0.45, eye_y + cell * 0.3), outline=relief, width=7
        )
        draw.ellipse((ex - cell * 0.15, eye_y - cell * 0.15, ex + cell * 0.15, eye_y + cell * 0.15), fill=line_colour)
        draw.arc(
            (ex - cell * 0.9, eye_y - cell * 1.0, ex + cell * 0.9, eye_y + cell * 0.2),
            200 if side < 0 else 270,
            270 if side < 0 else 340,
            fill=relief,
            width=6,
        )
    draw.line([(cx, band_top + 10), (cx, band_bottom - 10)], fill=relief, width=8)
    # Three legs for a ding, a ring foot otherwise.
    if rng.random() < 0.5:
        for offset in (-0.6, 0, 0.6):
            lx = cx + offset * widths[-1]
            draw.rectangle((lx - 22, bottom - 10, lx + 22, bottom + 70), fill=mix(patina, (30, 30, 25), 0.4))
    return image


def portrait_brick(rng: random.Random) -> Image.Image:
    width, height = RELIC_SIZE
    clay = jitter(rng.choice([(128, 124, 118), (140, 132, 120), (118, 116, 112)]), rng, 8)
    image = backdrop(rng, base=(34, 32, 30))
    margin_x, margin_y = 130, 150
    brick_box = (margin_x, margin_y, width - margin_x, height - margin_y)
    brick = Image.new("RGB", (brick_box[2] - brick_box[0], brick_box[3] - brick_box[1]), clay)
    texture = Image.merge("RGB", [noise(brick.size, rng, 50, 3)] * 3)
    brick = Image.blend(brick, ImageChops.overlay(brick, texture), 0.5)
    bw, bh = brick.size
    relief = Image.new("L", brick.size, 0)
    draw = ImageDraw.Draw(relief)
    draw.rectangle((20, 20, bw - 20, bh - 20), outline=255, width=14)
    ground = bh * rng.uniform(0.72, 0.8)
    draw.line([(40, ground), (bw - 40, ground)], fill=255, width=8)
    scene = rng.choice(["chariot", "banquet", "harvest"])
    if scene == "chariot":
        for k in range(rng.randint(1, 2)):
            hx = bw * (0.22 + 0.45 * k) + rng.uniform(-30, 30)
            draw.ellipse((hx, ground - 230, hx + 260, ground - 120), fill=255)  # horse body
            draw.polygon(
                [
                    (hx + 230, ground - 210),
                    (hx + 330, ground - 320),
                    (hx + 350, ground - 280),
                    (hx + 270, ground - 170),
                ],
                fill=255,
            )
            for leg in (20, 70, 180, 230):
                draw.line([(hx + leg, ground - 140), (hx + leg + rng.uniform(-30, 30), ground)], fill=255, width=16)
            draw.ellipse((hx - 200, ground - 180, hx - 20, ground), outline=255, width=12)  # wheel
            for angle in range(0, 180, 30):
                a = math.radians(angle)
                wx, wy = hx - 110, ground - 90
                draw.line(
                    [(wx - 85 * math.cos(a), wy - 85 * math.sin(a)), (wx + 85 * math.cos(a), wy + 85 * math.sin(a))],
                    fill=255,
                    width=5,
                )
            draw.rectangle((hx - 190, ground - 300, hx - 40, ground - 190), outline=255, width=10)  # canopy seat
            draw.ellipse((hx - 140, ground - 370, hx - 80, ground - 310), fill=255)  # rider
    elif scene == "banquet":
        for k in range(rng.randint(3, 5)):
            px = bw * (0.12 + 0.2 * k)
            draw.ellipse((px, ground - 330, px + 70, ground - 260), fill=255)
            draw.polygon([(px - 40, ground), (px + 35, ground - 260), (px + 110, ground)], fill=255)
            draw.line([(px + 60, ground - 200), (px + 140, ground - 240)], fill=255, width=14)
        draw.rectangle((bw * 0.3, ground - 120, bw * 0.7, ground - 100), fill=255)  # low table
        for k in range(4):
            draw.ellipse((bw * (0.34 + 0.09 * k), ground - 160, bw * (0.34 + 0.09 * k) + 50, ground - 120), fill=255)
    else:
        # Upper register: birds over a pond; lower: harvesters.
        for _ in range(rng.randint(6, 10)):
            bx, by = rng.uniform(80, bw - 80), rng.uniform(60, ground * 0.45)
            draw.line([(bx - 40, by - 20), (bx, by), (bx + 40, by - 20)], fill=255, width=9)
        draw.line([(40, ground * 0.5), (bw - 40, ground * 0.5)], fill=255, width=8)
        for k in range(rng.randint(4, 6)):
            px = bw * (0.1 + 0.16 * k)
            draw.ellipse((px, ground - 250, px + 55, ground - 195), fill=255)
            draw.line([(px + 27, ground - 195), (px + 45, ground - 90)], fill=255, width=30)
            draw.line([(px + 45, ground - 90), (px + rng.uniform(0, 60), ground)], fill=255, width=16)
            draw.line([(px + 30, ground - 170), (px + 110, ground - 120)], fill=255, width=10)
    relief = relief.filter(ImageFilter.GaussianBlur(2))
    highlight = ImageChops.offset(relief, -4, -4)
    shadow = ImageChops.offset(relief, 5, 5)
    brick.paste(mix(clay, (20, 20, 20), 0.55), (0, 0), shadow)
    brick.paste(mix(clay, (235, 230, 220), 0.45), (0, 0), highlight)
    brick.paste(mix(clay, (200, 196, 188), 0.18), (0, 0), relief)
    # Chipped corners and wear.
    wear = Image.new("L", brick.size, 0)
    wear_draw = ImageDraw.Draw(wear)
    for _ in range(rng.randint(15, 30)):
        wx, wy = rng.uniform(0, bw), rng.uniform(0, bh)
        r = rng.uniform(4, 20)
        wear_draw.ellipse((wx - r, wy - r, wx + r, wy + r), fill=140)
    brick.paste(mix(clay, (70, 66, 60), 0.5), (0, 0), wear)
    soft_shadow(image, (brick_box[0] + 20, brick_box[3] - 30, brick_box[2] + 20, brick_box[3] + 40))
    image.paste(brick, brick_box[:2])
    return image


def ceramic(rng: random.Random) -> Image.Image:
    image = backdrop(rng, base=rng.choice([(52, 48, 44), (36, 40, 44)]))
    width, height = image.size
    cx = width / 2
    top, bottom = height * 0.12, height * 0.86
    shape = rng.choice(["meiping", "yuhuchun", "ewer"])
    if shape == "meiping":
        widths = [70, 60, 240, 300, 230, 150, 140]
    elif shape == "yuhuchun":
        widths = [130, 70, 60, 130, 290, 270, 160]
    else:
        widths = [90, 80, 200, 290, 300, 220, 170]
    widths = [w * rng.uniform(0.9, 1.1) for w in widths]
    outline = profile_polygon(cx, top, bottom, widths)
    soft_shadow(image, (cx - 320, bottom - 30, cx + 320, bottom + 40))
    mask = Image.new("L", image.size, 0)
    draw_mask = ImageDraw.Draw(mask)
    draw_mask.polygon(outline, fill=255)
    if shape == "ewer":
        draw_mask.polygon(
            [(cx + 250, top + 330), (cx + 420, top + 120), (cx + 440, top + 140), (cx + 280, top + 400)], fill=255
        )
        draw_mask.arc((cx - 420, top + 150, cx - 150, top + 520), 90, 270, fill=255, width=30)
    glaze_top, glaze_bottom = rng.choice(
        [
            ((150, 180, 160), (98, 134, 118)),  # celadon
            ((40, 32, 28), (90, 58, 36)),  # black Jian/Tushan glaze with hare's-fur brown
            ((226, 220, 200), (190, 176, 140)),  # white ware
            ((160, 186, 198), (92, 120, 150)),  # bluish qingbai
        ]
    )
    glaze = vertical_gradient(image.size, jitter(glaze_top, rng), jitter(glaze_bottom, rng))
    shade = horizontal_shade((width, height), light=1.25, dark=0.55)
    glaze = ImageChops.multiply(glaze, Image.merge("RGB", [shade] * 3).point(lambda v: min(255, int(v * 1.3))))
    image.paste(glaze, (0, 0), mask)
    decoration = image.copy()
    draw = ImageDraw.Draw(decoration)
    if glaze_top[0] < 60:
        # Hare's-fur streaks.
        for _ in range(160):
            x = rng.uniform(cx - 280, cx + 280)
            y = rng.uniform(top + 120, bottom - 140)
            draw.line([(x, y), (x + rng.uniform(-4, 4), y + rng.uniform(30, 90))], fill=(150, 96, 52), width=2)
    elif rng.random() < 0.6:
        # Crackle in the glaze.
        for _ in range(70):
            x, y = rng.uniform(cx - 260, cx + 260), rng.uniform(top + 100, bottom - 80)
            points = [(x, y)]
            for _ in range(4):
                x, y = x + rng.uniform(-40, 40), y + rng.uniform(-40, 40)
                points.append((x, y))
            draw.line(points, fill=mix(glaze_bottom, (60, 60, 50), 0.4), width=1)
    image.paste(decoration, (0, 0), mask)
    draw = ImageDraw.Draw(image)
    # A specular streak sells the glass of the glaze.
    soft_blob(image, (cx - 170, top + 180, cx - 120, bottom - 200), (255, 255, 250), opacity=170, radius=18, clip=mask)
    # Unglazed foot.
    draw.rectangle((cx - widths[-1] * 0.9, bottom - 24, cx + widths[-1] * 0.9, bottom), fill=(176, 150, 120))
    return image


def calligraphy_painting(rng: random.Random) -> Image.Image:
    image = backdrop(rng, base=(46, 42, 38))
    width, height = image.size
    mount = jitter(rng.choice([(70, 84, 96), (110, 92, 64), (84, 70, 60)]), rng, 8)
    scroll_box = (width * 0.2, 60, width * 0.8, height - 60)
    draw = ImageDraw.Draw(image)
    draw.rectangle(scroll_box, fill=mount)
    paper_box = (int(scroll_box[0] + 50), int(scroll_box[1] + 160), int(scroll_box[2] - 50), int(scroll_box[3] - 120))
    pw, ph = paper_box[2] - paper_box[0], paper_box[3] - paper_box[1]
    paper = Image.new("RGB", (pw, ph), jitter((226, 214, 186), rng, 8))
    paper = Image.blend(paper, ImageChops.overlay(paper, Image.merge("RGB", [noise((pw, ph), rng, 25, 2)] * 3)), 0.4)
    ink = ImageDraw.Draw(paper)
    if rng.random() < 0.7:
        # Ink landscape: ranges fading into mist, far to near.
        for layer in range(4):
            tone = 190 - layer * 45
            base_y = ph * (0.35 + layer * 0.15)
            x, points = 0.0, [(0, ph)]
            y = base_y
            while x <= pw:
                y = min(ph, max(ph * 0.08, y + rng.uniform(-60, 60) * (1.4 - layer * 0.2)))
                points.append((x, y))
                x += rng.uniform(25, 70)
            points += [(pw, y), (pw, ph)]
            colour = (tone, tone - 4, tone - 12)
            if rng.random() < 0.35 and layer == 1:
                colour = jitter((120, 150, 150), rng)  # a blue-green wash, as in splashed colour
            ink.polygon(points, fill=colour)
        for _ in range(rng.randint(3, 7)):  # pines
            tx, ty = rng.uniform(30, pw - 30), rng.uniform(ph * 0.55, ph * 0.9)
            ink.line([(tx, ty), (tx, ty - 90)], fill=(40, 36, 30), width=5)
            for k in range(4):
                ink.line(
                    [(tx - 30 + k * 4, ty - 30 - k * 18), (tx + 30 - k * 4, ty - 30 - k * 18)],
                    fill=(50, 60, 45),
                    width=7,
                )
        boat_x, boat_y = rng.uniform(pw * 0.2, pw * 0.7), ph * rng.uniform(0.62, 0.7)
        ink.arc((boat_x, boat_y - 20, boat_x + 90, boat_y + 20), 0, 180, fill=(40, 36, 30), width=4)
        paper = paper.filter(ImageFilter.GaussianBlur(1.2))
    else:
        # Calligraphy: columns of brush strokes read top to bottom, right to left.
        columns = rng.randint(5, 8)
        for col in range(columns):
            x = pw - (col + 1) * pw / (columns + 1)
            y = 70.0
            while y < ph - 110:
                for _ in range(rng.randint(2, 4)):
                    sx, sy = x + rng.uniform(-28, 28), y + rng.uniform(0, 50)
                    ex, ey = sx + rng.uniform(-30, 30), sy + rng.uniform(-10, 40)
                    ink.line([(sx, sy), (ex, ey)], fill=(26, 22, 20), width=rng.randint(5, 11))
                y += rng.uniform(68, 84)
        paper = paper.filter(ImageFilter.GaussianBlur(0.8))
    # Red seals.
    seal_draw = ImageDraw.Draw(paper)
    for _ in range(rng.randint(1, 2)):
        sx, sy = rng.uniform(30, pw * 0.3), rng.uniform(ph * 0.6, ph - 90)
        seal_draw.rectangle((sx, sy, sx + 60, sy + 60), fill=(178, 38, 30))
        seal_draw.line([(sx + 15, sy + 12), (sx + 15, sy + 48)], fill=(236, 210, 190), width=5)
        seal_draw.line([(sx + 30, sy + 12), (sx + 48, sy + 12), (sx + 48, sy + 48)], fill=(236, 210, 190), width=5)
    image.paste(paper, paper_box[:2])
    # Rollers.
    for y in (scroll_box[1] - 10, scroll_box[3] - 10):
        draw.rounded_rectangle((scroll_box[0] - 40, y, scroll_box[2] + 40, y + 26), radius=12, fill=(64, 40, 26))
    return image


def neolithic(rng: random.Random) -> Image.Image:
    image = backdrop(rng, base=(40, 38, 36))
    width, height = image.size
    cx = width / 2
    top, bottom = height * 0.2, height * 0.84
    widths = [v * rng.uniform(0.9, 1.1) for v in (150, 140, 290, 340, 300, 190, 150)]
    outline = profile_polygon(cx, top, bottom, widths)
    soft_shadow(image, (cx - 360, bottom - 30, cx + 360, bottom + 40))
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).polygon(outline, fill=255)
    clay = jitter(rng.choice([(178, 92, 58), (190, 112, 70), (160, 84, 56)]), rng)
    shaded_fill(image, mask, clay, rng, (int(cx - 360), int(top), int(cx + 360), int(bottom)))
    # Black painted spirals and zigzags, clipped to the pot.
    paint = Image.new("L", image.size, 0)
    draw = ImageDraw.Draw(paint)
    band_y = top + (bottom - top) * rng.uniform(0.3, 0.4)
    spirals = rng.randint(3, 5)
    for k in range(spirals):
        sx = cx - 260 + k * 520 / max(1, spirals - 1)
        points = []
        for step in range(120):
            angle = step * 0.22
            radius = 4 + step * 0.55
            points.append((sx + radius * math.cos(angle), band_y + radius * math.sin(angle) * 0.8))
        draw.line(points, fill=255, width=9)
    zig_y = band_y + rng.uniform(110, 160)
    x = cx - 330
    up = True
    points = []
    while x < cx + 330:
        points.append((x, zig_y - (25 if up else -25)))
        up = not up
        x += 40
    draw.line(points, fill=255, width=10)
    draw.line([(cx - 330, top + 40), (cx + 330, top + 40)], fill=255, width=14)
    paint = ImageChops.multiply(paint, mask)
    # Worn paint: part of it has flaked away.
    wear = noise(image.size, rng, 80, 8).point(lambda v: 255 if v > 100 else 90)
    image.paste((34, 26, 22), (0, 0), ImageChops.multiply(paint, wear))
    return image


def jade(rng: random.Random) -> Image.Image:
    image = backdrop(rng, base=rng.choice([(60, 20, 24), (30, 30, 34), (24, 36, 32)]))
    width, height = image.size
    cx, cy = width / 2, height / 2
    outer = rng.uniform(440, 520)
    inner = outer * rng.uniform(0.28, 0.38)
    soft_shadow(image, (cx - outer + 30, cy - outer + 50, cx + outer + 30, cy + outer + 50))
    mask = Image.new("L", image.size, 0)
    md = ImageDraw.Draw(mask)
    md.ellipse((cx - outer, cy - outer, cx + outer, cy + outer), fill=255)
    md.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), fill=0)
    jade_colour = jitter(rng.choice([(110, 150, 112), (150, 170, 130), (96, 132, 110), (180, 180, 150)]), rng)
    stone = Image.new("RGB", image.size, jade_colour)
    veins = noise(image.size, rng, 60, 24, blur=1)
    stone = Image.blend(stone, ImageChops.overlay(stone, Image.merge("RGB", [veins] * 3)), 0.6)
    glow = Image.radial_gradient("L").resize((int(outer * 2), int(outer * 2)), Image.Resampling.BILINEAR)
    lit = Image.new("L", image.size, 255)
    lit.paste(glow, (int(cx - outer), int(cy - outer)))
    stone = Image.composite(
        stone, ImageChops.multiply(stone, Image.new("RGB", image.size, (170, 170, 170))), ImageOps.invert(lit)
    )
    image.paste(stone, (0, 0), mask)
    # Grain pattern: small raised spirals across the ring.
    draw = ImageDraw.Draw(image)
    dark = mix(jade_colour, (20, 40, 20), 0.45)
    light = mix(jade_colour, (240, 250, 230), 0.35)
    step = rng.uniform(46, 60)
    y = cy - outer
    row = 0
    while y < cy + outer:
        x = cx - outer + (step / 2 if row % 2 else 0)
        while x < cx + outer:
            distance = math.hypot(x - cx, y - cy)
            if inner + 30 < distance < outer - 30:
                draw.ellipse((x - 11, y - 11, x + 11, y + 11), outline=dark, width=4)
                draw.arc((x - 11, y - 11, x + 11, y + 11), 200, 320, fill=light, width=3)
            x += step
        y += step * 0.87
        row += 1
    draw.ellipse((cx - outer, cy - outer, cx + outer, cy + outer), outline=light, width=4)
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=dark, width=4)
    return image


def lacquer(rng: random.Random) -> Image.Image:
    image = backdrop(rng, base=(56, 52, 46))
    width, height = image.size
    cx, cy = width / 2, height / 2 + 20
    rx, ry = rng.uniform(430, 520), rng.uniform(260, 320)
    soft_shadow(image, (cx - rx, cy - ry + 60, cx + rx, cy + ry + 60))
    black, red = (24, 18, 16), jitter((160, 34, 26), rng, 12)
    draw = ImageDraw.Draw(image)
    # An ear cup seen from above: an oval with two flat ears on its long sides.
    for side in (-1, 1):
        draw.ellipse(
            (cx - rx * 0.55, cy + side * ry * 0.95 - 60, cx + rx * 0.55, cy + side * ry * 0.95 + 60), fill=black
        )
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=black)
    inner = (cx - rx * 0.86, cy - ry * 0.8, cx + rx * 0.86, cy + ry * 0.8)
    draw.ellipse(inner, fill=red)
    # Cloud scrolls in red on the black rim, in black inside.
    for k in range(rng.randint(8, 12)):
        angle = 2 * math.pi * k / 10 + rng.uniform(-0.1, 0.1)
        px, py = cx + math.cos(angle) * rx * 0.93, cy + math.sin(angle) * ry * 0.9
        draw.arc((px - 26, py - 18, px + 26, py + 18), 0, 300, fill=red, width=6)
    for _ in range(rng.randint(4, 7)):
        px, py = rng.uniform(cx - rx * 0.5, cx + rx * 0.5), rng.uniform(cy - ry * 0.45, cy + ry * 0.45)
        size = rng.uniform(40, 80)
        draw.arc(
            (px - size, py - size * 0.6, px + size, py + size * 0.6),
            rng.randint(0, 90),
            rng.randint(200, 330),
            fill=black,
            width=8,
        )
        draw.arc((px - size / 2, py - size * 0.3, px + size / 2, py + size * 0.3), 90, 360, fill=black, width=6)
    # Gloss.
    soft_blob(
        image, (cx - rx * 0.6, cy - ry * 0.75, cx + rx * 0.1, cy - ry * 0.45), (255, 240, 230), opacity=110, radius=30
    )
    return image


RELIC_MOTIFS: dict[str, Callable[[random.Random], Image.Image]] = {
    "bronze": bronze,
    "portrait_brick": portrait_brick,
    "ceramic": ceramic,
    "calligraphy_painting": calligraphy_painting,
    "neolithic": neolithic,
    "jade": jade,
    "lacquer": lacquer,
}


def relic_picture(category: str, seed: str) -> Image.Image:
    """The stand-in photograph of a relic of ``category``; the same seed gives the same picture."""
    return RELIC_MOTIFS[category](random.Random(seed))  # noqa: S311 - pictures, not secrets
