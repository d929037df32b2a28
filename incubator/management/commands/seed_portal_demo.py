"""``manage.py seed_portal_demo``: the design portal's demo on top of the shop's (``seed_demo`` runs it last):
designer pages for the demo designers, open briefs, and a submission in every resting state of the workflow,
the last one launched and on sale with both museums' approvals.

Idempotent: profiles by user, briefs by title, submissions by designer and title; every step goes through the
services, so the workflow, the notifications and the agreements are what real use makes.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from incubator import services
from incubator.models import Brief, DesignerProfile, Submission
from shop.accounts.models import User
from shop.catalog.models import Category
from shop.collection.models import Licence, MuseumStaff, Relic

PROFILES = {
    "designer@bashu.example": (
        "Lin Yue",
        "林玥",
        "Stationery and paper goods after the portrait bricks and bronzes of the Ba people; studio in Chongqing.",
        "重庆的文具与纸品设计师，灵感来自巴人的画像砖和青铜器。",
    ),
    "chen.hao@bashu.example": (
        "Chen Hao",
        "陈昊",
        "Textile designer in Chengdu: silk scarves that carry Shu bronze patterns.",
        "成都的纺织品设计师，把蜀地青铜纹样织进丝巾。",
    ),
    "zhou.xiaoman@bashu.example": (
        "Zhou Xiaoman",
        "周小满",
        "Illustrator; turns the farming and hunting scenes of Han bricks into everyday things.",
        "插画师，把汉代画像砖上的农耕与狩猎场景变成日常用品。",
    ),
}

BRIEFS = [
    (
        "Back to school with the Han portrait bricks",
        "Notebooks, bookmarks and pencil cases for students after the Eastern Han bricks of both museums: the "
        "salt well, the harvest and hunting scene, the music and dance. Samples by the end of next term.",
        ("salt-well-brick", "harvest-hunting-brick", "music-dance-brick"),
        ("stationery",),
        120,
    ),
    (
        "Two Cities table: tableware for the joint exhibition",
        "Cups, plates and tea sets that pair a Chongqing relic with a Sichuan one, for the shop of the joint "
        "exhibition of the two museums.",
        ("daxi-painted-jar", "inlaid-banquet-hu", "tushan-tea-bowl"),
        ("tableware",),
        90,
    ),
]

# (designer, title, relic licences with weights in %, category, price, where the submission stops)
SUBMISSIONS = [
    ("chen.hao@bashu.example", "Salt well bookmarks", (("TCTM-JT-2025-003", 100),), "stationery", "38.00", "draft"),
    (
        "designer@bashu.example",
        "Harvest scene tote",
        (("TCTM-SC-2025-004", 100),),
        "scarves-textiles",
        "98.00",
        "submitted",
    ),
    (
        "zhou.xiaoman@bashu.example",
        "Dancers desk calendar",
        (("TCTM-JT-2025-001", 100),),
        "stationery",
        "68.00",
        "changes_requested",
    ),
    (
        "chen.hao@bashu.example",
        "Painted jar tea set",
        (("TCTM-JT-2025-002", 70), ("TCTM-SC-2025-001", 30)),
        "tableware",
        "328.00",
        "awaiting_museums",
    ),
    (
        "zhou.xiaoman@bashu.example",
        "Tiger knob paperweight",
        (("TCTM-CQ-2025-001", 100),),
        "stationery",
        "128.00",
        "approved",
    ),
    (
        "designer@bashu.example",
        "Phoenix vase cushion",
        (("TCTM-SC-2025-006", 100),),
        "home-decor",
        "158.00",
        "sample_submitted",
    ),
    (
        "chen.hao@bashu.example",
        "Twin-que silk scarf",
        (("TCTM-CQ-2025-004", 100),),
        "scarves-textiles",
        "268.00",
        "sample_approved",
    ),
    (
        "designer@bashu.example",
        "Two Cities brick notebook",
        (("TCTM-JT-2025-003", 60), ("TCTM-CQ-2025-004", 40)),
        "stationery",
        "58.00",
        "launched",
    ),
    (
        "zhou.xiaoman@bashu.example",
        "Sword-shaped ruler",
        (("TCTM-SC-2025-002", 100),),
        "stationery",
        "45.00",
        "rejected",
    ),
    ("designer@bashu.example", "Money tree earrings", (("TCTM-SC-2025-003", 100),), "jewellery", "188.00", "withdrawn"),
]


def _picture(title: str, *, hue: int) -> bytes:
    """A stand-in photograph of a prototype: a coloured ground, a product-like shape and its title."""
    image = Image.new("RGB", (900, 700), (235 - hue // 3, 222 - hue // 4, 200 - hue // 5))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (210, 140, 690, 560), radius=36, fill=(120 + hue // 2, 70 + hue // 3, 40), outline=(60, 40, 20), width=6
    )
    draw.ellipse((360, 260, 540, 440), outline=(240, 220, 190), width=10)
    draw.text((230, 590), title, fill=(40, 30, 20))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


class Command(BaseCommand):
    help = "Seed the design portal's demo (idempotent): designer pages, open briefs, a submission in each state."

    def handle(self, *args, **options) -> None:
        made = 0
        with transaction.atomic():
            made += self._profiles()
            made += self._briefs()
            made += self._submissions()
        self.stdout.write(f"Portal demo: {made} new rows (profiles, briefs, submissions).")

    def _profiles(self) -> int:
        made = 0
        for email, (name_en, name_zh, bio_en, bio_zh) in PROFILES.items():
            user = User.objects.filter(email=email).first()
            if user is None:
                continue
            profile = DesignerProfile.objects.filter(user=user).first()
            if profile and profile.display_name_zh:
                continue
            services.designer_profile_save(
                user=user, display_name=name_en, display_name_zh=name_zh, bio=bio_en, bio_zh=bio_zh
            )
            made += 1
        return made

    def _briefs(self) -> int:
        curator = User.objects.filter(email="curator@bashu.example").first()
        made = 0
        for title, text, relics, categories, days in BRIEFS:
            if curator is None or Brief.objects.filter(title=title).exists():
                continue
            services.brief_create(
                actor=curator,
                title=title,
                text=text,
                relics=list(Relic.objects.filter(slug__in=relics)),
                categories=list(Category.objects.filter(slug__in=categories)),
                deadline=timezone.now() + datetime.timedelta(days=days),
            )
            made += 1
        return made

    def _submissions(self) -> int:
        curator = User.objects.filter(email="curator@bashu.example").first()
        if curator is None:
            return 0
        made = 0
        for position, (email, title, usages, category, price, target) in enumerate(SUBMISSIONS):
            designer = User.objects.filter(email=email).first()
            if designer is None or Submission.objects.filter(designer=designer, current_revision__title=title).exists():
                continue
            licences = {
                licence.reference: licence for licence in Licence.objects.filter(reference__in=[u[0] for u in usages])
            }
            submission = services.submission_create(
                designer=designer,
                title=title,
                description=f"{title}: a prototype for the Two Cities, Two Museums shop.",
                category=Category.objects.get(slug=category),
                usages=[(licences[reference], percent * 100) for reference, percent in usages],
                materials="paper, cotton, ceramic or brass, as the product needs",
                dimensions="to be fixed with the workshop",
                proposed_retail_price=Decimal(price),
                estimated_unit_cost=(Decimal(price) * Decimal("0.3")).quantize(Decimal("0.01")),
            )
            services.submission_image_add(
                submission=submission, actor=designer, upload=_picture(title, hue=position * 23)
            )
            self._advance(submission, designer=designer, curator=curator, target=target)
            made += 1
        return made

    def _advance(self, submission, *, designer, curator, target: str) -> None:
        def fresh():
            return Submission.objects.get(pk=submission.pk)

        if target == "withdrawn":
            services.submission_withdraw(submission=fresh(), actor=designer, comment="Reworking the idea.")
            return
        if target == "draft":
            return
        services.submission_submit(submission=fresh(), actor=designer, comment="Ready for review.")
        if target == "submitted":
            return
        if target == "rejected":
            services.submission_review(
                submission=fresh(), actor=curator, decision="REJECT", comment="Too close to an existing product."
            )
            return
        if target == "changes_requested":
            services.submission_review(
                submission=fresh(),
                actor=curator,
                decision="REQUEST_CHANGES",
                comment="Lovely; make the dancers larger and show the calendar's back.",
            )
            return
        services.submission_review(submission=fresh(), actor=curator, decision="APPROVE", comment="A strong design.")
        if target == "awaiting_museums":
            return
        for approval in fresh().approvals.select_related("museum"):
            staff = MuseumStaff.objects.filter(museum=approval.museum).select_related("user").first()
            services.museum_approval_decide(
                approval=approval, actor=staff.user, decision="APPROVE", comment="Faithful to the relic."
            )
        if target == "approved":
            return
        services.submission_sample_submit(
            submission=fresh(),
            actor=designer,
            uploads=[_picture("sample", hue=200)],
            note="First run from the workshop.",
        )
        if target == "sample_submitted":
            return
        services.submission_sample_decide(submission=fresh(), actor=curator, decision="ACCEPT", comment="Good quality.")
        if target == "sample_approved":
            return
        revision = fresh().current_revision
        services.submission_launch(
            submission=fresh(),
            actor=curator,
            variants=[
                services.LaunchVariant(
                    sku=f"PORTAL-{submission.pk}",
                    name="A5",
                    name_zh="A5 本",
                    price=revision.proposed_retail_price,
                    stock=40,
                )
            ],
            name_zh="两城画像砖笔记本",
            description_zh="盐井画像砖与双阙画像砖合为一本笔记本：两座城市、两家博物馆的文物同在一册。",
        )
        services.submission_publish(submission=fresh(), actor=curator)
