"""The one mapping of Django validation to ``ApplicationError``, and of ``ApplicationError`` to form errors."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError

from shop.catalog.models import Category
from shop.core.errors import (
    ApplicationError,
    ErrorCode,
    ValidationFailed,
    application_error_from_validation,
    full_clean_or_refuse,
)
from shop.core.forms import add_application_error


def test_validation_keeps_every_message_on_its_field():
    exc = ValidationError(
        {
            "slug": [ValidationError("Taken.", code="unique")],
            "name_en": [ValidationError("Too long.", code="max_length"), ValidationError("Bad.", code="invalid")],
            "__all__": [ValidationError("Inconsistent.", code="invalid")],
        }
    )
    error = application_error_from_validation(exc)
    assert isinstance(error, ValidationFailed)
    assert [(e.field, e.code, e.message) for e in error.errors] == [
        ("slug", ErrorCode.UNIQUE, "Taken."),
        ("name_en", ErrorCode.INVALID, "Too long."),
        ("name_en", ErrorCode.INVALID, "Bad."),
        (None, ErrorCode.INVALID, "Inconsistent."),
    ]


def test_validation_fills_in_message_params_and_takes_a_plain_error():
    error = application_error_from_validation(ValidationError("At most %(n)s.", code="max", params={"n": 3}))
    assert not isinstance(error, ValidationFailed)
    assert (error.field, error.code, error.message) == (None, ErrorCode.INVALID, "At most 3.")


@pytest.mark.django_db
def test_full_clean_or_refuse_reports_a_taken_slug_as_unique():
    Category.objects.create(slug="bronze", name_en="Bronze", name_zh="青铜")
    with pytest.raises(ApplicationError) as caught:
        full_clean_or_refuse(Category(slug="bronze", name_en="Bronze again", name_zh="青铜"))
    assert [(e.field, e.code) for e in caught.value.errors] == [("slug", ErrorCode.UNIQUE)]


class _Form(forms.Form):
    amount = forms.CharField()
    reference = forms.CharField()


def test_form_shows_every_error_of_a_refusal():
    form = _Form(data={"amount": "1", "reference": "x"})
    assert form.is_valid()
    add_application_error(
        form,
        ValidationFailed(
            [
                ApplicationError("Too much.", field="amount"),
                ApplicationError("Already used.", field="reference"),
                ApplicationError("Not on this form.", field="payee"),
                ApplicationError("Whole refusal."),
            ]
        ),
    )
    assert form.errors["amount"] == ["Too much."]
    assert form.errors["reference"] == ["Already used."]
    assert form.non_field_errors() == ["Not on this form.", "Whole refusal."]
