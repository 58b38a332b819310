"""Staffed hours and what they cost: per affected hub, staffed and self-service hours in a
regular week before and after the scenario's changes, the hours of the year from the date,
and — when the scenario sets a cost per staffed hour — the yearly difference in kroner.

Everything is read from the hubs' opening hours through the places calendar (its weekly rules,
public holidays and the special days already known), never from a second reading of the rules:

- A regular week: each weekday's hours on the first such weekday from the scenario's date that
  is neither a public holiday nor a special day (so Easter does not shorten the week).
- The year: the 52 weeks (364 days) from the date, day by day, with public holidays and the
  known special days as they fall — the hub's actual year, not 52 regular weeks.
- After: a hub that closes (or merges into another) has no hours. Changed hours give days
  per week, not times, and are read by the displaced activity's own rule
  (`scope.remaining_week`): the first days of the kind the hub has today (Monday first)
  with today's times, and a day added beyond today's with the hub's commonest window of
  that kind (or the default window). The year after is then counted day by day as the year
  before is: a kept day has its calendar hours (holidays and special days as they fall), an
  added day its window except on a public holiday or special day. A moved module and a
  receiving hub keep their hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from torget.core.timeutil import OSLO
from torget.places.codes import HoursKind
from torget.places.hours import DayHours, HoursCalendar
from torget.places.models import Hub
from torget.scenarios.models import Change, ChangeKind, Scenario
from torget.scenarios.scope import DAY, Week, remaining_week

STAFFED = HoursKind.STAFFED.value
SELF_SERVICE = HoursKind.SELF_SERVICE.value
KINDS = (STAFFED, SELF_SERVICE)
YEAR_DAYS = 364  # 52 weeks from the date
# How far ahead a regular weekday is looked for (within the year's calendar).
LOOK_AHEAD_WEEKS = 8
KRONE = Decimal("1")


def _hours(intervals) -> float:
    return sum((i.end - i.start).total_seconds() for i in intervals) / 3600


@dataclass(slots=True)
class HubHours:
    hub: Hub
    change: str  # "close", "merge", "hours" or "" (kept)
    week_before: dict[str, float]
    week_after: dict[str, float]
    days_before: dict[str, int]  # weekdays with hours of the kind in a regular week
    days_after: dict[str, int]
    year_before: dict[str, float]
    year_after: dict[str, float]
    # Kinds with days added beyond today's (counted with the hub's commonest window).
    added_days: list[str] = field(default_factory=list)

    def week_difference(self, kind: str = STAFFED) -> float:
        return self.week_after[kind] - self.week_before[kind]

    def year_difference(self, kind: str = STAFFED) -> float:
        return self.year_after[kind] - self.year_before[kind]

    def as_json(self) -> dict:
        return {
            "hub": self.hub.slug,
            "change": self.change,
            "staffed_per_week_before": round(self.week_before[STAFFED], 2),
            "staffed_per_week_after": round(self.week_after[STAFFED], 2),
            "self_service_per_week_before": round(self.week_before[SELF_SERVICE], 2),
            "self_service_per_week_after": round(self.week_after[SELF_SERVICE], 2),
            "staffed_days_before": self.days_before[STAFFED],
            "staffed_days_after": self.days_after[STAFFED],
            "self_service_days_before": self.days_before[SELF_SERVICE],
            "self_service_days_after": self.days_after[SELF_SERVICE],
            "staffed_per_year_before": round(self.year_before[STAFFED], 2),
            "staffed_per_year_after": round(self.year_after[STAFFED], 2),
            "self_service_per_year_before": round(self.year_before[SELF_SERVICE], 2),
            "self_service_per_year_after": round(self.year_after[SELF_SERVICE], 2),
        }


@dataclass(slots=True)
class Costs:
    hubs: list[HubHours]
    year_start: date
    year_end: date  # inclusive
    cost_per_staffed_hour: Decimal | None

    def total(self, attr: str, kind: str = STAFFED) -> float:
        return sum(getattr(h, attr)[kind] for h in self.hubs)

    @property
    def staffed_week_before(self) -> float:
        return self.total("week_before")

    @property
    def staffed_week_after(self) -> float:
        return self.total("week_after")

    @property
    def staffed_year_before(self) -> float:
        return self.total("year_before")

    @property
    def staffed_year_after(self) -> float:
        return self.total("year_after")

    @property
    def self_service_week_before(self) -> float:
        return self.total("week_before", SELF_SERVICE)

    @property
    def self_service_week_after(self) -> float:
        return self.total("week_after", SELF_SERVICE)

    @property
    def staffed_hours_saved(self) -> float:
        """Staffed hours a year fewer (negative: more)."""
        return self.staffed_year_before - self.staffed_year_after

    @property
    def yearly_saving(self) -> Decimal | None:
        """Kroner a year (whole kroner; negative: it costs more), or None without a cost."""
        if self.cost_per_staffed_hour is None:
            return None
        hours = Decimal(str(round(self.staffed_hours_saved, 4)))
        return (hours * self.cost_per_staffed_hour).quantize(KRONE, rounding=ROUND_HALF_UP)

    @property
    def added_days(self) -> bool:
        return any(h.added_days for h in self.hubs)

    def as_json(self) -> dict:
        saving = self.yearly_saving
        return {
            "year_from": self.year_start,
            "year_to": self.year_end,
            "cost_per_staffed_hour": (
                float(self.cost_per_staffed_hour)
                if self.cost_per_staffed_hour is not None
                else None
            ),
            "staffed_per_week_before": round(self.staffed_week_before, 2),
            "staffed_per_week_after": round(self.staffed_week_after, 2),
            "staffed_per_year_before": round(self.staffed_year_before, 2),
            "staffed_per_year_after": round(self.staffed_year_after, 2),
            "staffed_hours_saved_per_year": round(self.staffed_hours_saved, 2),
            "yearly_saving": int(saving) if saving is not None else None,
            "hubs": [h.as_json() for h in self.hubs],
        }


def _minutes(moment) -> int:
    local = moment.astimezone(OSLO)
    return local.hour * 60 + local.minute


def _windows(hours: DayHours) -> tuple[tuple[int, int], ...]:
    """A day's hours as windows in minutes of the day (an end at midnight is the day's end)."""
    found = []
    for interval in hours.intervals:
        lo, hi = _minutes(interval.start), _minutes(interval.end)
        if interval.end.astimezone(OSLO).date() > hours.day:
            hi = DAY
        found.append((lo, hi))
    return tuple(found)


def _window_hours(windows) -> float:
    return sum(hi - lo for lo, hi in windows) / 60


def regular_week(calendar: HoursCalendar, hub: Hub, start: date, kind: str) -> Week:
    """The hub's regular week of the kind from `start`: per weekday with hours (Monday = 0),
    its windows in minutes, read on the first such weekday that is neither a public holiday
    nor a special day — the week `scope.remaining_week` keeps days of."""
    week: Week = {}
    for weekday in range(7):
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        for _n in range(LOOK_AHEAD_WEEKS):
            hours = calendar.day(hub, day, kind)
            if not hours.reason:
                if hours.intervals:
                    week[weekday] = _windows(hours)
                break
            day += timedelta(weeks=1)
    return week


def _year_after(
    calendar: HoursCalendar, hub: Hub, kind: str, today: Week, after: Week, start: date
) -> float:
    """The year's hours after, day by day: a kept day as the calendar has it; a day added
    beyond today's with its window, unless the calendar marks it (holiday, special day)."""
    total = 0.0
    for n in range(YEAR_DAYS):
        day = start + timedelta(days=n)
        weekday = day.weekday()
        if weekday not in after:
            continue
        hours = calendar.day(hub, day, kind)
        if weekday in today or hours.reason:
            total += _hours(hours.intervals)
        else:
            total += _window_hours(after[weekday])
    return total


def _effective(changes: list[Change], hub: Hub) -> Change | None:
    """The change that decides the hub's hours: a closing wins, else the last changed hours."""
    own = [c for c in changes if c.hub_id == hub.pk]
    closing = [c for c in own if c.closes_hub]
    if closing:
        return closing[0]
    hours = [c for c in own if c.kind == ChangeKind.HOURS]
    return hours[-1] if hours else None


def hub_hours(calendar: HoursCalendar, hub: Hub, start: date, change: Change | None) -> HubHours:
    week: dict[str, Week] = {k: regular_week(calendar, hub, start, k) for k in KINDS}
    week_before = {k: sum(_window_hours(w) for w in week[k].values()) for k in KINDS}
    days_before = {k: len(week[k]) for k in KINDS}
    year_before = {k: _hours(calendar.intervals(hub, k)) for k in KINDS}
    result = HubHours(
        hub=hub,
        change=change.kind if change else "",
        week_before=week_before,
        week_after=dict(week_before),
        days_before=days_before,
        days_after=dict(days_before),
        year_before=year_before,
        year_after=dict(year_before),
    )
    if change is None:
        return result
    if change.closes_hub:
        result.week_after = dict.fromkeys(KINDS, 0.0)
        result.days_after = dict.fromkeys(KINDS, 0)
        result.year_after = dict.fromkeys(KINDS, 0.0)
        return result
    days = {STAFFED: change.staffed_days, SELF_SERVICE: change.self_service_days}
    for kind in KINDS:
        if days[kind] is None:
            continue  # unchanged (the service refuses an hours change without days)
        after = remaining_week(week[kind], days[kind], kind)  # the displaced activity's rule
        result.days_after[kind] = len(after)
        result.week_after[kind] = sum(_window_hours(w) for w in after.values())
        result.year_after[kind] = _year_after(calendar, hub, kind, week[kind], after, start)
        if any(d not in week[kind] for d in after):
            result.added_days.append(kind)
    return result


def costs(scenario: Scenario, changes: list[Change], hubs: list[Hub]) -> Costs:
    """Hours before and after for the affected `hubs` (in the report's order)."""
    start = scenario.starts
    end = start + timedelta(days=YEAR_DAYS - 1)
    # One calendar for the year, which holds the regular week's look-ahead (two queries).
    calendar = HoursCalendar(hubs, start, end)
    return Costs(
        hubs=[hub_hours(calendar, hub, start, _effective(changes, hub)) for hub in hubs],
        year_start=start,
        year_end=end,
        cost_per_staffed_hour=scenario.cost_per_staffed_hour,
    )
