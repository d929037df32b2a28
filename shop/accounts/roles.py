from enum import StrEnum


class Role(StrEnum):
    """Roles are Django groups of these names; ``shop.accounts.permissions`` checks them."""

    CUSTOMER = "customer"
    DESIGNER = "designer"
    CURATOR = "curator"
    MUSEUM_STAFF = "museum_staff"
    FINANCE = "finance"
    OPERATIONS = "operations"


def _model_permissions(app_label: str, models: str, actions: str = "view") -> tuple[str, ...]:
    return tuple(f"{app_label}.{action}_{model}" for model in models.split() for action in actions.split())


# What each staff role may do in the Django admin ("app_label.codename"). Staff roles sign in to the admin
# (``is_staff``); shoppers and designers use the pages and GraphQL, museum staff their portal. Ledger models
# are read-only in the admin whatever the permission: only services write them. Operations has no admin
# access: everything it does (shipping, returns, refunds, stock with its movement history) goes through the
# services from /ops/, and the admin would offer stock edits that bypass that history.
ADMIN_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CURATOR: (
        *_model_permissions(
            "catalog", "category design designlicenceusage product productimage productvariant stock", "view add change"
        ),
        *_model_permissions("collection", "museum relic relicimage licence licensorshare"),
        *_model_permissions(
            "incubator",
            "designerprofile brief submission submissionrevision revisionlicenceusage submissiontransition "
            "museumapproval designagreement samplesubmission relicimagedownload",
        ),
        *_model_permissions("incubator", "brief", "add change"),
        *_model_permissions("orders", "order orderline fulfillment fulfillmentline returnrequest returnline"),
        *_model_permissions("catalog", "stockmovement"),
    ),
    Role.FINANCE: (
        *_model_permissions(
            "royalties",
            "royaltyentry royaltyperiod royaltystatement royaltyreconciliation royaltysettlement royaltysettlementline",
        ),
        *_model_permissions(
            "royalties", "museumbankaccount designerbankaccount designerpayoutaccount", "view add change"
        ),
        *_model_permissions(
            "orders", "order orderline refund refundline fulfillment fulfillmentline returnrequest returnline"
        ),
        *_model_permissions("payments", "payment paymentevent"),
        *_model_permissions("collection", "museum"),
    ),
}
