from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shop.checkout.regions import PROVINCES
from shop.core.forms import RowIdField


class CartAddForm(forms.Form):
    variant = RowIdField(error_messages={"required": _("Choose an option.")})
    quantity = forms.IntegerField(min_value=1, max_value=10_000, initial=1)

    def clean_quantity(self) -> int:
        quantity = self.cleaned_data["quantity"]
        if quantity > settings.CHECKOUT_MAX_LINE_QUANTITY:
            raise forms.ValidationError(
                _("At most %(cap)d of one item per order.") % {"cap": settings.CHECKOUT_MAX_LINE_QUANTITY}
            )
        return quantity


class CartLineForm(forms.Form):
    variant = RowIdField()
    quantity = forms.IntegerField(min_value=0, max_value=10_000)


def _province_choices(language: str) -> list[tuple[str, str]]:
    zh = language.startswith("zh")
    return [("", _("Choose…"))] + [
        (name_zh, name_zh if zh else f"{name_en} {name_zh}") for name_zh, name_en in PROVINCES
    ]


class CheckoutForm(forms.Form):
    """Contact and a mainland-China address; the rules themselves live in the checkout services."""

    email = forms.EmailField(label=_("Email"), max_length=254)
    full_name = forms.CharField(label=_("Recipient's name"), max_length=120)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "138 0000 0000"}),
    )
    province = forms.ChoiceField(label=_("Province"), choices=())
    city = forms.CharField(label=_("City"), max_length=64)
    district = forms.CharField(label=_("District / county"), max_length=64)
    street_address = forms.CharField(label=_("Street address"), max_length=255)
    postal_code = forms.CharField(
        label=_("Postcode"), max_length=16, required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )

    def __init__(self, *args, language: str = "en", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = _province_choices(language)


class OrderLookupForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=20)
    email = forms.EmailField(label=_("Email used for the order"))
