from __future__ import annotations

from graphql_relay import from_global_id

from shop.core.errors import ApplicationError, ErrorCode
from shop.core.forms import MAX_ROW_ID


def decode_global_id(global_id: str, *, expected_type: str, field: str = "id") -> int:
    """The integer pk behind a Relay id of ``expected_type``; malformed ids are an INVALID error."""
    try:
        type_name, raw_pk = from_global_id(global_id)
        pk = int(raw_pk)
    except (TypeError, ValueError, UnicodeDecodeError):
        raise ApplicationError(f"“{global_id}” is not a valid id.", code=ErrorCode.INVALID, field=field) from None
    if type_name != expected_type or not 0 < pk <= MAX_ROW_ID:
        raise ApplicationError(f"“{global_id}” is not a {expected_type} id.", code=ErrorCode.INVALID, field=field)
    return pk
