"""Only worker/ maps events to tasks; the start-up check refuses an event nobody handles."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest
from django.core.management import call_command

from shop.core.events import events_declared
from worker.checks import outbox_subscriptions_check
from worker.subscriptions import SUBSCRIPTIONS, Subscriber

ROOT = Path(__file__).resolve().parents[2]


def _ids(errors) -> list[tuple[str, str]]:
    return [(error.id, error.msg) for error in errors]


def test_the_deployed_subscriptions_pass_the_start_up_check():
    assert outbox_subscriptions_check() == []
    call_command("check", stdout=io.StringIO())  # raises SystemCheckError on any error


def test_every_event_the_apps_publish_is_declared_and_subscribed():
    assert {"order.placed", "order.paid", "order.refunded", "payment.event_received", "notification.created"} <= set(
        events_declared()
    )
    assert set(events_declared()) == set(SUBSCRIPTIONS)


def test_an_event_without_subscriber_fails_the_check():
    table = {name: subs for name, subs in SUBSCRIPTIONS.items() if name != "order.paid"}
    assert _ids(outbox_subscriptions_check(subscriptions=table)) == [
        ("worker.E001", "Domain event 'order.paid' has no subscriber.")
    ]


def test_a_subscription_to_an_undeclared_event_or_unknown_task_fails_the_check():
    table = {
        **SUBSCRIPTIONS,
        "order.teleported": (Subscriber("worker.tasks.orders.order_email_task"),),
        "order.placed": (Subscriber("worker.tasks.orders.no_such_task"),),
        "order.paid": (Subscriber("worker.tasks.orders.order_email_task", {"order_id": 1}),),
    }
    assert sorted(error.id for error in outbox_subscriptions_check(subscriptions=table)) == [
        "worker.E002",
        "worker.E003",
        "worker.E004",
    ]


def _code_tokens(path: Path):
    """Names and strings that are code: docstrings (a string standing alone as a statement) and
    comments may mention tasks and the worker."""
    with path.open("rb") as source:
        tokens = [t for t in tokenize.tokenize(source.readline) if t.type not in (tokenize.COMMENT, tokenize.NL)]
    for index, token in enumerate(tokens):
        before = tokens[index - 1].type if index else None
        after = tokens[index + 1].type if index + 1 < len(tokens) else None
        standalone = before in (None, tokenize.ENCODING, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        if token.type == tokenize.STRING and standalone and after == tokenize.NEWLINE:
            continue
        if token.type in (tokenize.STRING, tokenize.NAME):
            yield token


@pytest.mark.parametrize("package", ["shop", "incubator"])
def test_no_app_names_a_task_or_the_worker(package):
    """Apps publish events; only worker/ knows task names."""
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        previous = None
        for token in _code_tokens(path):
            if token.type == tokenize.STRING and ("worker." in token.string or "_task" in token.string):
                offenders.append(f"{path.relative_to(ROOT)}:{token.start[0]} {token.string[:60]}")
            if token.type == tokenize.NAME and token.string == "worker" and previous in ("import", "from"):
                offenders.append(f"{path.relative_to(ROOT)}:{token.start[0]} imports worker")
            previous = token.string
    assert offenders == []


def test_the_readme_lists_every_event_and_the_table_behind_it():
    readme = (ROOT / "README.md").read_text()
    architecture = readme[readme.index("## Architecture") : readme.index("## Dependencies")]
    for name in SUBSCRIPTIONS:
        assert f"| `{name}` (" in architecture, f"README's Architecture section does not list {name}"
