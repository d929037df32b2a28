"""GraphQL types of accounts: the accounts' error type (``me`` is in ``config/schema_user.py``)."""

from __future__ import annotations

from shop.accounts.errors import AccountErrorCode
from shop.core.graphql.errors import error_type

AccountError = error_type("AccountError", AccountErrorCode)
