"""The booking catalogue: a per-process copy of what every booking check reads and staff
seldom change — the spaces with their hub and feature codes, the space hierarchy, each space's effective
booking rules, the blocked periods and the opening hours (weekly rules and exceptions).

Each use asks the database one question, "is the change stamp still the one I copied
under?" (`torget.core.stamps`), and reloads when it is not. Signal handlers (`signals.py`)
bump the stamp in the same transaction as any change (raw saves from fixtures included) to a hub, a space, a booking policy,
a blocked period or opening hours, so every process sees a change as soon as it is committed — and a
transaction that changed the data sees its own change. Writes that bypass signals
(`QuerySet.update`, raw SQL) must call `catalogue_changed()`.

Why: a booking's checks used to load these rows with four ORM queries per request, and
building those queries cost more than running them (docs/benchmarks.md).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from torget.booking import rules
from torget.booking.models import BlockedPeriod
from torget.booking.units import Hierarchy
from torget.core.stamps import stamp_bump, stamp_read
from torget.places.hours import HoursCalendar
from torget.places.models import Hub, OpeningException, OpeningHoursRule, Space, SpaceFeature

STAMP = "booking.catalogue"
# Blocked periods that ended this long before the copy was made are left out of it; a
# question about earlier times goes to the database.
BLOCKS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Block:
    start: datetime
    end: datetime
    reason: str
    space_ids: frozenset[int]


@dataclass(frozen=True)
class Catalogue:
    token: str | None
    spaces: dict[int, Space]  # every space, its hub, parent and feature codes loaded
    hierarchy: Hierarchy  # across all hubs (a space's relatives are always in its own hub)
    policies: dict[int, rules.Policy]
    blocks: tuple[Block, ...]  # those ending after blocks_from, by start
    blocks_from: datetime
    hours_rules: list[OpeningHoursRule]  # every weekly rule
    exceptions: list[OpeningException]  # those on or after exceptions_from
    exceptions_from: date

    def hours(self, hubs: list[Hub], start: date, end: date) -> HoursCalendar:
        """The opening hours of these hubs from `start` to `end` (local dates)."""
        if start < self.exceptions_from:
            return HoursCalendar(hubs, start, end)
        return HoursCalendar(hubs, start, end, known=(self.hours_rules, self.exceptions))

    def space(self, space_id: int) -> Space | None:
        return self.spaces.get(space_id)

    def blocks_over(self, space_ids: list[int], start: datetime, end: datetime) -> list[Block]:
        """Blocked periods overlapping [start, end) on any of these spaces."""
        if start < self.blocks_from:
            return _blocks_from_database(space_ids, start, end)
        wanted = set(space_ids)
        return [
            b
            for b in self.blocks
            if b.start < end and b.end > start and not wanted.isdisjoint(b.space_ids)
        ]


_current: Catalogue | None = None
_building = threading.Lock()


def catalogue(*, checked: bool = True) -> Catalogue:
    """The current catalogue: this process's copy when its stamp still holds, else a fresh
    load (kept for the next caller unless the database has no stamp).

    `checked=False` takes this process's copy without asking (when there is one): for
    resolving an id before a service call that takes the checked catalogue itself."""
    global _current
    copy = _current
    if not checked and copy is not None:
        return copy
    token = stamp_read(STAMP)
    if token is not None and copy is not None and copy.token == token:
        return copy
    with _building:  # one thread loads; the others wait for it rather than load too
        copy = _current
        if token is not None and copy is not None and copy.token == token:
            return copy
        fresh = _load(token)
        if token is not None:
            _current = fresh
        return fresh


class SharedCopyWritten(RuntimeError):
    """A caller tried to save a space or hub object the catalogue shares between requests:
    a programming error (read it, copy it, or load the row to change it)."""


def is_shared_copy(instance) -> bool:
    return getattr(instance, "_catalogue_copy", False)


def catalogue_changed() -> None:
    """Call inside the transaction of a change that bypasses model signals."""
    stamp_bump(STAMP)


def _load(token: str | None) -> Catalogue:
    # Read after the stamp: the data is at least as new as the token it is filed under.
    spaces = {s.pk: s for s in Space.objects.select_related("hub").order_by()}
    for space in spaces.values():
        # Shared by every request of this process until the stamp moves: read-only
        # (signals.py refuses to save one).
        space._catalogue_copy = space.hub._catalogue_copy = True  # type: ignore[attr-defined]
        space.known_feature_codes = []  # type: ignore[attr-defined]
        if space.parent_id is not None:
            space.parent = spaces[space.parent_id]  # the copy's own: no query for it later
    for space_id, code in SpaceFeature.objects.order_by("code").values_list("space_id", "code"):
        # A space committed between the two reads is not in this copy: the stamp read
        # before them has moved on, so the next use loads again.
        if space_id in spaces:
            spaces[space_id].known_feature_codes.append(code)  # type: ignore[attr-defined]
    hierarchy = Hierarchy.of((pk, s.parent_id) for pk, s in spaces.items())
    policies = rules.policies_for(list(spaces.values()))
    blocks_from = timezone.now() - BLOCKS_KEPT
    blocks = tuple(
        Block(
            start=b.start,
            end=b.end,
            reason=b.reason,
            space_ids=frozenset(s.pk for s in b.spaces.all()),
        )
        for b in BlockedPeriod.objects.filter(end__gt=blocks_from)
        .prefetch_related("spaces")
        .order_by("start", "pk")
    )
    exceptions_from = timezone.localdate(blocks_from) - timedelta(days=1)
    return Catalogue(
        token=token,
        spaces=spaces,
        hierarchy=hierarchy,
        policies=policies,
        blocks=blocks,
        blocks_from=blocks_from,
        hours_rules=list(OpeningHoursRule.objects.order_by("pk")),
        exceptions=list(OpeningException.objects.filter(date__gte=exceptions_from).order_by("pk")),
        exceptions_from=exceptions_from,
    )


def _blocks_from_database(space_ids: list[int], start: datetime, end: datetime) -> list[Block]:
    return [
        Block(start=b.start, end=b.end, reason=b.reason, space_ids=frozenset(space_ids))
        for b in BlockedPeriod.objects.filter(
            start__lt=end, end__gt=start, spaces__in=space_ids
        ).distinct()
    ]
