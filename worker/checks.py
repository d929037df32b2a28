"""Start-up checks: every declared domain event has a subscriber, and every subscription is sound."""

from __future__ import annotations

from django.core.checks import Error

from shop.core.events import events_declared


def outbox_subscriptions_check(app_configs=None, subscriptions=None, **kwargs) -> list[Error]:
    """``worker.E001``–``E004``; ``subscriptions`` defaults to the deployed table (tests pass others)."""
    import worker.tasks  # noqa: F401 - registers every task (not import_default_modules: Celery's

    # Django fixup runs the system checks from it, which would recurse)
    from worker.app import app
    from worker.subscriptions import SUBSCRIPTIONS

    subscriptions = SUBSCRIPTIONS if subscriptions is None else subscriptions
    declared = events_declared()
    errors = []
    for name in sorted(set(declared) - {n for n, subs in subscriptions.items() if subs}):
        errors.append(
            Error(
                f"Domain event {name!r} has no subscriber.",
                hint="Add the tasks that react to it to worker/subscriptions.py, or stop declaring it.",
                id="worker.E001",
            )
        )
    for name, subs in sorted(subscriptions.items()):
        if name not in declared:
            errors.append(Error(f"Subscriptions name {name!r}, which no app declares.", id="worker.E002"))
            continue
        for subscriber in subs:
            if subscriber.task_name not in app.tasks:
                errors.append(
                    Error(f"{name!r} subscribes the unknown task {subscriber.task_name!r}.", id="worker.E003")
                )
            clash = set(subscriber.kwargs) & set(declared[name].payload)
            if clash:
                errors.append(
                    Error(
                        f"{subscriber.task_name!r}'s fixed arguments {sorted(clash)} clash with {name!r}'s payload.",
                        id="worker.E004",
                    )
                )
    return errors
