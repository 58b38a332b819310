"""Staffed hours and what they cost: per affected hub, staffed and self-service hours in a
regular week before and after the scenario's changes, the hours of the year from the date,
and — when the scenario sets a cost per staffed hour — the yearly difference in kroner.

Everything is read from the hubs' opening hours through the places calendar (its weekly rules,
public holidays and the special days already known), never from a second reading of the rules:

- A regular week: each weekday's hours on the first such weekday from the scenario's date that
  is neither a public holiday nor a special day (so Easter does not shorten the week).
- The year: the 52 weeks (364 days) from the date, day by day, with public holidays and the
  known special days as they fall — the hub's actual year, not 52 regular weeks.
- After: a hub that closes (or merges into another) has no hours. Changed hours give days per
  week, not times, so each day after counts as the average of the hub's days of that kind
  today (with no such days today, the average of its days of the other kind); the year after
  is the year before scaled by the week after over the week before (52 regular weeks when
  the hub has no such hours today). A moved module and a receiving hub keep their hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from torget.places.codes import HoursKind
from torget.places.hours import HoursCalendar
from torget.places.models import Hub
from torget.scenarios.models import Change, ChangeKind, Scenario

STAFFED = HoursKind.STAFFED.value
SELF_SERVICE = HoursKind.SELF_SERVICE.value
KINDS = (STAFFED, SELF_SERVICE)
YEAR_DAYS = 364  # 52 weeks from the date
WEEKS = 52
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
    # Kinds whose year after is 52 regular weeks (the hub has no such hours today).
    whole_weeks: list[str] = field(default_factory=list)

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
    def whole_weeks(self) -> bool:
        return any(h.whole_weeks for h in self.hubs)

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


def regular_week(calendar: HoursCalendar, hub: Hub, start: date, kind: str) -> list[float]:
    """Hours of the kind per weekday (Monday first) in a regular week from `start`."""
    week = [0.0] * 7
    for weekday in range(7):
        day = start + timedelta(days=(weekday - start.weekday()) % 7)
        for _n in range(LOOK_AHEAD_WEEKS):
            hours = calendar.day(hub, day, kind)
            if not hours.reason:
                week[weekday] = _hours(hours.intervals)
                break
            day += timedelta(weeks=1)
    return week


def _effective(changes: list[Change], hub: Hub) -> Change | None:
    """The change that decides the hub's hours: a closing wins, else the last changed hours."""
    own = [c for c in changes if c.hub_id == hub.pk]
    closing = [c for c in own if c.closes_hub]
    if closing:
        return closing[0]
    hours = [c for c in own if c.kind == ChangeKind.HOURS]
    return hours[-1] if hours else None


def hub_hours(calendar: HoursCalendar, hub: Hub, start: date, change: Change | None) -> HubHours:
    week: dict[str, list[float]] = {k: regular_week(calendar, hub, start, k) for k in KINDS}
    week_before = {k: sum(week[k]) for k in KINDS}
    days_before = {k: sum(1 for h in week[k] if h) for k in KINDS}
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
    days = {STAFFED: change.staffed_days or 0, SELF_SERVICE: change.self_service_days or 0}
    for kind in KINDS:
        other = SELF_SERVICE if kind == STAFFED else STAFFED
        if days_before[kind]:
            per_day = week_before[kind] / days_before[kind]
        elif days_before[other]:
            per_day = week_before[other] / days_before[other]
        else:
            per_day = 0.0
        after = per_day * days[kind]
        result.days_after[kind] = days[kind]
        result.week_after[kind] = after
        if week_before[kind]:
            result.year_after[kind] = year_before[kind] * after / week_before[kind]
        else:
            result.year_after[kind] = after * WEEKS
            if after:
                result.whole_weeks.append(kind)
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
