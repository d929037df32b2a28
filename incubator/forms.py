"""Portal forms: they only shape input; every rule lives in ``incubator.services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from incubator.models import Brief, BriefStatus, Submission
from incubator.selectors import licence_list_usable
from shop.accounts.models import User
from shop.catalog.models import Category
from shop.collection.models import Museum, RelicCategory

USAGE_ROWS = 4


class DesignerProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=120)
    bio = forms.CharField(label=_("About you"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
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

    field_order = ["email", "password", "display_name", "bio", "portfolio_url", "payout_details"]

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email already exists; sign in first."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class SubmissionForm(forms.Form):
    brief = forms.ModelChoiceField(
        label=_("Answering the brief"), queryset=Brief.objects.filter(status=BriefStatus.OPEN), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    category = forms.ModelChoiceField(label=_("Product category"), queryset=Category.objects.all(), required=False)
    materials = forms.CharField(label=_("Materials"), max_length=500, required=False)
    dimensions = forms.CharField(label=_("Dimensions"), max_length=200, required=False)
    proposed_retail_price = forms.DecimalField(
        label=_("Proposed retail price (¥)"), max_digits=12, decimal_places=2, required=False
    )
    estimated_unit_cost = forms.DecimalField(
        label=_("Estimated unit cost (¥)"), max_digits=12, decimal_places=2, required=False
    )

    def __init__(self, *args, with_brief: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_brief:
            del self.fields["brief"]
        for row in range(USAGE_ROWS):
            self.fields[f"licence_{row}"] = forms.ModelChoiceField(
                label=_("Licensed relic"), queryset=licence_list_usable(), required=False
            )
            self.fields[f"weight_{row}"] = forms.DecimalField(
                label=_("Share of the design (%)"), max_digits=5, decimal_places=2, required=False, min_value=0
            )

    def usages(self) -> list[tuple]:
        """(licence, weight in basis points) for each filled row."""
        result = []
        for row in range(USAGE_ROWS):
            licence = self.cleaned_data.get(f"licence_{row}")
            if licence is None:
                continue
            percent = self.cleaned_data.get(f"weight_{row}") or Decimal(0)
            result.append((licence, int(percent * 100)))
        return result


class ImageUploadForm(forms.Form):
    # A plain FileField: the content check is ours (incubator.uploads), not the browser's claim.
    image = forms.FileField(label=_("Prototype image (JPEG, PNG or WebP, up to 20 MB)"))
    alt = forms.CharField(label=_("Description of the image"), max_length=300, required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("APPROVE", _("Approve")),
            ("REQUEST_CHANGES", _("Request changes")),
            ("REJECT", _("Reject")),
        ],
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("APPROVE", _("Approve")), ("DECLINE", _("Decline"))])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SampleDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("ACCEPT", _("Accept")), ("RETURN", _("Send back"))])
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class LaunchForm(forms.Form):
    """The first variant of the launched product (more variants through GraphQL or the admin)."""

    sku = forms.CharField(label=_("SKU"), max_length=64)
    name = forms.CharField(label=_("Variant name"), max_length=120)
    price = forms.DecimalField(label=_("Price (¥, VAT included)"), max_digits=12, decimal_places=2)
    stock = forms.IntegerField(label=_("Stock"), min_value=0, max_value=1_000_000)
    slug = forms.SlugField(label=_("Address (slug)"), max_length=120, required=False)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=200, required=False)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LocalizedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


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
