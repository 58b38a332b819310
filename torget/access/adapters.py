"""Door systems behind one interface. Online by default: the lock asks Torget's check
(`services.door_check`) when someone presents a card or code, and opens on its answer.
`grant` and `revoke` tell a lock system that caches offline which opaque grant opens which
doors when; `remote_open` opens a door now (staff); `entry_events` are what the lock
reports on its own (a door forced, held open).

Only opaque ids ever cross this line: a grant's `ref`, the doors' `external_id`s and time
windows — never a name, a phone number, a card number or a code (a test inspects every
payload the fake receives).

Implementations: `FakeDoor` (development, tests and the demo keypad), and
`webhook.WebhookDoor` for a real lock bridge (signed requests, idempotent by event id,
retried by the worker): every door system named in `TORGET_ACCESS_BRIDGES` is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class GrantPayload:
    grant_ref: str
    door_ids: tuple[str, ...]  # the doors' ids in the door system
    windows: tuple[tuple[datetime, datetime], ...]  # when it opens them (UTC)


@dataclass(frozen=True)
class EntryEvent:
    door_id: str
    at: datetime
    event: str  # "opened", "forced", "held_open"


class DoorAdapter(Protocol):
    key: str

    def grant(self, payload: GrantPayload) -> None: ...

    def revoke(self, grant_ref: str, door_ids: tuple[str, ...]) -> None: ...

    def remote_open(self, door_id: str, *, event_id: str = "") -> None: ...

    def entry_events(self) -> list[EntryEvent]: ...


@dataclass
class FakeDoor:
    """Remembers what it was sent, and which doors were opened remotely. Nothing leaves."""

    key: str = "fake"
    sent: list[tuple[str, Any]] = field(default_factory=list)
    events: list[EntryEvent] = field(default_factory=list)

    def grant(self, payload: GrantPayload) -> None:
        self.sent.append(("grant", payload))

    def revoke(self, grant_ref: str, door_ids: tuple[str, ...]) -> None:
        self.sent.append(("revoke", (grant_ref, door_ids)))

    def remote_open(self, door_id: str, *, event_id: str = "") -> None:
        self.sent.append(("remote_open", door_id))

    def entry_events(self) -> list[EntryEvent]:
        found, self.events = self.events, []
        return found


ADAPTERS: dict[str, DoorAdapter] = {"fake": FakeDoor()}


def adapter_for(system: str) -> DoorAdapter | None:
    """The adapter registered under `system`, else the lock bridge of that name in
    TORGET_ACCESS_BRIDGES, else None (a door with no system yet: nothing is sent)."""
    found = ADAPTERS.get(system)
    if found is not None:
        return found
    from torget.access.webhook import webhook_for

    return webhook_for(system)


def register_adapter(adapter: DoorAdapter) -> None:
    ADAPTERS[adapter.key] = adapter
