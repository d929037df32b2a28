"""``manage.py seed_demo``: the demo shop — museums, relics with generated imagery, licences,
designers, products — and one login per role, printed at the end.

Idempotent: every row is found by its natural key (slug, email, reference) before it is made,
so a second run creates nothing and succeeds. All writes go through the services, which
validate exactly as they do for real data; the whole seed is one transaction.
"""

from __future__ import annotations

import logging
import time
import unicodedata

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image

from shop.accounts.models import User
from shop.accounts.roles import Role
from shop.accounts.services import user_create
from shop.catalog.models import Category, Product
from shop.catalog.services import (
    category_allow_licence,
    category_create,
    design_create,
    product_create,
    product_image_add,
    variant_create,
)
from shop.collection.models import Licence, LicenceStatus, Museum, Relic
from shop.collection.services import (
    licence_create,
    licence_set_status,
    museum_create,
    museum_staff_assign,
    relic_create,
    relic_image_add,
)
from shop.royalties.models import MuseumBankAccount
from shop.storefront.management import demo_data, demo_imagery
from shop.storefront.management.demo_operations import demo_operations_record
from shop.storefront.management.demo_sales import demo_sales_record
from shop.storefront.management.demo_statements import demo_statements_seed

LICENCE_START_DAYS_AGO = 400


class Command(BaseCommand):
    help = "Seed the demo shop (idempotent) and print the demo logins."

    def handle(self, *args, **options) -> None:
        # The demo runs tasks eagerly; a line per task for the seeded orders would bury the logins table.
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        started = time.perf_counter()
        self.created: dict[str, int] = {}
        self.motifs: dict[str, Image.Image] = {}
        with transaction.atomic():
            museums = self._museums()
            categories = self._categories()
            users = self._people(museums)
            relics = self._relics(museums)
            licences = self._licences(relics, museums, categories)
            self._products(categories, users, licences)
            self._licence_statuses(licences)
            self.created["designer bank accounts"] = demo_statements_seed()
            sold = demo_sales_record(customer=users["customer@bashu.example"])
            if sold:
                self.created["orders (last three months, paid, shipped, months closed)"] = sold
            self.created["orders for the back office (to ship, shipped, delivered, returned)"] = (
                demo_operations_record()
            )
            # The design portal's demo (designer pages, briefs, a submission in each state); by name, as the shop's
            # apps may not import the incubator.
            call_command("seed_portal_demo", stdout=self.stdout)
        elapsed = time.perf_counter() - started
        made = ", ".join(f"{count} {what}" for what, count in self.created.items() if count) or "nothing new"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {elapsed:.1f} s ({made})."))
        self._print_logins()

    def _count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1

    # ── museums, categories, people ──────────────────────────────────────────────────────

    def _museums(self) -> dict[str, Museum]:
        museums = {}
        for spec in demo_data.MUSEUMS:
            museum = Museum.objects.filter(slug=spec["slug"]).first()
            if museum is None:
                museum = museum_create(**spec)
                self._count("museums")
            museums[museum.slug] = museum
            if account := demo_data.BANK_ACCOUNTS.get(museum.slug):
                _, created = MuseumBankAccount.objects.get_or_create(museum=museum, defaults=account)
                if created:
                    self._count("bank accounts")
        return museums

    def _categories(self) -> dict[str, Category]:
        categories = {}
        for position, (slug, name_en, name_zh) in enumerate(demo_data.CATEGORIES):
            category = Category.objects.filter(slug=slug).first()
            if category is None:
                category = category_create(slug=slug, name_en=name_en, name_zh=name_zh, position=position)
                self._count("categories")
            categories[slug] = category
        return categories

    def _people(self, museums: dict[str, Museum]) -> dict[str, User]:
        users = {}
        password_hash = ""
        for spec in demo_data.PEOPLE:
            user = User.objects.filter(email=spec.email).first()
            if user is None:
                if spec.role == "admin":
                    user = User.objects.create_superuser(
                        email=spec.email, password=None, display_name=spec.display_name
                    )
                else:
                    user = user_create(
                        email=spec.email, password=None, display_name=spec.display_name, roles=(Role(spec.role),)
                    )
                # The logins share one password: hash it once (Argon2 is slow on purpose).
                password_hash = password_hash or make_password(demo_data.DEMO_PASSWORD)
                User.objects.filter(pk=user.pk).update(password=password_hash)
                self._count("users")
            if spec.museum:
                museum_staff_assign(user=user, museum=museums[spec.museum])
            users[spec.email] = user
        return users

    # ── relics and their imagery ─────────────────────────────────────────────────────────

    def _relics(self, museums: dict[str, Museum]) -> dict[str, Relic]:
        relics = {}
        for spec in demo_data.RELICS:
            relic = Relic.objects.filter(slug=spec.slug).select_related("museum").first()
            if relic is None:
                relic = relic_create(
                    museum=museums[spec.museum],
                    slug=spec.slug,
                    accession_number=spec.accession,
                    name_en=spec.name_en,
                    name_zh=spec.name_zh,
                    period_en=spec.period[0],
                    period_zh=spec.period[1],
                    category=spec.category,
                    story_en=spec.story_en,
                    story_zh=spec.story_zh,
                    is_featured=spec.featured,
                )
                self._count("relics")
            if not relic.images.exists():
                for number in range(1, spec.images + 1):
                    picture = self._relic_picture(relic, number)
                    relic_image_add(
                        relic=relic,
                        image_file=demo_imagery.as_jpeg_upload(picture),
                        alt_en=f"{spec.name_en}, view {number}",
                        alt_zh=f"{spec.name_zh}（视角{number}）",
                        credit_line=f"Photo: {relic.museum.name_en} (generated demo image)",
                        rights_statement=spec.rights,
                    )
                    self._count("relic images")
            relics[relic.slug] = relic
        return relics

    def _relic_picture(self, relic: Relic, number: int) -> Image.Image:
        picture = demo_imagery.relic_picture(relic.category, f"{relic.slug}/{number}")
        if number == 1:
            self.motifs[relic.slug] = picture
        return picture

    def _motif(self, relic: Relic) -> Image.Image:
        """The relic's first picture, which its products are printed with."""
        if relic.slug not in self.motifs:
            self._relic_picture(relic, 1)
        return self.motifs[relic.slug]

    # ── licences ─────────────────────────────────────────────────────────────────────────

    def _licences(
        self, relics: dict[str, Relic], museums: dict[str, Museum], categories: dict[str, Category]
    ) -> dict[str, Licence]:
        """Every licence starts active, so that designs can be made on it; statuses the demo
        wants otherwise (one expired, one suspended) are applied after the products."""
        licences = {}
        valid_from = timezone.localdate() - timezone.timedelta(days=LICENCE_START_DAYS_AGO)
        for spec in demo_data.LICENCES:
            licence = Licence.objects.filter(reference=spec.reference).first()
            if licence is None:
                relic = relics[spec.relic]
                shares = [(museums[slug], share) for slug, share in spec.shares] or [(relic.museum, 10_000)]
                licence = licence_create(
                    relic=relic,
                    reference=spec.reference,
                    museum_rate_bp=spec.rate_bp,
                    shares=shares,
                    valid_from=valid_from,
                    territory=spec.territory,
                )
                self._count("licences")
            for slug in spec.categories:
                category_allow_licence(category=categories[slug], licence=licence)
            licences[spec.reference] = licence
        return licences

    def _licence_statuses(self, licences: dict[str, Licence]) -> None:
        for spec in demo_data.LICENCES:
            licence = licences[spec.reference]
            if spec.status != LicenceStatus.ACTIVE and licence.status != spec.status:
                licence_set_status(licence=licence, status=spec.status)

    # ── products ─────────────────────────────────────────────────────────────────────────

    def _products(self, categories: dict[str, Category], users: dict[str, User], licences: dict[str, Licence]) -> None:
        for spec in demo_data.PRODUCTS:
            if Product.objects.filter(slug=spec.slug).exists():
                continue
            usages = [(licences[reference], weight) for reference, weight in spec.usages]
            design = design_create(
                name=spec.name_en,
                category=categories[spec.category],
                usages=usages,
                designer=users[spec.designer] if spec.designer else None,
                designer_rate_bp=spec.designer_rate_bp,
            )
            product = product_create(
                slug=spec.slug,
                name_en=spec.name_en,
                name_zh=spec.name_zh,
                description_en=spec.description_en,
                description_zh=spec.description_zh,
                design=design,
                is_published=True,
                is_featured=spec.featured,
            )
            for position, variant in enumerate(spec.variants):
                variant_create(
                    product=product,
                    sku=variant.sku,
                    name_en=variant.name_en,
                    name_zh=variant.name_zh,
                    price_amount=variant.price,
                    stock_quantity=variant.stock,
                    position=position,
                )
            motif = self._motif(usages[0][0].relic)
            for number, mock in enumerate(spec.mocks):
                picture = demo_imagery.product_picture(mock, motif, f"{spec.slug}/{number}")
                product_image_add(
                    product=product,
                    image_file=demo_imagery.as_jpeg_upload(picture),
                    alt_en=spec.name_en,
                    alt_zh=spec.name_zh,
                )
            self._count("products")

    # ── output ───────────────────────────────────────────────────────────────────────────

    def _print_logins(self) -> None:
        rows = [(spec.role, spec.email, spec.display_name, spec.note) for spec in demo_data.PEOPLE]
        headers = ("role", "email", "name", "what for")
        widths = [max(_display_width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        rule = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

        def line(cells) -> str:
            padded = (
                f" {cell}{' ' * (width - _display_width(cell))} " for cell, width in zip(cells, widths, strict=True)
            )
            return "|" + "|".join(padded) + "|"

        self.stdout.write("")
        self.stdout.write(f"Demo logins — every password is: {demo_data.DEMO_PASSWORD}")
        self.stdout.write("\n".join([rule, line(headers), rule, *(line(row) for row in rows), rule]))
        self.stdout.write("Admin: http://127.0.0.1:8000/admin/ · shop: http://127.0.0.1:8000/")


def _display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
