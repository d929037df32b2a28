"""The admin in Chinese: curators and finance staff read Chinese app, model and field names once they pick
中文 in the header, and every model the admin shows has translatable names (a new one without fails here)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from incubator.models import Brief
from shop.accounts.roles import Role
from shop.collection.models import Licence, Museum, Relic
from shop.royalties.models import MuseumBankAccount
from tests.factories import LicenceFactory, MuseumFactory, RelicFactory, UserFactory, VariantFactory

# Our own code: Django's and third-party models (auth's Group, ...) bring their own names.
PROJECT_PACKAGES = ("shop.", "incubator.")


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _in_chinese(client, user) -> None:
    """Signs in and picks 中文 the way the header's switch does (Django's set_language)."""
    client.force_login(user)
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/admin/"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_curator_reads_the_admin_in_chinese(client):
    relic = RelicFactory(museum=MuseumFactory())
    licence = LicenceFactory(relic=relic)
    product = VariantFactory(product__design__usages=[(licence, 10_000)]).product
    brief = Brief.objects.create(title="Bronze tableware", text="Cups and plates after the Sanxingdui bronzes.")
    _in_chinese(client, UserFactory(roles=[Role.CURATOR]))

    index = _page(client, reverse("admin:index"))
    for chinese in ["商品目录", "馆藏", "孵化平台", "订单", "商品", "文物", "授权", "设计需求", "投稿"]:
        assert chinese in index
    for english in [">Catalog<", ">Collection<", ">Incubator<", ">Products<", ">Relics<", ">Licences<", ">Briefs<"]:
        assert english not in index

    products = _page(client, reverse("admin:catalog_product_changelist"))
    assert "名称（英文）" in products and "名称（中文）" in products  # Name en / Name zh columns
    assert "Name en" not in products
    product_page = _page(client, reverse("admin:catalog_product_change", args=[product.pk]))
    assert "网址别名" in product_page and "已上架" in product_page  # slug, is published

    relic_page = _page(client, reverse("admin:collection_relic_change", args=[relic.pk]))
    for chinese in ["藏品编号", "年代（英文）", "故事（中文）", "文物图片"]:  # accession number, period, story; inline
        assert chinese in relic_page
    assert "Accession number" not in relic_page

    licences = _page(client, reverse("admin:collection_licence_changelist"))
    assert "授权编号" in licences and "授权地域" in licences  # reference (msgctxt "licence"), territory
    licence_page = _page(client, reverse("admin:collection_licence_change", args=[licence.pk]))
    assert "生效日期" in licence_page and "博物馆版税率（基点）" in licence_page

    briefs = _page(client, reverse("admin:incubator_brief_changelist"))
    assert "创建时间" in briefs and "Created at" not in briefs
    brief_page = _page(client, reverse("admin:incubator_brief_change", args=[brief.pk]))
    assert "创建人" in brief_page  # created by, read-only


@pytest.mark.django_db
def test_finance_reads_the_bank_accounts_in_chinese(client):
    account = MuseumBankAccount.objects.create(
        museum=MuseumFactory(), account_name="Sichuan Museum", bank_name="Bank of Chengdu", account_number="6222"
    )
    _in_chinese(client, UserFactory(roles=[Role.FINANCE]))

    index = _page(client, reverse("admin:index"))
    assert "版税" in index and "博物馆银行账户" in index and "设计师银行账户" in index
    assert ">Royalties<" not in index and "Museum bank accounts" not in index

    accounts = _page(client, reverse("admin:royalties_museumbankaccount_changelist"))
    for chinese in ["户名", "开户行", "账号", "更新时间"]:
        assert chinese in accounts
    account_page = _page(client, reverse("admin:royalties_museumbankaccount_change", args=[account.pk]))
    assert "户名" in account_page and "Account name" not in account_page


@pytest.mark.django_db
def test_english_labels_read_as_before(client):
    client.force_login(UserFactory(roles=[Role.CURATOR]))
    relic = RelicFactory(museum=MuseumFactory())
    relic_page = _page(client, reverse("admin:collection_relic_change", args=[relic.pk]))
    assert "Accession number" in relic_page and "Name en" in relic_page and "Relic images" in relic_page
    assert "藏品编号" not in relic_page


def _admin_models() -> list[type]:
    """Every model the admin shows (registered or inline) that this project owns."""
    shown = set()
    for model, model_admin in admin.site._registry.items():
        shown.add(model)
        shown.update(inline.model for inline in model_admin.inlines)
    # An automatic many-to-many table is named by the inline that shows it (e.g. "allowed product categories").
    ours = (m for m in shown if m.__module__.startswith(PROJECT_PACKAGES) and not m._meta.auto_created)
    return sorted(ours, key=lambda m: m._meta.label)


def _untranslated(model: type) -> list[str]:
    opts = model._meta
    missing = []
    # A default plural ("<name>s") is a lazy proxy too, so the Meta must set it itself.
    for attr in ("verbose_name", "verbose_name_plural"):
        if not isinstance(opts.original_attrs.get(attr), Promise):
            missing.append(f"Meta.{attr}")
    if not isinstance(opts.app_config.verbose_name, Promise):
        missing.append(f"{opts.app_config.name} AppConfig.verbose_name")
    for field in [*opts.concrete_fields, *opts.many_to_many]:
        if field.auto_created:
            continue
        if not isinstance(field.verbose_name, Promise):
            missing.append(f"{field.name}.verbose_name")
        elif field.choices:
            # A plain-string label is untranslated, unless it is the code itself spelt out (CSV, PNG).
            missing += [
                f"{field.name} choice {label!r}"
                for value, label in field.flatchoices
                if isinstance(label, str) and label.upper() != str(value).upper()
            ]
    return missing


def test_the_admin_shows_project_models():
    labels = {model._meta.label for model in _admin_models()}
    assert {"catalog.Product", "collection.Relic", "incubator.Brief", "royalties.MuseumBankAccount"} <= labels
    assert "auth.Group" not in labels


@pytest.mark.parametrize("model", _admin_models(), ids=lambda model: model._meta.label)
def test_every_admin_model_app_and_field_has_a_translatable_name(model):
    assert _untranslated(model) == []


@pytest.mark.parametrize("model", _admin_models(), ids=lambda model: model._meta.label)
def test_every_admin_name_has_its_chinese(model):
    opts = model._meta
    names = [opts.app_config.verbose_name, opts.verbose_name, opts.verbose_name_plural]
    names += [field.verbose_name for field in [*opts.concrete_fields, *opts.many_to_many] if not field.auto_created]
    with translation.override("en"):
        english = [str(name) for name in names]
    with translation.override("zh-hans"):
        chinese = [str(name) for name in names]
    untranslated = [en for en, zh in zip(english, chinese, strict=True) if en == zh]
    assert untranslated == []


def test_the_walk_notices_a_model_without_names():
    # Museum as it was before it had names: the check must name what is missing.
    museum_field = Museum._meta.get_field("website")
    original = museum_field.verbose_name
    museum_field.verbose_name = "website"
    try:
        assert _untranslated(Museum) == ["website.verbose_name"]
    finally:
        museum_field.verbose_name = original
    assert _untranslated(Relic) == [] and _untranslated(Licence) == []
