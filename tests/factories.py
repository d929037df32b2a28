"""factory-boy factories for the whole shop. Licences get one full share by default."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from shop.accounts.models import User
from shop.catalog.models import Category, Design, DesignLicenceUsage, Product, ProductVariant, Stock
from shop.collection.models import Licence, LicenceStatus, LicensorShare, Museum, Relic, RelicCategory

__all__ = [
    "CategoryFactory",
    "DesignFactory",
    "LicenceFactory",
    "MuseumFactory",
    "ProductFactory",
    "RelicFactory",
    "UserFactory",
    "VariantFactory",
    "make_buyable_product",
]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            from shop.accounts.services import user_grant_role

            for role in extracted:
                user_grant_role(user=self, role=role)
        if create:
            self.save()


class MuseumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Museum
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"museum-{n}")
    name_en = factory.Sequence(lambda n: f"Museum {n}")
    name_zh = factory.Sequence(lambda n: f"博物馆{n}")


class RelicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relic

    museum = factory.SubFactory(MuseumFactory)
    slug = factory.Sequence(lambda n: f"relic-{n}")
    accession_number = factory.Sequence(lambda n: f"ACC-{n:05d}")
    name_en = factory.Sequence(lambda n: f"Bronze Vessel {n}")
    name_zh = factory.Sequence(lambda n: f"青铜器{n}")
    period_en = "Warring States (475–221 BC)"
    period_zh = "战国"
    category = RelicCategory.BRONZE


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    name_zh = factory.Sequence(lambda n: f"类别{n}")


class LicenceFactory(factory.django.DjangoModelFactory):
    """A licence on a relic, held wholly by the relic's museum unless ``shares`` is given."""

    class Meta:
        model = Licence
        skip_postgeneration_save = True

    relic = factory.SubFactory(RelicFactory)
    reference = factory.Sequence(lambda n: f"LIC-{n:05d}")
    museum_rate_bp = 1000
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    valid_until = None
    status = LicenceStatus.ACTIVE

    @factory.post_generation
    def shares(self, create, extracted, **kwargs):
        if not create:
            return
        for museum, share_bp in extracted or [(self.relic.museum, 10_000)]:
            LicensorShare.objects.create(licence=self, museum=museum, share_bp=share_bp)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            for category in extracted:
                category.licences.add(self)


class DesignFactory(factory.django.DjangoModelFactory):
    """A design using one licence (weight 10000) that allows the design's category."""

    class Meta:
        model = Design
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Design {n}")
    category = factory.SubFactory(CategoryFactory)
    designer = factory.SubFactory(UserFactory)
    designer_rate_bp = 800

    @factory.post_generation
    def usages(self, create, extracted, **kwargs):
        if not create:
            return
        for licence, weight_bp in extracted or [(LicenceFactory(categories=[self.category]), 10_000)]:
            self.category.licences.add(licence)
            DesignLicenceUsage.objects.create(design=self, licence=licence, weight_bp=weight_bp)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    slug = factory.Sequence(lambda n: f"product-{n}")
    name_en = factory.Sequence(lambda n: f"Product {n}")
    name_zh = factory.Sequence(lambda n: f"商品{n}")
    design = factory.SubFactory(DesignFactory)
    category = factory.SelfAttribute("design.category")
    is_published = True


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    name_en = "Standard"
    name_zh = "标准"
    price_amount = Decimal("128.00")

    @factory.post_generation
    def stock(self, create, extracted, **kwargs):
        if create:
            Stock.objects.create(variant=self, quantity=10 if extracted is None else extracted)


def make_buyable_product(*, price: str = "128.00", stock: int = 10, **product_kwargs) -> ProductVariant:
    """A published product with one variant in stock, on an active licence."""
    product = ProductFactory(**product_kwargs)
    return VariantFactory(product=product, price_amount=Decimal(price), stock=stock)
