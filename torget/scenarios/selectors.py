"""Reads for a scenario: who may use them, what the affected hubs hold today (the key
figures' own selector, never a second count) and what a closing hub displaces from the date.

Displaced activity is read from the booking engine's rows: every active booking at the hub
from the date falls in exactly one kind (an event occurrence, office hours, a week of a
weekly series, or a single booking), so the kinds add up to a direct count. Organisations and
municipal services are named; what residents booked appears only in the counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.accounts.models import Role, RoleKind
from torget.accounts.permissions import is_management
from torget.core.errors import NotFound, PermissionDenied
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import OSLO, today
from torget.keyfigures.reports import channel_label, topic_label
from torget.keyfigures.selectors import KeyFigures, key_figures
from torget.ledger.models import OrganiserType
from torget.places.codes import Weekday
from torget.places.models import Hub
from torget.scenarios.costs import Costs
from torget.scenarios.costs import costs as staffed_hours
from torget.scenarios.distance import DistanceReport, distance
from torget.scenarios.models import Change, ChangeKind, Scenario
from torget.scenarios.placement import RoomElsewhere, room_elsewhere
from torget.scenarios.postcodes import PostcodeReport, postcode_distance
from torget.scenarios.scope import Everything, Row, Scope, hub_bookings, scopes, season_slots
from torget.scenarios.words import HubWords, what_residents_said

# The kinds of displaced activity, in the order the page lists them.
SINGLE = "single"
SERIES = "series"
OCCURRENCE = "occurrence"
OFFICE_HOURS = "office_hours"
SEASON_SLOT = "season_slot"
KINDS = (SINGLE, SERIES, OCCURRENCE, OFFICE_HOURS, SEASON_SLOT)
KIND_LABELS = {
    SINGLE: gettext_lazy("Single bookings"),
    SERIES: gettext_lazy("Weekly series"),
    OCCURRENCE: gettext_lazy("Event occurrences"),
    OFFICE_HOURS: gettext_lazy("Office hours"),
    SEASON_SLOT: gettext_lazy("Seasonal slots not yet booked"),
}


# --- Who ------------------------------------------------------------------------------------


def led_hub_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        Role.objects.filter(
            user_id=user.pk, kind=RoleKind.HUB_LEADER, hub__isnull=False
        ).values_list("hub_id", flat=True)
    )


def can_use_scenarios(user) -> bool:
    """Management and administrators (every hub) and hub leaders (their own hubs)."""
    return is_management(user) or bool(led_hub_ids(user))


def can_change_hub(user, hub: Hub) -> bool:
    return is_management(user) or hub.pk in led_hub_ids(user)


def visible_scenarios(user) -> QuerySet[Scenario]:
    if not can_use_scenarios(user):
        raise PermissionDenied()
    scenarios = Scenario.objects.prefetch_related("changes__hub", "changes__target_hub")
    if is_management(user):
        return scenarios
    return scenarios.filter(changes__hub__in=led_hub_ids(user)).distinct()


def scenario_for(user, pk: int) -> Scenario:
    try:
        return visible_scenarios(user).get(pk=pk)
    except Scenario.DoesNotExist:
        raise NotFound(_("No such scenario.")) from None


# --- What happens there today ---------------------------------------------------------------


@dataclass(slots=True)
class HubToday:
    hub: Hub
    last_year: KeyFigures  # the last full year
    this_year: KeyFigures  # the current year so far

    @property
    def rows(self) -> list[tuple[str, float | None, float | None, int]]:
        """(label, last year, this year, decimals): the memo's figure first."""
        a, b = self.last_year, self.this_year
        ua, ub = a.utilisation, b.utilisation
        return [
            (_("Activities, municipal"), a.activities.municipal, b.activities.municipal, 0),
            (
                _("Activities, non-municipal"),
                a.activities.non_municipal,
                b.activities.non_municipal,
                0,
            ),
            (_("Meetings, municipal"), a.meetings.municipal, b.meetings.municipal, 0),
            (_("Meetings, non-municipal"), a.meetings.non_municipal, b.meetings.non_municipal, 0),
            (_("Participants"), a.participants, b.participants, 0),
            (_("Desk inquiries"), a.totals.inquiries, b.totals.inquiries, 0),
            (_("Appointments held"), a.totals.appointments, b.totals.appointments, 0),
            (
                _("Room utilisation, per cent of open hours"),
                ua.usage.total.share if ua else None,
                ub.usage.total.share if ub else None,
                1,
            ),
        ]

    @property
    def topics(self) -> list[tuple[str, int, int]]:
        codes = list(dict.fromkeys([*self.last_year.by_topic, *self.this_year.by_topic]))
        return [
            (topic_label(c), self.last_year.by_topic.get(c, 0), self.this_year.by_topic.get(c, 0))
            for c in codes
        ]

    @property
    def channels(self) -> list[tuple[str, int, int]]:
        codes = list(dict.fromkeys([*self.last_year.by_channel, *self.this_year.by_channel]))
        return [
            (
                channel_label(c),
                self.last_year.by_channel.get(c, 0),
                self.this_year.by_channel.get(c, 0),
            )
            for c in codes
        ]


def hub_today(hub: Hub, *, on: date | None = None) -> HubToday:
    on = on or today()
    last = on.year - 1
    return HubToday(
        hub=hub,
        last_year=key_figures(start=date(last, 1, 1), end=date(last, 12, 31), hub=hub),
        this_year=key_figures(start=date(on.year, 1, 1), end=on, hub=hub),
    )


# --- Displaced ------------------------------------------------------------------------------


@dataclass(slots=True)
class Item:
    """One displaced booking, series, occurrence, office-hours session or seasonal slot, by
    an organisation or a municipal service (residents' are counted only)."""

    kind: str
    title: str
    organiser: str
    organiser_type: str
    space: str
    start: datetime | None = None
    end: datetime | None = None
    weekday: int | None = None  # 0 = Monday, for a weekly series or a seasonal slot
    starts_at: time | None = None
    ends_at: time | None = None
    weeks_left: int | None = None
    registrations: int | None = None
    waitlisted: int | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def weekday_label(self) -> str:
        return str(Weekday(self.weekday).label) if self.weekday is not None else ""

    @property
    def organiser_type_label(self) -> str:
        return str(OrganiserType(self.organiser_type).label) if self.organiser_type else ""

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "organiser": self.organiser,
            "organiser_type": self.organiser_type,
            "space": self.space,
            "start": self.start,
            "end": self.end,
            "weekday": self.weekday,
            "starts_at": self.starts_at.strftime("%H:%M") if self.starts_at else None,
            "ends_at": self.ends_at.strftime("%H:%M") if self.ends_at else None,
            "weeks_left": self.weeks_left,
            "registrations": self.registrations,
            "waitlisted": self.waitlisted,
        }


@dataclass(slots=True)
class ItemGroup:
    """Displaced single bookings of one organiser, or the occurrences of one event, or one
    service's office hours, taken together: the memo lists them as one row with a count
    (the busiest hub holds thousands of single dates; the weekly groups are listed whole)."""

    kind: str
    title: str  # the event or service; "" for single bookings (their titles vary)
    organiser: str
    organiser_type: str
    count: int = 0
    first: date | None = None  # the first and last local day
    last: date | None = None
    spaces: list[str] = field(default_factory=list)
    registrations: int | None = None
    waitlisted: int | None = None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def organiser_type_label(self) -> str:
        return str(OrganiserType(self.organiser_type).label) if self.organiser_type else ""

    @property
    def space(self) -> str:
        return ", ".join(self.spaces)


# Kinds listed one row per organiser (and event or service), with a count.
GROUPED = (SINGLE, OCCURRENCE, OFFICE_HOURS)


@dataclass(slots=True)
class Displaced:
    hub: Hub
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    # Of `counts`, what residents booked: shown as a number only.
    by_residents: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    bookings: int = 0  # every active booking at the hub from the date
    series_weeks: int = 0  # the weeks left of the weekly series together
    registrations: int = 0  # seats registered for the displaced occurrences
    items: list[Item] = field(default_factory=list)
    change: str = ChangeKind.CLOSE  # what takes it away: close, hours or move_module
    method: str = ""  # a moved module: how its activity is told (`scope.ModuleScope.method`)

    @property
    def rows(self) -> list[tuple[str, int, int]]:
        """(label, count, of which residents') per kind, for the page."""
        return [(str(KIND_LABELS[k]), self.counts[k], self.by_residents[k]) for k in KINDS]

    @property
    def nothing(self) -> bool:
        return not any(self.counts.values())

    @property
    def listed(self) -> list[Item | ItemGroup]:
        """What the memo lists: the weekly series and seasonal slots each in full; single
        bookings per organiser, event occurrences per event and office hours per service,
        each with a count. Residents' are in none of them (counted only)."""
        whole: list[Item | ItemGroup] = []
        groups: dict[tuple[str, str, str, str], ItemGroup] = {}
        for item in self.items:
            if item.kind not in GROUPED:
                whole.append(item)
                continue
            title = "" if item.kind == SINGLE else item.title
            key = (item.kind, title, item.organiser, item.organiser_type)
            group = groups.get(key)
            if group is None:
                group = groups[key] = ItemGroup(
                    item.kind, title, item.organiser, item.organiser_type
                )
            group.count += 1
            day = item.start.astimezone(OSLO).date() if item.start else None
            if day is not None:
                group.first = min(group.first or day, day)
                group.last = max(group.last or day, day)
            if item.space and item.space not in group.spaces:
                group.spaces.append(item.space)
            if item.registrations is not None:
                group.registrations = (group.registrations or 0) + item.registrations
                group.waitlisted = (group.waitlisted or 0) + (item.waitlisted or 0)
        order = {kind: i for i, kind in enumerate(KINDS)}
        grouped = sorted(
            groups.values(),
            key=lambda g: (order[g.kind], -g.count, norwegian_sort_key(g.organiser), g.title),
        )
        for group in grouped:
            group.spaces.sort(key=norwegian_sort_key)
        return sorted(whole, key=lambda i: order[i.kind]) + grouped

    def as_json(self) -> dict:
        return {
            "hub": self.hub.slug,
            "change": self.change,
            "counts": self.counts,
            "by_residents": self.by_residents,
            "bookings": self.bookings,
            "series_weeks": self.series_weeks,
            "registrations": self.registrations,
            "items": [item.as_json() for item in self.items],
            "method": str(self.method),
        }


def _organiser(organisation, organiser_type: str) -> str:
    """An organisation by name; a municipal service or private actor without one by its type."""
    if organisation is not None:
        return organisation.name
    return str(OrganiserType(organiser_type).label) if organiser_type else ""


def displaced(
    hub: Hub, starts: date, scope: Scope | None = None, rows: list[Row] | None = None
) -> Displaced:
    """What the change takes away at the hub from the start of `starts` (Oslo time):
    everything booked or planned there when it closes (`scope.py` for the other changes).
    `rows`: the hub's bookings from the date when already read (`scope.hub_bookings`)."""
    scope = scope or Everything()
    result = Displaced(hub=hub, change=scope.change, method=scope.method)
    series: dict[int, Item] = {}
    for booking in hub_bookings(hub, starts) if rows is None else rows:
        if not scope.covers(booking):
            continue
        result.bookings += 1
        event, service = booking.event, booking.service
        if event is not None:
            result.registrations += booking.seats_taken
            _add(
                result,
                Item(
                    kind=OCCURRENCE,
                    title=event.title,
                    organiser=_organiser(event.organisation, event.organiser_type),
                    organiser_type=event.organiser_type,
                    space=booking.space.name,
                    start=booking.start,
                    end=booking.end,
                    registrations=booking.seats_taken,
                    waitlisted=booking.waitlisted,
                ),
            )
        elif service is not None:
            _add(
                result,
                Item(
                    kind=OFFICE_HOURS,
                    title=service.name,
                    organiser=service.organisation.name if service.organisation else service.name,
                    organiser_type=OrganiserType.MUNICIPAL,
                    space=booking.space.name,
                    start=booking.start,
                    end=booking.end,
                ),
            )
        elif booking.series is not None:
            result.series_weeks += 1
            group = series.get(booking.series.pk)
            if group is None:
                run = booking.series
                first = run.first_start.astimezone(OSLO)
                last = run.first_end.astimezone(OSLO)
                group = series[run.pk] = Item(
                    kind=SERIES,
                    title=run.title,
                    organiser=_organiser(booking.organisation, booking.organiser_type),
                    organiser_type=booking.organiser_type,
                    space=booking.space.name,
                    weekday=first.weekday(),
                    starts_at=first.time(),
                    ends_at=last.time(),
                    weeks_left=0,
                )
                _add(result, group)
            group.weeks_left = (group.weeks_left or 0) + 1
        else:
            _add(
                result,
                Item(
                    kind=SINGLE,
                    title=booking.title,
                    organiser=_organiser(booking.organisation, booking.organiser_type),
                    organiser_type=booking.organiser_type,
                    space=booking.space.name,
                    start=booking.start,
                    end=booking.end,
                ),
            )
    for allocation in season_slots(hub, starts):
        if not scope.covers_slot(allocation):
            continue
        application = allocation.application
        organisation = application.organisation
        _add(
            result,
            Item(
                kind=SEASON_SLOT,
                title=application.activity,
                organiser=organisation.name,
                organiser_type=_organisation_type(organisation.kind),
                space=allocation.space.name if allocation.space else "",
                weekday=allocation.weekday,
                starts_at=allocation.start_time,
                ends_at=allocation.end_time,
            ),
        )
    return result


def _organisation_type(kind: str) -> str:
    if kind == OrganiserType.MUNICIPAL:
        return OrganiserType.MUNICIPAL
    if kind == OrganiserType.VOLUNTARY:
        return OrganiserType.VOLUNTARY
    return OrganiserType.PRIVATE


def _add(result: Displaced, item: Item) -> None:
    result.counts[item.kind] += 1
    if item.organiser_type == OrganiserType.RESIDENT:
        result.by_residents[item.kind] += 1
        return  # counted, never listed: no personal data
    result.items.append(item)


# --- The whole scenario ---------------------------------------------------------------------


@dataclass(slots=True)
class Report:
    scenario: Scenario
    changes: list[Change]
    today: list[HubToday]
    displaced: list[Displaced]
    room_elsewhere: RoomElsewhere  # a place at the remaining hubs for the weekly groups
    distance: DistanceReport | None  # who would have further to go; None without a grid
    words: list[HubWords]  # what residents said about the affected hubs
    hours: Costs  # staffed and self-service hours before and after, and their cost
    # Users by the postcode they chose to give; None without a list of postcode areas.
    postcodes: PostcodeReport | None = None

    @property
    def totals(self) -> dict[str, int]:
        return {kind: sum(d.counts[kind] for d in self.displaced) for kind in KINDS}

    @property
    def registrations(self) -> int:
        return sum(d.registrations for d in self.displaced)

    @property
    def kind_labels(self) -> list[tuple[str, str, int]]:
        """(kind, label, count) for the page's summary table."""
        totals = self.totals
        return [(kind, str(KIND_LABELS[kind]), totals[kind]) for kind in KINDS]


def affected_hubs(changes: list[Change]) -> list[Hub]:
    seen: dict[int, Hub] = {}
    for change in changes:
        seen.setdefault(change.hub.pk, change.hub)
    return list(seen.values())


def closing_hubs(changes: list[Change]) -> list[Hub]:
    return affected_hubs([c for c in changes if c.kind in (ChangeKind.CLOSE, ChangeKind.MERGE)])


def report(scenario: Scenario, *, on: date | None = None) -> Report:
    changes = list(scenario.changes.select_related("hub", "target_hub"))
    hubs = affected_hubs(changes)
    taken = scopes(changes, scenario.starts)
    # Each affected hub's bookings from the date, read once for what is displaced and for
    # room elsewhere.
    rows = {
        pk: hub_bookings(hub, scenario.starts) for pk, hub in {h.pk: h for h, _s in taken}.items()
    }
    return Report(
        scenario=scenario,
        changes=changes,
        today=[hub_today(hub, on=on) for hub in hubs],
        displaced=[displaced(hub, scenario.starts, scope, rows[hub.pk]) for hub, scope in taken],
        room_elsewhere=room_elsewhere(scenario, changes, taken, rows),
        distance=distance({hub.pk for hub in closing_hubs(changes)}),
        words=what_residents_said(hubs),
        hours=staffed_hours(scenario, changes, hubs),
        postcodes=postcode_distance(
            {hub.pk for hub in closing_hubs(changes)}, {hub.pk for hub in hubs}
        ),
    )
