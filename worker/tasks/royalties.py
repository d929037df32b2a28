"""Royalty tasks: thin, take ids, call ``shop.royalties`` services; idempotent by the ledger's unique keys."""

import logging

from celery import shared_task

from shop.core.errors import ApplicationError
from shop.royalties import export_jobs, payouts, services
from shop.royalties.periods import period_parse
from worker.tasks.base import TASK_OPTIONS

logger = logging.getLogger(__name__)


@shared_task(name="worker.tasks.royalties.royalty_record_order_task", **TASK_OPTIONS)
def royalty_record_order_task(order_id: int) -> int:
    """Queued by ``order_mark_paid`` (outbox): the sale entries of every line; returns how many were new.

    A business refusal (order not paid, snapshot that cannot be split) is logged, not retried: the
    reconciliation lists the line until someone fixes the cause."""
    try:
        return services.royalty_record_order(order_id=order_id)
    except ApplicationError as exc:
        logger.error("royalties for order %s not recorded: %s (%s)", order_id, exc.message, exc.code)
        return 0


@shared_task(name="worker.tasks.royalties.royalty_record_refund_task", **TASK_OPTIONS)
def royalty_record_refund_task(refund_id: int) -> int:
    """Queued by ``order_refund`` (outbox): the reversals of a refund; returns how many were new."""
    try:
        return services.royalty_record_refund(refund_id=refund_id)
    except ApplicationError as exc:
        logger.error("reversals for refund %s not recorded: %s (%s)", refund_id, exc.message, exc.code)
        return 0


@shared_task(name="worker.tasks.royalties.royalty_period_close_task", **TASK_OPTIONS)
def royalty_period_close_task() -> list[str]:
    """Beat, monthly (1st, 02:30 Asia/Shanghai): close every ended month that is next in line."""
    return [f"{closed.period:%Y-%m}" for closed in services.royalty_period_close_due()]


@shared_task(name="worker.tasks.royalties.royalty_reconcile_task", **TASK_OPTIONS)
def royalty_reconcile_task(period: str | None = None) -> int:
    """Beat, daily: reconcile a period (default: the current and the previous month); returns the breaks."""
    periods = [period_parse(period)] if period else None
    return sum(len(run.breaks) for run in payouts.royalty_reconcile(periods=periods))


@shared_task(name="worker.tasks.royalties.royalty_designer_transfers_task", **TASK_OPTIONS)
def royalty_designer_transfers_task(period: str | None = None) -> int:
    """Beat, monthly (1st, 04:00 Asia/Shanghai, after the close): pay designers with a connected Stripe
    account their available balance, in the transfer group of ``period`` (default: the last closed month)."""
    return len(payouts.royalty_designer_transfers(period=period_parse(period) if period else None))


# A million-line statement takes about a minute (bench/royalties.py); the limits leave room for a busy machine.
EXPORT_LIMITS = {"time_limit": 1800, "soft_time_limit": 1750}


@shared_task(name="worker.tasks.royalties.statement_export_task", **{**TASK_OPTIONS, **EXPORT_LIMITS})
def statement_export_task(export_id: str) -> int:
    """On ``statement_export.requested``: write the statement into the private storage; returns its size."""
    job = export_jobs.statement_export_run(export_id=export_id)
    return job.size_bytes if job is not None else 0


@shared_task(name="worker.tasks.royalties.statement_export_email_task", **TASK_OPTIONS)
def statement_export_email_task(export_id: str) -> bool:
    """On ``statement_export.ready``: email whoever asked, once, in their language."""
    return export_jobs.statement_export_email(export_id=export_id)


@shared_task(name="worker.tasks.royalties.statement_export_expire_task", **TASK_OPTIONS)
def statement_export_expire_task() -> int:
    """Beat, hourly: delete background statements past ``ROYALTY_EXPORT_TTL_HOURS``."""
    return export_jobs.statement_export_expire_due()
