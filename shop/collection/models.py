from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shop.core.storage import private_storage


def localized(obj, field: str) -> str:
    """The zh-Hans value of ``field`` when the active language is Chinese and it is set, else English."""
    if translation.get_language() and translation.get_language().startswith("zh"):
        value = getattr(obj, f"{field}_zh", "")
        if value:
            return value
    return getattr(obj, f"{field}_en")


class Museum(models.Model):
    """A licensor: a museum whose relic imagery designers may use under licence."""

    slug = models.SlugField(_("slug"), unique=True)
    name_en = models.CharField(_("name en"), max_length=200)
    name_zh = models.CharField(_("name zh"), max_length=200)
    city_en = models.CharField(_("city en"), max_length=100, blank=True)
    city_zh = models.CharField(_("city zh"), max_length=100, blank=True)
    description_en = models.TextField(_("description en"), blank=True)
    description_zh = models.TextField(_("description zh"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("museum")
        verbose_name_plural = _("museums")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def city(self) -> str:
        return localized(self, "city")

    @property
    def description(self) -> str:
        return localized(self, "description")


class MuseumStaff(models.Model):
    """Ties a museum-staff user to the one museum they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="museum_staff"
    )
    museum = models.ForeignKey(Museum, verbose_name=_("museum"), on_delete=models.CASCADE, related_name="staff")

    class Meta:
        verbose_name = _("museum staff")
        verbose_name_plural = _("museum staff")

    def __str__(self) -> str:
        return f"{self.user} @ {self.museum.slug}"


class RelicCategory(models.TextChoices):
    BRONZE = "bronze", _("Bronze")
    PORTRAIT_BRICK = "portrait_brick", _("Portrait brick")
    CERAMIC = "ceramic", _("Ceramic")
    CALLIGRAPHY_PAINTING = "calligraphy_painting", _("Calligraphy and painting")
    NEOLITHIC = "neolithic", _("Neolithic")
    JADE = "jade", _("Jade")
    LACQUER = "lacquer", _("Lacquer")


class Relic(models.Model):
    """An artefact in a museum's collection."""

    museum = models.ForeignKey(Museum, verbose_name=_("museum"), on_delete=models.PROTECT, related_name="relics")
    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    accession_number = models.CharField(
        _("accession number"), max_length=64, help_text=_("The museum's own inventory number.")
    )
    name_en = models.CharField(_("name en"), max_length=200)
    name_zh = models.CharField(_("name zh"), max_length=200)
    period_en = models.CharField(
        _("period en"), max_length=120, help_text=_("Period or dynasty, e.g. Eastern Han (25–220)")
    )
    period_zh = models.CharField(_("period zh"), max_length=120)
    category = models.CharField(_("category"), max_length=32, choices=RelicCategory.choices, db_index=True)
    story_en = models.TextField(_("story en"), blank=True)
    story_zh = models.TextField(_("story zh"), blank=True)
    is_featured = models.BooleanField(_("is featured"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("relic")
        verbose_name_plural = _("relics")
        ordering = ["museum_id", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["museum", "accession_number"], name="relic_accession_unique_per_museum"),
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def period(self) -> str:
        return localized(self, "period")

    @property
    def story(self) -> str:
        return localized(self, "story")


def _private_storage():
    return private_storage


def relic_original_path(instance: RelicImage, filename: str) -> str:
    # Unguessable: the original must never be found by walking names.
    return f"relics/originals/{uuid.uuid4().hex}.png"


def relic_preview_path(instance: RelicImage, filename: str) -> str:
    return f"relics/previews/{uuid.uuid4().hex}.jpg"


class RightsStatement(models.TextChoices):
    """rightsstatements.org statements (the URI is derived from the code)."""

    IN_COPYRIGHT = "InC", _("In Copyright")
    IN_COPYRIGHT_EDU = "InC-EDU", _("In Copyright - Educational Use Permitted")
    IN_COPYRIGHT_NC = "InC-NC", _("In Copyright - Non-Commercial Use Permitted")
    NO_COPYRIGHT_CONTRACTUAL = "NoC-CR", _("No Copyright - Contractual Restrictions")
    NO_COPYRIGHT_NC = "NoC-NC", _("No Copyright - Non-Commercial Use Only")
    NO_COPYRIGHT_OTHER = "NoC-OKLR", _("No Copyright - Other Known Legal Restrictions")
    COPYRIGHT_NOT_EVALUATED = "CNE", _("Copyright Not Evaluated")


class RelicImage(models.Model):
    """A photograph of a relic. The original is private; the public preview is resized and watermarked."""

    relic = models.ForeignKey(Relic, verbose_name=_("relic"), on_delete=models.CASCADE, related_name="images")
    original = models.ImageField(
        _("original"),
        upload_to=relic_original_path,
        storage=_private_storage,
        width_field="width",
        height_field="height",
    )
    preview = models.ImageField(_("preview"), upload_to=relic_preview_path, blank=True)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    alt_en = models.CharField(_("alt en"), max_length=300)
    alt_zh = models.CharField(_("alt zh"), max_length=300, blank=True)
    rights_statement = models.CharField(
        _("rights statement"),
        max_length=16,
        choices=RightsStatement.choices,
        default=RightsStatement.NO_COPYRIGHT_CONTRACTUAL,
    )
    credit_line = models.CharField(_("credit line"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("relic image")
        verbose_name_plural = _("relic images")
        ordering = ["relic_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.relic} #{self.position}"

    @property
    def alt(self) -> str:
        return localized(self, "alt")

    @property
    def rights_statement_uri(self) -> str:
        return f"http://rightsstatements.org/vocab/{self.rights_statement}/1.0/"


class Territory(models.TextChoices):
    MAINLAND_CHINA = "mainland_china", _("Mainland China")
    GREATER_CHINA = "greater_china", _("Mainland China, Hong Kong, Macao and Taiwan")
    WORLDWIDE = "worldwide", _("Worldwide")


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")


class Licence(models.Model):
    """Permission to use a relic's imagery on products, paying its licensor museums a royalty.

    Licensor shares (basis points) sum to 10000; the museum royalty rate is in basis points of
    the net sale. Allowed product categories are held by the catalogue (``Category.licences``).
    Shares and rates are validated in ``services.licence_create``.
    """

    relic = models.ForeignKey(Relic, verbose_name=_("relic"), on_delete=models.PROTECT, related_name="licences")
    reference = models.CharField(pgettext_lazy("licence", "reference"), max_length=40, unique=True)
    museum_rate_bp = models.PositiveIntegerField(
        _("museum rate bp"), validators=[MinValueValidator(0), MaxValueValidator(10_000)]
    )
    territory = models.CharField(
        _("territory"), max_length=32, choices=Territory.choices, default=Territory.MAINLAND_CHINA
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE, db_index=True
    )
    museums = models.ManyToManyField(
        Museum, verbose_name=_("museums"), through="LicensorShare", related_name="licences"
    )

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("licences")
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(condition=Q(museum_rate_bp__lte=10_000), name="licence_rate_at_most_100pct"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="licence_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def is_active_on(self, day: datetime.date) -> bool:
        """Active status and ``day`` inside the validity range."""
        if self.status != LicenceStatus.ACTIVE:
            return False
        if day < self.valid_from:
            return False
        return self.valid_until is None or day <= self.valid_until

    def is_active_now(self) -> bool:
        return self.is_active_on(timezone.localdate())


class LicensorShare(models.Model):
    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="shares")
    museum = models.ForeignKey(
        Museum, verbose_name=_("museum"), on_delete=models.PROTECT, related_name="licensor_shares"
    )
    share_bp = models.PositiveIntegerField(_("share bp"), validators=[MinValueValidator(1), MaxValueValidator(10_000)])

    class Meta:
        verbose_name = _("licensor share")
        verbose_name_plural = _("licensor shares")
        ordering = ["licence_id", "museum_id"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "museum"], name="licensor_share_unique"),
            models.CheckConstraint(condition=Q(share_bp__gte=1, share_bp__lte=10_000), name="licensor_share_range"),
        ]

    def __str__(self) -> str:
        return f"{self.licence} → {self.museum.slug} {self.share_bp}bp"


class TileSetKind(models.TextChoices):
    # Of the watermarked preview: public tiles anyone may zoom.
    PREVIEW = "preview", _("Watermarked preview")
    # Of the untouched original: private tiles, streamed only to those allowed to zoom originals.
    ORIGINAL = "original", _("Original")


class RelicImageTiles(models.Model):
    """A deep-zoom tile set of one relic image: an IIIF Image API 3 level-0 static tile pyramid with its
    ``info.json``, written once by a worker task under ``path`` in the storage of its kind (public media for
    the preview, the private storage for the original). The row exists only once every file is stored."""

    image = models.ForeignKey(RelicImage, verbose_name=_("image"), on_delete=models.CASCADE, related_name="tile_sets")
    kind = models.CharField(_("kind"), max_length=16, choices=TileSetKind.choices)
    path = models.CharField(_("path"), max_length=200, unique=True)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    tile_size = models.PositiveIntegerField(_("tile size"))
    scale_factors = models.JSONField(_("scale factors"), default=list)
    tile_count = models.PositiveIntegerField(_("tile count"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("relic image tiles")
        verbose_name_plural = _("relic image tiles")
        ordering = ["image_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["image", "kind"], name="relic_tiles_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.kind} tiles of relic image {self.image_id}"
