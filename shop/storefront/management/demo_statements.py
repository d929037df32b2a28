"""Demo data for statements and settlements: bank details for the demo designers, so the bank settlement of a
closed month asks transfers for them too (designers without a connected Stripe account are paid by bank)."""

from __future__ import annotations

from shop.accounts.models import User
from shop.royalties.models import DesignerBankAccount

DESIGNER_BANK_ACCOUNTS = {
    "designer@bashu.example": ("林玥", "中国建设银行成都高新支行", "6217003810000001234"),
    "chen.hao@bashu.example": ("陈昊", "招商银行重庆分行", "6225883020000005678"),
    "zhou.xiaoman@bashu.example": ("周小满", "中国银行成都锦江支行", "6216613100000009012"),
}


def demo_statements_seed() -> int:
    """Bank accounts for the demo designers that have none yet; returns how many were created (idempotent)."""
    created = 0
    for user in User.objects.filter(email__in=DESIGNER_BANK_ACCOUNTS):
        name, bank, number = DESIGNER_BANK_ACCOUNTS[user.email]
        _, made = DesignerBankAccount.objects.get_or_create(
            designer=user, defaults={"account_name": name, "bank_name": bank, "account_number": number}
        )
        created += made
    return created
