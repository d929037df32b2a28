"""Domain events: what an app announces when its state changes, for other parts to react to.

An app declares its events in its own ``events.py`` (``ORDER_PAID = DomainEvent("order.paid",
payload=("order_id",))``) and publishes them with :func:`shop.core.outbox.event_publish` inside the
transaction that makes the change. The publisher never knows who reacts: ``worker/subscriptions.py``
maps each event to the tasks that subscribe to it, and a system check refuses to start when a
declared event has no subscriber or a subscription names an event nobody declares.

An event is a name, a JSON payload of ids (and short plain values) and a key that makes publishing
it twice a no-op.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules

_NAME = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")
_DECLARED: dict[str, DomainEvent] = {}

PayloadValue = int | str | bool | None


@dataclass(frozen=True, slots=True)
class DomainEvent:
    """A declared event: ``name`` is ``<entity>.<past tense>``; ``payload`` lists its keys in order."""

    name: str
    payload: tuple[str, ...]
    doc: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"event names are <entity>.<what happened>, lower case: {self.name!r}")
        if not self.payload:
            raise ValueError(f"event {self.name} carries no ids")
        known = _DECLARED.get(self.name)
        if known is not None and known != self:
            raise ValueError(f"event {self.name} is declared twice with different payloads")
        _DECLARED[self.name] = self

    def clean_payload(self, payload: dict[str, PayloadValue]) -> dict[str, PayloadValue]:
        """The payload with exactly the declared keys and JSON scalar values; ValueError otherwise."""
        if set(payload) != set(self.payload):
            raise ValueError(f"{self.name} carries {sorted(self.payload)}, not {sorted(payload)}")
        for name, value in payload.items():
            if value is not None and not isinstance(value, int | str | bool):
                raise ValueError(f"{self.name}.{name} must be an id or a plain value, not {type(value).__name__}")
        return {name: payload[name] for name in self.payload}

    def default_key(self, payload: dict[str, PayloadValue]) -> str:
        """``order.paid:order_id=12``: one event per subject unless the publisher says otherwise."""
        return f"{self.name}:" + ",".join(f"{name}={payload[name]}" for name in self.payload)


def events_declared() -> dict[str, DomainEvent]:
    """Every event declared by an installed app (each app's ``events`` module is imported first)."""
    autodiscover_modules("events")
    return dict(_DECLARED)
