from enum import StrEnum


class Role(StrEnum):
    """Roles are Django groups of these names; ``shop.accounts.permissions`` checks them."""

    CUSTOMER = "customer"
    DESIGNER = "designer"
    CURATOR = "curator"
    MUSEUM_STAFF = "museum_staff"
    FINANCE = "finance"
