"""The fields for row ids posted by pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from shop.collection.models import Licence
from shop.core.forms import RowsField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("pk", [str(2**63), str(10**23), str(-(10**20))])
def test_rows_field_refuses_an_id_no_database_can_hold_before_any_query(pk, django_assert_num_queries):
    """Found by the page fuzzer: SQLite's driver raised OverflowError on such an id (a 500 on the design form)."""
    field = RowsField(queryset=Licence.objects.all())

    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        field.clean([pk])

    assert refused.value.code == "invalid_pk_value"
