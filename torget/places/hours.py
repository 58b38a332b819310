"""Opening hours as intervals: weekly rules, exceptions and Norwegian public holidays.

Everything is computed from local wall times per day and converted to aware instants at
the edge, so a rule "00:00–24:00" on the spring-forward night is 23 hours long and on the
autumn night 25 hours, as the clock on the wall says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Protocol

import holidays
from django.db.models import Q
from django.utils import timezone, translation

from torget.core.timeutil import local_interval
from torget.places.codes import HoursKind
from torget.places.models import Hub, OpeningException, OpeningHoursRule, Space

KINDS: tuple[str, ...] = (HoursKind.STAFFED.value, HoursKind.SELF_SERVICE.value)


@dataclass(frozen=True, slots=True)
class Interval:
    start: datetime
    end: datetime
    kind: str

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


class Span(Protocol):
    """Anything from one instant to another: an `Interval` of opening hours, a busy span."""

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


def covers(intervals: Iterable[Span], start: datetime, end: datetime) -> bool:
    """Whether the union of the intervals covers [start, end) without a gap.

    The one answer to "is this slot open?" (the booking service and the search) and "is
    this hour wholly taken?" (the week page): intervals that touch or overlap join, so
    self-service 07–09 and staffed 09–15 cover 08–10.
    """
    cursor = start
    for interval in sorted(intervals, key=lambda i: i.start):
        if interval.start > cursor:
            break
        cursor = max(cursor, interval.end)
        if cursor >= end:
            return True
    return cursor >= end


@dataclass(frozen=True, slots=True)
class DayHours:
    day: date
    kind: str
    intervals: tuple[Interval, ...]
    reason: str  # why the day differs from the weekly rules ("" when it does not)


@lru_cache(maxsize=32)
def _holidays(year: int, language: str) -> dict[date, str]:
    lang = "no" if language.startswith("nb") or language == "no" else "en_US"
    return dict(holidays.NO(years=year, language=lang).items())


def public_holiday(day: date) -> str:
    """The holiday's name in the active language, or ""."""
    return _holidays(day.year, translation.get_language() or "nb").get(day, "")


class HoursCalendar:
    """Rules and exceptions for some hubs over a date range, loaded in two queries — or
    taken from `known` (every rule, and the exceptions of the range or more), as the
    places directory keeps them."""

    def __init__(
        self,
        hubs: list[Hub],
        start: date,
        end: date,
        *,
        known: tuple[list[OpeningHoursRule], list[OpeningException]] | None = None,
    ) -> None:
        self.start, self.end = start, end
        self._language = translation.get_language() or "nb"  # once, not once per day
        hub_ids = {h.pk for h in hubs}
        # By hub, space, kind and weekday: a day looks only at its own weekday's rules.
        self._rules: dict[tuple[int, int | None, str, int], list[OpeningHoursRule]] = defaultdict(
            list
        )
        # Every rule, whatever its validity: whether a space has hours of its own must not
        # depend on the range asked for (validity is checked per day).
        self._spaces_with_rules: set[int] = set()
        if known is None:
            rules = list(OpeningHoursRule.objects.filter(hub_id__in=hub_ids))
            exceptions = list(
                OpeningException.objects.filter(date__gte=start, date__lte=end).filter(
                    Q(hub_id__in=hub_ids) | Q(hub__isnull=True)
                )
            )
        else:
            rules = [r for r in known[0] if r.hub_id in hub_ids]
            exceptions = [
                e
                for e in known[1]
                if start <= e.date <= end and (e.hub_id is None or e.hub_id in hub_ids)
            ]
        for rule in rules:
            self._rules[(rule.hub_id, rule.space_id, rule.kind, rule.weekday)].append(rule)
            if rule.space_id:
                self._spaces_with_rules.add(rule.space_id)
        self._days: dict[tuple[int, int | None, date, str], DayHours] = {}
        self._exceptions: dict[tuple[int | None, int | None, date], list[OpeningException]] = (
            defaultdict(list)
        )
        for exc in exceptions:
            self._exceptions[(exc.hub_id, exc.space_id, exc.date)].append(exc)
        self._exception_days = {exc.date for exc in exceptions}
        self._spaces_with_exceptions = {e.space_id for e in exceptions if e.space_id}

    def day(self, hub: Hub, day: date, kind: str, space: Space | None = None) -> DayHours:
        space_id = space.pk if space else None
        # A space without rules or exceptions of its own has its hub's day: compute it once
        # (a search over a hundred rooms would otherwise redo each hub's day for each room).
        if space_id is not None and not self._has_own(space_id, hub.pk, day, kind):
            space_id = None
        key = (hub.pk, space_id, day, kind)
        cached = self._days.get(key)
        if cached is None:
            cached = self._days[key] = self._compute(hub, day, kind, space_id)
        return cached

    def _has_own(self, space_id: int, hub_id: int, day: date, kind: str) -> bool:
        return space_id in self._spaces_with_rules or (hub_id, space_id, day) in self._exceptions

    def _compute(self, hub: Hub, day: date, kind: str, space_id: int | None) -> DayHours:
        scopes = (
            [(hub.pk, space_id), (hub.pk, None), (None, None)]
            if space_id
            else [(hub.pk, None), (None, None)]
        )
        for scope in scopes if day in self._exception_days else ():
            matching = [e for e in self._exceptions.get((*scope, day), []) if e.kind in ("", kind)]
            if matching:
                reason = next((e.reason for e in matching if e.reason), "")
                if any(e.closed for e in matching):
                    return DayHours(day, kind, (), reason)
                spans = sorted(local_interval(day, e.opens, e.closes) for e in matching)  # type: ignore[arg-type]
                return DayHours(day, kind, tuple(Interval(s, t, kind) for s, t in spans), reason)
        holiday = _holidays(day.year, self._language).get(day, "")
        if holiday:
            return DayHours(day, kind, (), holiday)
        # A space with rules of its own (of any kind) ignores the hub's: a room open
        # Mondays 10–12 is not also open in the hub's self-service hours.
        own = space_id if space_id in self._spaces_with_rules else None
        rules = self._rules.get((hub.pk, own, kind, day.weekday()), ())
        spans = sorted(
            local_interval(day, r.opens, r.closes)
            for r in rules
            if (r.valid_from is None or r.valid_from <= day)
            and (r.valid_to is None or r.valid_to >= day)
        )
        return DayHours(day, kind, tuple(Interval(s, t, kind) for s, t in _merge(spans)), "")

    def has_own_hours(self, space: Space) -> bool:
        """Whether the space has weekly rules, or exceptions in this range, of its own: if
        not, its hours over the whole range are its hub's."""
        return space.pk in self._spaces_with_rules or space.pk in self._spaces_with_exceptions

    def intervals(self, hub: Hub, kind: str, space: Space | None = None) -> list[Interval]:
        result: list[Interval] = []
        day = self.start
        while day <= self.end:
            result.extend(self.day(hub, day, kind, space).intervals)
            day += timedelta(days=1)
        return result


def _merge(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@dataclass(frozen=True, slots=True)
class OpenState:
    """Is the hub open at a moment, in which way, until when, and when does it next open?"""

    is_open: bool
    kind: str | None
    until: datetime | None
    next_opening: Interval | None


def open_state(
    calendar: HoursCalendar, hub: Hub, moment: datetime, space: Space | None = None
) -> OpenState:
    """Staffed hours win over self-service when both apply (that is what a visitor meets).

    Walks day by day from the day before `moment` (hours past midnight) and stops at the
    first opening, so a hub that opens tomorrow costs three days of work, not the range.
    """
    day = max(calendar.start, timezone.localdate(moment) - timedelta(days=1))
    while day <= calendar.end:
        upcoming: list[Interval] = []
        for kind in KINDS:
            for interval in calendar.day(hub, day, kind, space).intervals:
                if interval.contains(moment):
                    return OpenState(True, kind, interval.end, None)
                if interval.start > moment:
                    upcoming.append(interval)
        if upcoming:
            first = min(upcoming, key=lambda i: (i.start, KINDS.index(i.kind)))
            return OpenState(False, None, None, first)
        day += timedelta(days=1)
    return OpenState(False, None, None, None)
