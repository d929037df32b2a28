"""Forms of the finance pages."""

from decimal import Decimal

from django import forms


class SettlementPayoutForm(forms.Form):
    """A bank transfer finance made for one settlement line: the amount and the bank's reference."""

    line = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    amount = forms.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    reference = forms.CharField(max_length=120, strip=True)
