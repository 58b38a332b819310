"""The places directory: a per-process copy of what the hub pages, the space search and
every booking check read and staff seldom change — every space with its hub, parent and
feature codes, and the opening hours (weekly rules, and exceptions from yesterday on).

Each use asks the database one question, "is the change stamp still the one I copied
under?" (`torget.core.stamps`), and reloads when it is not. Signal handlers (`signals.py`)
bump the stamp in the same transaction as any change to a hub, a space, a space's feature
or opening hours (raw saves from fixtures included), so every process sees a change as
soon as it is committed, and a transaction sees its own. A write that bypasses signals
(`QuerySet.update`, `bulk_create`) must call `directory_changed()`. The booking catalogue
(`torget.booking.catalogue`) builds on it. Why it exists: docs/decisions/0003.

Its spaces and hubs are shared by every request of the process: read-only (saving one
raises `SharedCopyWritten`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from torget.core.stamps import StampedCopy, stamp_bump, stamp_read
from torget.places.hours import HoursCalendar
from torget.places.models import Hub, OpeningException, OpeningHoursRule, Space, SpaceFeature

STAMP = "places.directory"


@dataclass(frozen=True)
class Directory:
    token: str | None
    spaces: dict[int, Space]  # every space, its hub, parent and feature codes loaded
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


def directory(*, checked: bool = True, token: str | None = None) -> Directory:
    """The current directory: this process's copy when its stamp still holds, else a fresh
    load.

    `checked=False` takes this process's copy without asking (when there is one); `token`
    is the stamp when the caller has just read it (the booking catalogue reads both
    stamps in one statement)."""
    kept = _copy.kept()
    if not checked and kept is not None:
        return kept
    return _copy.get(token if token is not None else stamp_read(STAMP))


def directory_changed() -> None:
    """Call inside the transaction of a change that bypasses model signals."""
    stamp_bump(STAMP)


class SharedCopyWritten(RuntimeError):
    """A caller tried to save a space or hub object the directory shares between requests:
    a programming error (read it, or load the row to change it)."""


def is_shared_copy(instance) -> bool:
    return getattr(instance, "_shared_copy", False)


def _load(token: str | None) -> Directory:
    # Read after the stamp: the data is at least as new as the token it is filed under.
    spaces = {s.pk: s for s in Space.objects.select_related("hub").order_by()}
    for space in spaces.values():
        # Shared by every request of this process until the stamp moves: read-only
        # (signals.py refuses to save one).
        space._shared_copy = space.hub._shared_copy = True  # type: ignore[attr-defined]
        space.known_feature_codes = []  # type: ignore[attr-defined]
        if space.parent_id is not None:
            space.parent = spaces[space.parent_id]  # the copy's own: no query for it later
    for space_id, code in SpaceFeature.objects.order_by("code").values_list("space_id", "code"):
        # A space committed between the two reads is not in this copy: the stamp read
        # before them has moved on, so the next use loads again.
        if space_id in spaces:
            spaces[space_id].known_feature_codes.append(code)  # type: ignore[attr-defined]
    exceptions_from = timezone.localdate() - timedelta(days=2)
    return Directory(
        token=token,
        spaces=spaces,
        hours_rules=list(OpeningHoursRule.objects.order_by("pk")),
        exceptions=list(OpeningException.objects.filter(date__gte=exceptions_from).order_by("pk")),
        exceptions_from=exceptions_from,
    )


_copy: StampedCopy[Directory] = StampedCopy(_load)
