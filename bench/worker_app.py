"""The shop's Celery app with the probe around every task (``celery -A bench.worker_app worker``)."""

from celery.signals import task_postrun, task_prerun, worker_process_shutdown, worker_shutdown

from worker.app import app

__all__ = ["app"]
_running: dict[str, object] = {}


@task_prerun.connect
def _task_started(task_id=None, task=None, **kwargs):
    from bench.probe import Measure

    measure = Measure(task.name.rsplit(".", 1)[-1])
    measure.__enter__()
    _running[task_id] = measure


@task_postrun.connect
def _task_finished(task_id=None, **kwargs):
    measure = _running.pop(task_id, None)
    if measure is not None:
        measure.__exit__(None, None, None)


@worker_process_shutdown.connect
@worker_shutdown.connect
def _flush(**kwargs):
    from bench import probe

    probe.flush()
