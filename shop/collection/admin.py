"""Admin for museums, museum staff, relics and their imagery, licences and licensor shares.

Writes that carry a business rule go through the same code as the services: new relic images
run the imaging pipeline (``relic_image_add``: private original, watermarked preview,
thumbnails), and licensor shares are checked with ``licence_validate_shares`` so that shares
not summing to 10000 basis points are a form error. Only public previews are ever shown;
the private original is neither displayed nor linked.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from easy_thumbnails.alias import aliases
from easy_thumbnails.files import get_thumbnailer

from shop.accounts.roles import Role
from shop.accounts.services import user_grant_role
from shop.collection import imaging
from shop.collection.models import Licence, LicensorShare, Museum, MuseumStaff, Relic, RelicImage
from shop.collection.services import licence_validate_shares, relic_image_add
from shop.core.errors import ApplicationError


def thumbnail_html(fieldfile, *, alias: str = "small", size: int = 80) -> str:
    """An <img> of a public image's pre-rendered thumbnail; never renders one during the request."""
    if not fieldfile:
        return "—"
    thumbnailer = get_thumbnailer(fieldfile)
    options = aliases.get(alias, target=thumbnailer.alias_target)
    existing = thumbnailer.get_existing_thumbnail({**options, "ALIAS": alias}) if options else None
    if existing is None:
        return "—"
    return format_html(
        '<img src="{}" alt="" style="max-width:{}px;max-height:{}px;object-fit:contain">', existing.url, size, size
    )


def upload_checked(upload) -> None:
    """Refuse, as a form error, an upload that the imaging pipeline would refuse."""
    try:
        imaging.image_load(upload)
    except ApplicationError as exc:
        raise ValidationError(exc.message, code=exc.code) from exc


@admin.register(Museum)
class MuseumAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "slug", "city_en", "relic_count"]
    search_fields = ["name_en", "name_zh", "slug", "city_en", "city_zh"]
    prepopulated_fields = {"slug": ["name_en"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(relic_total=Count("relics"))

    @admin.display(description=_("relics"), ordering="relic_total")
    def relic_count(self, museum: Museum) -> int:
        return museum.relic_total


@admin.register(MuseumStaff)
class MuseumStaffAdmin(admin.ModelAdmin):
    list_display = ["user", "museum"]
    list_filter = ["museum"]
    search_fields = ["user__email", "user__display_name", "museum__name_en"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "museum"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        user_grant_role(user=obj.user, role=Role.MUSEUM_STAFF)


class RelicImageInlineForm(forms.ModelForm):
    """New rows take an upload that runs the imaging pipeline; existing rows edit metadata only."""

    upload = forms.ImageField(
        label=_("photograph"),
        required=False,
        help_text=_("Kept private; a resized, watermarked preview is published."),
    )

    class Meta:
        model = RelicImage
        fields = ["upload", "alt_en", "alt_zh", "credit_line", "rights_statement", "position"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["upload"].disabled = True

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if self.instance.pk:
            return None
        if not upload:
            raise ValidationError(_("Choose a photograph."), code="required")
        upload_checked(upload)
        return upload


class RelicImageFormSet(BaseInlineFormSet):
    def save_new(self, form, commit=True):
        data = form.cleaned_data
        return relic_image_add(
            relic=self.instance,
            image_file=data["upload"],
            alt_en=data["alt_en"],
            alt_zh=data.get("alt_zh", ""),
            credit_line=data["credit_line"],
            rights_statement=data["rights_statement"],
            position=data.get("position") or 0,
        )


class RelicImageInline(admin.StackedInline):
    model = RelicImage
    form = RelicImageInlineForm
    formset = RelicImageFormSet
    extra = 0
    fields = ["preview_thumbnail", "upload", "alt_en", "alt_zh", "credit_line", "rights_statement", "position"]
    readonly_fields = ["preview_thumbnail"]

    @admin.display(description=_("public preview"))
    def preview_thumbnail(self, image: RelicImage) -> str:
        return thumbnail_html(image.preview, size=120) if image.pk else "—"


@admin.register(Relic)
class RelicAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "name_en", "name_zh", "museum", "category", "period_en", "accession_number"]
    list_display_links = ["thumbnail", "name_en"]
    list_filter = ["museum", "category", "is_featured"]
    search_fields = ["name_en", "name_zh", "accession_number", "slug", "period_en", "period_zh"]
    list_select_related = ["museum"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [RelicImageInline]
    fieldsets = [
        (None, {"fields": ["museum", "accession_number", "slug", "category", "is_featured"]}),
        (_("Names"), {"fields": ["name_en", "name_zh", "period_en", "period_zh"]}),
        (_("Story"), {"fields": ["story_en", "story_zh"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("images")

    @admin.display(description="")
    def thumbnail(self, relic: Relic) -> str:
        images = list(relic.images.all())
        return thumbnail_html(images[0].preview, size=60) if images else "—"


@admin.register(RelicImage)
class RelicImageAdmin(admin.ModelAdmin):
    """Search all relic imagery and edit its metadata; new images are added on the relic's page."""

    list_display = ["thumbnail", "relic", "position", "rights_statement", "credit_line", "width", "height"]
    list_filter = ["rights_statement", "relic__museum", "relic__category"]
    search_fields = ["relic__name_en", "relic__name_zh", "alt_en", "alt_zh", "credit_line"]
    list_select_related = ["relic"]
    fields = [
        "relic",
        "preview_thumbnail",
        "alt_en",
        "alt_zh",
        "credit_line",
        "rights_statement",
        "position",
        "width",
        "height",
    ]
    readonly_fields = ["relic", "preview_thumbnail", "width", "height"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description="")
    def thumbnail(self, image: RelicImage) -> str:
        return thumbnail_html(image.preview, size=60)

    @admin.display(description=_("public preview"))
    def preview_thumbnail(self, image: RelicImage) -> str:
        return thumbnail_html(image.preview, alias="card", size=320)


class LicensorShareFormSet(BaseInlineFormSet):
    """Refuses what ``licence_create`` refuses: no licensor, a museum twice, shares off 10000 bp."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        shares = [
            (form.cleaned_data["museum"], form.cleaned_data["share_bp"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            licence_validate_shares(shares=shares)
        except ApplicationError as exc:
            raise ValidationError(exc.message, code=exc.code) from exc


class LicensorShareInline(admin.TabularInline):
    model = LicensorShare
    formset = LicensorShareFormSet
    extra = 0
    min_num = 1
    fields = ["museum", "share_bp"]
    verbose_name = _("licensor share (basis points; all shares sum to 10000)")


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "relic",
        "licensors",
        "museum_rate_bp",
        "status",
        "valid_from",
        "valid_until",
        "territory",
    ]
    list_filter = ["status", "territory", "shares__museum", "relic__category"]
    search_fields = ["reference", "relic__name_en", "relic__name_zh", "relic__accession_number"]
    autocomplete_fields = ["relic"]
    list_select_related = ["relic"]
    date_hierarchy = "valid_from"
    inlines = [LicensorShareInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("shares__museum")

    @admin.display(description=_("licensors"))
    def licensors(self, licence: Licence) -> str:
        return ", ".join(f"{share.museum.name_en} {share.share_bp / 100:g}%" for share in licence.shares.all())
