"""The booking catalogue: a per-process copy of what every booking check reads and staff
seldom change, on top of the places directory (`torget.places.directory`: spaces with their
hub and feature codes, opening hours) — the space hierarchy, each space's effective booking
rules and the blocked periods.

Each use asks the database one question for both stamps, "are they still the ones I copied
under?" (`torget.core.stamps`), and reloads what changed. Signal handlers (`signals.py`
here, `places/signals.py`) bump a stamp in the same transaction as any change to a booking
policy or a blocked period (here) or to a hub, a space or opening hours (places), raw saves
from fixtures included, so every process sees a change as soon as it is committed — and a
transaction that changed the data sees its own change. Writes that bypass signals
(`QuerySet.update`, raw SQL) must call `catalogue_changed()` (or places'
`directory_changed()`).

Why: a booking's checks used to load these rows with four ORM queries per request
(docs/decisions/0003-booking-catalogue.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from torget.booking import rules
from torget.booking.models import BlockedPeriod
from torget.booking.units import Hierarchy
from torget.core.stamps import StampedCopy, stamp_bump, stamps_read
from torget.places.directory import STAMP as DIRECTORY_STAMP
from torget.places.directory import Directory, directory
from torget.places.hours import HoursCalendar
from torget.places.models import Hub, Space

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
    places: Directory  # spaces (hub, parent, feature codes) and opening hours
    hierarchy: Hierarchy  # across all hubs (a space's relatives are always in its own hub)
    policies: dict[int, rules.Policy]
    blocks: tuple[Block, ...]  # those ending after blocks_from, by start
    blocks_from: datetime

    @property
    def spaces(self) -> dict[int, Space]:
        return self.places.spaces

    def hours(self, hubs: list[Hub], start: date, end: date) -> HoursCalendar:
        """The opening hours of these hubs from `start` to `end` (local dates)."""
        return self.places.hours(hubs, start, end)

    def space(self, space_id: int) -> Space | None:
        return self.places.spaces.get(space_id)

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


def catalogue(*, checked: bool = True) -> Catalogue:
    """The current catalogue: this process's copy when both stamps still hold, else a fresh
    load.

    `checked=False` takes this process's copy without asking (when there is one): for
    resolving an id before a service call that takes the checked catalogue itself."""
    kept = _copy.kept()
    if not checked and kept is not None:
        return kept
    read = stamps_read([STAMP, DIRECTORY_STAMP])
    own, places_token = read.get(STAMP), read.get(DIRECTORY_STAMP)
    token = f"{own}/{places_token}" if own is not None and places_token is not None else None
    return _copy.get(token)


def catalogue_changed() -> None:
    """Call inside the transaction of a change that bypasses model signals."""
    stamp_bump(STAMP)


def _load(token: str | None) -> Catalogue:
    # The places part under its own token (the second half of ours), so it is not asked
    # again; without a token both are loaded afresh.
    places = directory(token=token.split("/", 1)[1] if token else None)
    spaces = places.spaces
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
    return Catalogue(
        token=token,
        places=places,
        hierarchy=hierarchy,
        policies=policies,
        blocks=blocks,
        blocks_from=blocks_from,
    )


def _blocks_from_database(space_ids: list[int], start: datetime, end: datetime) -> list[Block]:
    return [
        Block(start=b.start, end=b.end, reason=b.reason, space_ids=frozenset(space_ids))
        for b in BlockedPeriod.objects.filter(
            start__lt=end, end__gt=start, spaces__in=space_ids
        ).distinct()
    ]


_copy: StampedCopy[Catalogue] = StampedCopy(_load)
