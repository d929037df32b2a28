"""How a refused service call shows on a Django form: the one place pages map ``ApplicationError``."""

from __future__ import annotations

from django import forms

from shop.core.errors import ApplicationError


def add_application_error(form: forms.Form, exc: ApplicationError) -> None:
    """Show every error of ``exc`` (``ValidationFailed`` holds several) on ``form``: each on its field when
    the form has that field, otherwise above the form."""
    for item in exc.errors:
        form.add_error(item.field if item.field in form.fields else None, item.message)
