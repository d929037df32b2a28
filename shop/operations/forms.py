"""Forms of the back office. They check shapes (numbers, dates, lengths); the rules are the services'."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.catalog.services import STOCK_ADJUST_REASONS
from shop.orders.carriers import CARRIER_CHOICES
from shop.orders.models import OrderStatus

PAGE_SIZES = (25, 50, 100)
# Statuses plus the three queues the back office works from.
STATUS_CHOICES = [
    ("", _("All")),
    ("to_ship", _("To ship")),
    ("returns_open", _("Returns to handle")),
    ("payment_issues", _("Payment issues")),
    *OrderStatus.choices,
]
SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("paid_newest", _("Paid most recently")),
    ("paid_oldest", _("Paid longest ago")),
    ("total_high", _("Highest total")),
    ("total_low", _("Lowest total")),
]


class OrderListForm(forms.Form):
    """The order list's filters (GET). Invalid values are shown as errors and left out of the filter."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    museum = forms.ChoiceField(label=_("Museum"), required=False)
    sku = forms.CharField(label=_("Product or SKU"), required=False, max_length=64)
    paid_from = forms.DateField(label=_("Paid from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    paid_to = forms.DateField(label=_("Paid until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)
    per = forms.TypedChoiceField(
        label=_("Per page"), choices=[(n, n) for n in PAGE_SIZES], coerce=int, required=False, empty_value=PAGE_SIZES[0]
    )

    def __init__(self, *args, museums=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["museum"].choices = [("", _("Any museum")), *((m.slug, m.name) for m in museums)]

    def clean(self):
        data = super().clean()
        if data.get("paid_from") and data.get("paid_to") and data["paid_from"] > data["paid_to"]:
            self.add_error("paid_to", _("The end comes before the start."))
        return data


class ShipForm(forms.Form):
    """A parcel: a quantity per line still to ship (0: not in this parcel), carrier, tracking number."""

    carrier = forms.ChoiceField(label=_("Carrier"), choices=CARRIER_CHOICES)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60)
    notify_customer = forms.BooleanField(label=_("Email the customer"), required=False, initial=True)

    def __init__(self, *args, lines=(), to_ship: dict[int, int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        to_ship = to_ship or {}
        self.line_fields = []
        for line in lines:
            units = to_ship.get(line.pk, 0)
            if not units:
                continue
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(min_value=0, max_value=units, initial=units, required=False)
            self.line_fields.append((line, units, name))

    def line_quantities(self) -> list[tuple[int, int]]:
        return [
            (line.pk, self.cleaned_data.get(name) or 0)
            for line, _, name in self.line_fields
            if self.cleaned_data.get(name)
        ]


class TrackingForm(forms.Form):
    carrier = forms.ChoiceField(label=_("Carrier"), choices=CARRIER_CHOICES)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60)
    notify_customer = forms.BooleanField(label=_("Email the customer"), required=False, initial=True)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Staff note"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=255, required=False)


class RefundForm(forms.Form):
    """Units to refund per line, a reason, and the one-time key that makes a double submission harmless."""

    reason = forms.CharField(label=_("Reason"), max_length=255)
    key = forms.UUIDField(widget=forms.HiddenInput)
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, lines=(), refundable: dict[int, int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())
        refundable = refundable or {}
        self.line_fields = []
        for line in lines:
            units = refundable.get(line.pk, 0)
            if not units:
                continue
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(min_value=0, max_value=units, initial=0, required=False)
            self.line_fields.append((line, units, name))

    def line_quantities(self) -> list[tuple[int, int]]:
        return [
            (line.pk, self.cleaned_data.get(name) or 0)
            for line, _, name in self.line_fields
            if self.cleaned_data.get(name)
        ]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    comment = forms.CharField(label=_("Comment for the customer"), max_length=500, required=False)


class ReceiveForm(forms.Form):
    """What came back of each line of a return, and whether it goes back on sale."""

    def __init__(self, *args, return_lines=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.line_fields = []
        for line in return_lines:
            quantity = f"qty_{line.order_line_id}"
            restock = f"restock_{line.order_line_id}"
            self.fields[quantity] = forms.IntegerField(min_value=0, max_value=line.quantity, initial=line.quantity)
            self.fields[restock] = forms.BooleanField(required=False, initial=True)
            self.line_fields.append((line, quantity, restock))

    def received(self) -> list[tuple[int, int, bool]]:
        return [
            (line.order_line_id, self.cleaned_data.get(quantity) or 0, bool(self.cleaned_data.get(restock)))
            for line, quantity, restock in self.line_fields
        ]


class ManifestForm(forms.Form):
    file = forms.FileField(label=_("Courier manifest (CSV)"), required=False)
    text = forms.CharField(widget=forms.HiddenInput, required=False)


class StockAdjustForm(forms.Form):
    delta = forms.IntegerField(label=_("Change (units; negative takes away)"))
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[(reason.value, reason.label) for reason in STOCK_ADJUST_REASONS]
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class StockThresholdForm(forms.Form):
    threshold = forms.IntegerField(label=_("Low at (units available)"), min_value=0, max_value=100_000)


class StockSearchForm(forms.Form):
    q = forms.CharField(label=_("SKU or product"), required=False, max_length=64)
    low = forms.BooleanField(label=_("Low stock only"), required=False)
