"""The incubator's data: briefs, designer profiles, submissions and their revisions, the review
timeline, museum approvals, design agreements, samples and notifications.

Models hold data and invariants only; every state change goes through
``incubator.services.workflow.submission_transition`` and its transition map.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shop.catalog.models import Category, Design, Product
from shop.collection.models import Licence, Museum, Relic
from shop.core.storage import private_storage


def _private_storage():
    return private_storage


def designer_avatar_path(instance, filename: str) -> str:
    return f"designers/{uuid.uuid4().hex}.jpg"


def _default_designer_rate_bp() -> int:
    return settings.SHOP_DEFAULT_DESIGNER_RATE_BP


class DesignerProfile(models.Model):
    """A designer's public face in the incubator, and where their royalties are paid."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="designer_profile"
    )
    # The public page's address (/designers/<slug>/); made from the name when the profile is first saved.
    slug = models.SlugField(_("slug"), max_length=80, unique=True, null=True, blank=True)
    display_name = models.CharField(_("display name"), max_length=120)
    display_name_zh = models.CharField(_("Chinese display name"), max_length=120, blank=True)
    bio = models.TextField(_("bio"), blank=True)
    bio_zh = models.TextField(_("Chinese bio"), blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=designer_avatar_path, blank=True)
    portfolio_url = models.URLField(_("portfolio link"), blank=True)
    # Placeholder until payouts are wired to a payment provider: free text, never shown publicly.
    payout_details = models.TextField(_("payout details"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("designer profile")
        verbose_name_plural = _("designer profiles")
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def name(self) -> str:
        return localized_or(self.display_name_zh, self.display_name)

    @property
    def bio_text(self) -> str:
        return localized_or(self.bio_zh, self.bio)


def localized_or(chinese: str, english: str) -> str:
    """``chinese`` when the active language is Chinese and it is set, else ``english``."""
    language = translation.get_language() or ""
    return chinese if language.startswith("zh") and chinese else english


class BriefStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Brief(models.Model):
    """A call for designs published by a curator: which relics, which product categories, by when."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    relics = models.ManyToManyField(Relic, verbose_name=_("relics"), related_name="briefs", blank=True)
    categories = models.ManyToManyField(Category, verbose_name=_("categories"), related_name="briefs", blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BriefStatus.choices, default=BriefStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def is_open_at(self, moment) -> bool:
        return self.status == BriefStatus.OPEN and (self.deadline is None or moment <= self.deadline)

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    CURATOR_APPROVED = "curator_approved", _("Approved by the curators")
    AWAITING_MUSEUMS = "awaiting_museums", _("Awaiting the museums")
    APPROVED = "approved", _("Approved")
    SAMPLE_SUBMITTED = "sample_submitted", _("Sample submitted")
    SAMPLE_APPROVED = "sample_approved", _("Sample approved")
    LAUNCHED = "launched", _("Launched")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Submission(models.Model):
    """A designer's proposal for a product, answered by curators and the museums whose relics it uses."""

    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("designer"), on_delete=models.PROTECT, related_name="submissions"
    )
    brief = models.ForeignKey(
        Brief, verbose_name=_("brief"), null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(
        _("state"), max_length=24, choices=SubmissionState.choices, default=SubmissionState.DRAFT, db_index=True
    )
    current_revision = models.OneToOneField(
        "SubmissionRevision",
        verbose_name=_("current revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The rate the agreement will fix; curators may change it until the museums have approved.
    designer_rate_bp = models.PositiveIntegerField(
        _("designer rate bp"), default=_default_designer_rate_bp, validators=[MaxValueValidator(10_000)]
    )
    product = models.OneToOneField(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubator_submission",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(designer_rate_bp__lte=10_000), name="submission_rate_at_most_100pct"),
        ]

    def __str__(self) -> str:
        title = self.current_revision.title if self.current_revision else ""
        return f"#{self.pk} {title}".strip()


class SubmissionRevision(models.Model):
    """One version of a submission. Submitted revisions never change; a resubmission is a new one."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(pgettext_lazy("revision", "number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    materials = models.CharField(_("materials"), max_length=500, blank=True)
    dimensions = models.CharField(_("dimensions"), max_length=200, blank=True)
    proposed_retail_price = models.DecimalField(
        _("proposed retail price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    estimated_unit_cost = models.DecimalField(
        _("estimated unit cost"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    licences = models.ManyToManyField(
        Licence, verbose_name=_("licences"), through="RevisionLicenceUsage", related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission revision")
        verbose_name_plural = _("submission revisions")
        ordering = ["submission_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="revision_number_unique"),
            models.CheckConstraint(
                condition=Q(proposed_retail_price__isnull=True) | Q(proposed_retail_price__gt=0),
                name="revision_price_positive",
            ),
            models.CheckConstraint(
                condition=Q(estimated_unit_cost__isnull=True) | Q(estimated_unit_cost__gte=0),
                name="revision_cost_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (r{self.number})"

    @property
    def is_frozen(self) -> bool:
        return self.submitted_at is not None


class RevisionLicenceUsage(models.Model):
    """A relic used by a revision, through one of its licences, with a weight (weights sum to 10000)."""

    revision = models.ForeignKey(
        SubmissionRevision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="usages"
    )
    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="+")
    weight_bp = models.PositiveIntegerField(
        _("weight bp"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )

    class Meta:
        verbose_name = _("revision licence usage")
        verbose_name_plural = _("revision licence usages")
        ordering = ["revision_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "licence"], name="revision_usage_unique"),
            models.CheckConstraint(
                condition=Q(weight_bp__gte=1, weight_bp__lte=10_000), name="revision_usage_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"r{self.revision_id} uses {self.licence_id} ({self.weight_bp}bp)"


def incubator_image_path(instance, filename: str) -> str:
    # The stored name is random: nothing a user sent (name, extension) reaches the file system.
    return f"incubator/{uuid.uuid4().hex}.{instance.extension}"


class ImageFormat(models.TextChoices):
    JPEG = "JPEG", "JPEG"
    PNG = "PNG", "PNG"
    WEBP = "WEBP", "WebP"


_EXTENSIONS = {ImageFormat.JPEG: "jpg", ImageFormat.PNG: "png", ImageFormat.WEBP: "webp"}
_CONTENT_TYPES = {ImageFormat.JPEG: "image/jpeg", ImageFormat.PNG: "image/png", ImageFormat.WEBP: "image/webp"}


class _SanitisedImage(models.Model):
    """An uploaded picture after re-encoding (EXIF gone), in private storage, served by token only."""

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=incubator_image_path, storage=_private_storage, max_length=200)
    format = models.CharField(_("format"), max_length=8, choices=ImageFormat.choices)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveIntegerField(_("size bytes"))
    alt = models.CharField(_("alt"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True

    @property
    def extension(self) -> str:
        return _EXTENSIONS[ImageFormat(self.format)]

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[ImageFormat(self.format)]


class SubmissionImage(_SanitisedImage):
    """A prototype image of one revision (1–10 per revision)."""

    revision = models.ForeignKey(
        SubmissionRevision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="images"
    )

    class Meta:
        verbose_name = _("submission image")
        verbose_name_plural = _("submission images")
        ordering = ["revision_id", "position", "id"]

    def __str__(self) -> str:
        return f"image {self.token} of r{self.revision_id}"


class SubmissionTransition(models.Model):
    """One step of a submission's timeline: who moved it from which state to which, when, and why."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from state"), max_length=24, choices=SubmissionState.choices)
    to_state = models.CharField(_("to state"), max_length=24, choices=SubmissionState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revision_number = models.PositiveIntegerField(_("revision number"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("submission transition")
        verbose_name_plural = _("submission transitions")
        ordering = ["submission_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.submission_id}: {self.from_state} → {self.to_state}"


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    # Another museum declined first: this request needs no answer any more.
    CANCELLED = "cancelled", _("Cancelled")


class MuseumApproval(models.Model):
    """A museum's consent to the use of its relics in one revision of a design."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="approvals"
    )
    revision = models.ForeignKey(
        SubmissionRevision, verbose_name=_("revision"), on_delete=models.CASCADE, related_name="approvals"
    )
    museum = models.ForeignKey(
        Museum, verbose_name=_("museum"), on_delete=models.PROTECT, related_name="design_approvals"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING, db_index=True
    )
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("museum approval")
        verbose_name_plural = _("museum approvals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "museum"], name="museum_approval_once_per_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.museum.slug} on #{self.submission_id}: {self.status}"


class DesignAgreement(models.Model):
    """What the designer and the platform agreed when the museums approved: the designer rate and,
    through the catalogue design it created, the licence usages and their weights."""

    submission = models.OneToOneField(
        Submission, verbose_name=_("submission"), on_delete=models.PROTECT, related_name="agreement"
    )
    design = models.OneToOneField(Design, verbose_name=_("design"), on_delete=models.PROTECT, related_name="agreement")
    designer_rate_bp = models.PositiveIntegerField(_("designer rate bp"), validators=[MaxValueValidator(10_000)])
    agreed_at = models.DateTimeField(_("agreed at"), default=timezone.now)

    class Meta:
        verbose_name = _("design agreement")
        verbose_name_plural = _("design agreements")
        constraints = [
            models.CheckConstraint(condition=Q(designer_rate_bp__lte=10_000), name="agreement_rate_at_most_100pct"),
        ]

    def __str__(self) -> str:
        return f"agreement for #{self.submission_id} ({self.designer_rate_bp}bp)"


class SampleDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Sent back")


class SampleSubmission(models.Model):
    """Photos of the physical sample, and the curator's verdict on it."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="samples"
    )
    note = models.TextField(_("note"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=16, choices=SampleDecision.choices, default=SampleDecision.PENDING
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sample submission")
        verbose_name_plural = _("sample submissions")
        ordering = ["submission_id", "submitted_at", "id"]

    def __str__(self) -> str:
        return f"sample of #{self.submission_id}: {self.decision}"


class SampleImage(_SanitisedImage):
    sample = models.ForeignKey(
        SampleSubmission, verbose_name=_("sample"), on_delete=models.CASCADE, related_name="images"
    )

    class Meta:
        verbose_name = _("sample image")
        verbose_name_plural = _("sample images")
        ordering = ["sample_id", "position", "id"]

    def __str__(self) -> str:
        return f"sample image {self.token}"


class Notification(models.Model):
    """Something that happened to a person's work in the incubator; also sent by email (Celery)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=500)
    subject = models.CharField(_("subject"), max_length=255, blank=True, help_text=_("The email's subject, whole."))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # What caused it (``transition:<id>``): a reaction that runs twice notifies each person once.
    key = models.CharField(_("key"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notification_once_per_cause"
            ),
        ]

    def __str__(self) -> str:
        return f"to {self.user_id}: {self.text[:40]}"


from incubator.downloads import RelicImageDownload  # noqa: E402, F401 - its own module; Django finds models here
