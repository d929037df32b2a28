"""Forms' shared pieces: how a refused service call shows on a form (the one place pages map
``ApplicationError``), and the fields for row ids posted by a form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from shop.core.errors import ApplicationError

# Primary keys are bigints: a larger number can name no row, and the database driver refuses it (a 500).
MAX_ROW_ID = 2**63 - 1


class RowIdField(forms.IntegerField):
    """A row's id posted by a page: a whole number the database can hold, else a form error."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ROW_ID)
        super().__init__(**kwargs)


class RowsField(forms.ModelMultipleChoiceField):
    """Rows chosen by id (checkboxes): an id no database can hold is a form error before any query (SQLite's
    driver raises OverflowError on it, a 500)."""

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a whole number: Django's own check refuses it
            if not -MAX_ROW_ID - 1 <= number <= MAX_ROW_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


def add_application_error(form: forms.Form, exc: ApplicationError) -> None:
    """Show every error of ``exc`` (``ValidationFailed`` holds several) on ``form``: each on its field when
    the form has that field, otherwise above the form."""
    for item in exc.errors:
        form.add_error(item.field if item.field in form.fields else None, item.message)
