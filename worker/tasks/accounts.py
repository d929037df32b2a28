from celery import shared_task

from shop.accounts.services import account_registration_attempted_email_send
from worker.tasks.base import TASK_OPTIONS


@shared_task(name="worker.tasks.accounts.account_registration_attempted_task", **TASK_OPTIONS)
def account_registration_attempted_task(user_id: int) -> bool:
    """Tell the owner of an email that someone tried to register it (at most once a day: the event's key)."""
    return account_registration_attempted_email_send(user_id=user_id)
