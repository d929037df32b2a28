"""Forms of the finance pages."""

from decimal import Decimal

from django import forms

from shop.core.forms import RowIdField


class SettlementPayoutForm(forms.Form):
    """A bank transfer finance made for one settlement line: the amount and the bank's reference."""

    line = RowIdField(widget=forms.HiddenInput)
    amount = forms.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    reference = forms.CharField(max_length=120, strip=True)
