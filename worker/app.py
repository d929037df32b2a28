"""The Celery app and its beat schedule. Configured from Django settings (``CELERY_*``)."""

import gc
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("bashu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["worker"], related_name="tasks")

app.conf.beat_schedule = {
    # Sweep what the on-commit nudge could not send (broker outage, crash between commit and send).
    "outbox-relay": {"task": "worker.tasks.outbox.outbox_relay_task", "schedule": 5.0},
    # Gateway events stored but still unprocessed after ten minutes (a task that gave up) are queued again.
    "payments-requeue-unprocessed-events": {
        "task": "worker.tasks.payments.payment_event_sweep_task",
        "schedule": crontab(minute="*/10"),
    },
    # Unpaid orders past ORDER_UNPAID_TTL_MINUTES give their stock back.
    "orders-expire-unpaid": {"task": "worker.tasks.orders.order_expire_unpaid_task", "schedule": crontab()},
    # Shipped parcels nobody confirmed are deemed delivered ORDER_AUTO_DELIVERED_DAYS after they left.
    "orders-deliver-due": {"task": "worker.tasks.orders.fulfillments_deliver_due_task", "schedule": crontab(minute=23)},
    "checkout-delete-stale": {
        "task": "worker.tasks.checkout.checkout_delete_stale_task",
        "schedule": crontab(hour=4, minute=17),
    },
    # Royalties (H6): close the ended month on the 1st (CELERY_TIMEZONE is Asia/Shanghai); reconcile daily.
    "royalties-close-month": {
        "task": "worker.tasks.royalties.royalty_period_close_task",
        "schedule": crontab(day_of_month=1, hour=2, minute=30),
    },
    # Designers with a connected Stripe account are paid for the month just closed (museums: by bank).
    "royalties-designer-transfers": {
        "task": "worker.tasks.royalties.royalty_designer_transfers_task",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
    "royalties-reconcile": {
        "task": "worker.tasks.royalties.royalty_reconcile_task",
        "schedule": crontab(hour=3, minute=5),
    },
    # Statements written in the background are deleted when their link expires.
    "royalties-expire-statement-exports": {
        "task": "worker.tasks.royalties.statement_export_expire_task",
        "schedule": crontab(minute=41),
    },
}


@worker_process_init.connect
def _freeze_startup_objects(**kwargs) -> None:
    """Each pool process, once started: what is alive now (Django, the tasks, their modules) goes to the
    garbage collector's permanent generation, so collections stop rescanning it (see ``config/wsgi.py``)."""
    gc.collect()
    gc.freeze()
