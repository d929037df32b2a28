"""Portal forms: they only shape input; every rule lives in ``incubator.services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import password_validation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from incubator.models import Brief, BriefStatus, Submission
from incubator.selectors import licence_list_usable
from shop.accounts.models import User
from shop.catalog.models import Category
from shop.collection.models import Licence, Museum, RelicCategory
from shop.core.forms import RowsField


class LocalizedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class DesignerProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=120)
    display_name_zh = forms.CharField(label=_("Chinese display name"), max_length=120, required=False)
    bio = forms.CharField(label=_("About you"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    bio_zh = forms.CharField(label=_("About you (Chinese)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    avatar = forms.FileField(label=_("Portrait (JPEG, PNG or WebP)"), required=False)
    portfolio_url = forms.URLField(label=_("Portfolio link"), required=False, assume_scheme="https")
    payout_details = forms.CharField(
        label=_("Payout details"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Bank or Alipay account for royalty payouts; only finance staff see it."),
    )


class DesignerSignupForm(DesignerProfileForm):
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    field_order = ["email", "password", "display_name", "display_name_zh", "bio", "bio_zh", "portfolio_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sign-up asks only what a first visit needs; the portrait and payout details come later, in the profile.
        del self.fields["avatar"]
        del self.fields["payout_details"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email already exists; sign in first."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files in one input. Only their presence is checked here: the content check is ours
    (``incubator.uploads``), not the browser's claim."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleImageField, self).clean(file, initial) for file in files]


class SubmissionForm(forms.Form):
    """The whole submission in one form: the words, the category and price, the relics with their shares of the
    design (``usages`` and a ``weight_<licence id>`` percentage each), the images to add and those to remove."""

    brief = forms.ModelChoiceField(
        label=_("Answering the brief"), queryset=Brief.objects.filter(status=BriefStatus.OPEN), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    category = LocalizedChoiceField(
        label=_("Product category"), queryset=Category.objects.all(), required=False, empty_label=_("Choose…")
    )
    materials = forms.CharField(label=_("Materials"), max_length=500, required=False)
    dimensions = forms.CharField(label=_("Dimensions"), max_length=200, required=False)
    proposed_retail_price = forms.DecimalField(
        label=_("Proposed retail price (¥)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    estimated_unit_cost = forms.DecimalField(
        label=_("Estimated unit cost (¥)"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    usages = RowsField(
        label=_("Relics"), queryset=Licence.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    images = MultipleImageField(label=_("Prototype images"), required=False)
    remove_images = forms.MultipleChoiceField(label=_("Remove"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, with_brief: bool = True, existing_images=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not with_brief:
            del self.fields["brief"]
        self.fields["usages"].queryset = licence_list_usable()
        self.existing_images = list(existing_images)
        self.fields["remove_images"].choices = [(str(image.token), str(image.token)) for image in self.existing_images]

    def weight_of(self, licence) -> str:
        """The percentage shown beside a relic: what was sent, else what is saved."""
        if self.is_bound:
            return self.data.get(f"weight_{licence.pk}", "")
        return (self.initial.get("weights") or {}).get(licence.pk, "")

    def clean(self):
        data = super().clean()
        weights = []
        for licence in data.get("usages") or []:
            raw = (self.data.get(f"weight_{licence.pk}") or "").strip() or ("100" if len(data["usages"]) == 1 else "")
            try:
                percent = Decimal(raw)
            except ArithmeticError:
                percent = None
            if percent is None or not percent.is_finite() or percent <= 0 or percent > 100:
                self.add_error("usages", _("Give each chosen relic its share of the design, in percent."))
                return data
            basis_points = percent * 100
            if basis_points != basis_points.to_integral_value():
                self.add_error("usages", _("Shares have at most two decimals."))
                return data
            weights.append((licence, int(basis_points)))
        if weights and sum(bp for _, bp in weights) != 10_000:
            self.add_error("usages", _("The shares of the relics must add up to 100%."))
        data["weighted_usages"] = weights
        return data

    def usages_with_weights(self) -> list[tuple]:
        """(licence, weight in basis points) for each chosen relic."""
        return self.cleaned_data.get("weighted_usages", [])


class ImageUploadForm(forms.Form):
    # A plain FileField: the content check is ours (incubator.uploads), not the browser's claim.
    image = forms.FileField(label=_("Prototype image (JPEG, PNG or WebP, up to 20 MB)"))
    alt = forms.CharField(label=_("Description of the image"), max_length=300, required=False)


REVIEW_LABELS = {"APPROVE": _("Approve"), "REQUEST_CHANGES": _("Request changes"), "REJECT": _("Reject")}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, decisions=("APPROVE", "REQUEST_CHANGES", "REJECT"), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(decision, REVIEW_LABELS[decision]) for decision in decisions]


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("APPROVE", _("Approve")), ("DECLINE", _("Decline"))])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SampleDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("ACCEPT", _("Accept")), ("RETURN", _("Send back"))])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class LaunchForm(forms.Form):
    """The product a launch makes, in both languages, and its first variant (more through GraphQL or the
    admin). Prefilled from the submission: its title, description and proposed price."""

    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200)
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_zh = forms.CharField(
        label=_("Description (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    slug = forms.SlugField(label=_("Address (slug)"), max_length=120, required=False)
    sku = forms.CharField(label=_("SKU"), max_length=64)
    name = forms.CharField(label=_("Variant name (English)"), max_length=120)
    variant_name_zh = forms.CharField(label=_("Variant name (Chinese)"), max_length=120)
    price = forms.DecimalField(label=_("Price (¥, VAT included)"), max_digits=12, decimal_places=2)
    stock = forms.IntegerField(label=_("Stock"), min_value=0, max_value=1_000_000)

    @staticmethod
    def initial_for(submission) -> dict:
        revision = submission.current_revision
        base = slugify(revision.title)[:40] or "design"
        return {
            "name_en": revision.title,
            "description_en": revision.description,
            "slug": f"{base}-{submission.pk}",
            "sku": f"{base.upper()[:24]}-{submission.pk}",
            "name": "Standard",
            "variant_name_zh": "标准款",
            "price": revision.proposed_retail_price,
            "stock": 0,
        }


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class RelicLibraryFilterForm(forms.Form):
    """The relic library's filters (GET). A bad value is a form error; the valid ones still filter."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    museum = LocalizedChoiceField(
        label=_("Museum"),
        queryset=Museum.objects.order_by("id"),
        to_field_name="slug",
        required=False,
        empty_label=_("All museums"),
    )
    category = forms.ChoiceField(label=_("Relic type"), required=False)
    period = forms.ChoiceField(label=_("Period"), required=False)
    product_category = LocalizedChoiceField(
        label=_("Licensed for"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any product"),
    )

    def __init__(self, *args, periods: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All types")), *RelicCategory.choices]
        self.fields["period"].choices = [("", _("All periods")), *((period, period) for period in periods)]

    def filters(self) -> dict:
        """The valid filters, as ``selectors.relic_library`` takes them."""
        data = getattr(self, "cleaned_data", {})
        museum, product = data.get("museum"), data.get("product_category")
        return {
            "search": data.get("q") or "",
            "museum": museum.slug if museum else "",
            "category": data.get("category") or "",
            "period": data.get("period") or "",
            "product_category": product.slug if product else "",
        }


class RelicDownloadForm(forms.Form):
    """Why a designer downloads a relic original: one of their submissions that uses it, and a note."""

    submission = forms.ModelChoiceField(label=_("For the submission"), queryset=Submission.objects.none())
    purpose = forms.CharField(label=_("What you will use it for"), max_length=300, required=False)

    def __init__(self, *args, submissions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if submissions is not None:
            self.fields["submission"].queryset = submissions
        self.fields["submission"].label_from_instance = lambda submission: submission.current_revision.title
