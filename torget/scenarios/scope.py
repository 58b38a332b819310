"""What each change of a scenario takes away at its hub, from the date: the rows it displaces.

- A hub that closes (or merges into another) loses everything booked or planned there.
- Changed hours lose what falls outside the hours that remain, for the kind of hours it
  needs: office hours need staffed hours; anything else the kinds of opening hours its space
  is bookable in (its booking rules: staffed, self-service, either, or any time — a space
  bookable at any time loses nothing to changed hours).
- A moved module loses the module's own activity at the hub it leaves.

Assumptions (the scenario page states them):

- Changed hours say days per week, not times. The staffed days that remain are the first
  ones (Monday first) the hub is staffed on today, with today's times; the same for
  self-service days. A day added beyond today's days gets the hub's commonest window of that
  kind today (07:00–22:00 self-service, 09:00–15:00 staffed when it has none). A space with
  opening hours of its own keeps its staffed hours only on the hub's remaining staffed days.
- A module's activity is exact where staff have linked the module at that hub to its rooms
  or its organisers (`places.Module.spaces` and `.organisations`): what is booked in those
  rooms (or in a part of one), and what those organisers book, hold as events or office
  hours, or were granted as seasonal slots there. A module without links is guessed: what
  a municipal service organises for the module's audience (the senior centre: seniors; the
  youth club: young people), what an organisation or service named for the module
  organises (e.g. "Frivilligsentralen …"), and whatever is booked in a space named for it
  ("Seniorsenterets kjøkken"). The report says which, per moved module (`method`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation
from torget.appointments.models import Service
from torget.booking import rules
from torget.booking.models import ACTIVE_STATUSES, Booking, BookingSeries
from torget.core.timeutil import OSLO, make_local
from torget.events.models import Event
from torget.ledger.models import OrganiserType
from torget.places.codes import HoursKind, ModuleCode
from torget.places.models import Hub, Module, OpeningHoursRule, Space
from torget.scenarios.models import Change, ChangeKind
from torget.seasons.models import Allocation

STAFFED = HoursKind.STAFFED.value
SELF_SERVICE = HoursKind.SELF_SERVICE.value
KINDS = (STAFFED, SELF_SERVICE)
DAY = 24 * 60
# A day added to a hub that has no hours of the kind today.
DEFAULT_WINDOWS = {SELF_SERVICE: ((7 * 60, 22 * 60),), STAFFED: ((9 * 60, 15 * 60),)}

# Windows in minutes of the day, per weekday.
Week = dict[int, tuple[tuple[int, int], ...]]


# --- The rows at a hub from the date ---------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One active booking at a hub from the date, with what a scenario reads of it: its own
    columns, and its room, organisation, series, event and office-hours service from small
    lookups (a busy hub holds thousands of bookings; whole joined models for each would
    cost seconds)."""

    pk: int
    space: Space
    start: datetime
    end: datetime
    title: str
    kind: str
    organiser_type: str
    organisation: Organisation | None
    expected_participants: int
    public: bool
    price: Decimal
    created: datetime | None
    series: BookingSeries | None
    event: Event | None  # when the booking is an event's occurrence
    seats_taken: int  # the occurrence's registered seats (0 when not an occurrence)
    waitlisted: int
    service: Service | None  # when the booking holds office hours

    @property
    def space_id(self) -> int:
        return self.space.pk


def hub_bookings(hub: Hub, starts: date) -> list[Row]:
    """Every active booking at the hub from the start of the date (Oslo time), in order:
    read once per scenario and shared by the displaced activity and room elsewhere."""
    since = make_local(starts, time(0), OSLO)
    values = list(
        Booking.objects.filter(space__hub=hub, status__in=ACTIVE_STATUSES, start__gte=since)
        .order_by("start", "pk")
        .values_list(
            "pk",
            "space_id",
            "start",
            "end",
            "title",
            "kind",
            "organiser_type",
            "organisation_id",
            "expected_participants",
            "public",
            "price",
            "created",
            "series_id",
            "event_occurrence__event_id",
            "event_occurrence__seats_taken",
            "event_occurrence__waitlisted",
            "office_hours__officer__service_id",
        )
    )
    if not values:
        return []
    spaces = {space.pk: space for space in Space.objects.filter(hub=hub)}
    for space in spaces.values():
        space.hub = hub
    organisations = Organisation.objects.in_bulk({v[7] for v in values if v[7]})
    series = BookingSeries.objects.only("title", "first_start", "first_end").in_bulk(
        {v[12] for v in values if v[12]}
    )
    events = Event.objects.select_related("organisation").in_bulk({v[13] for v in values if v[13]})
    services = Service.objects.select_related("organisation").in_bulk(
        {v[16] for v in values if v[16]}
    )
    return [
        Row(
            pk=pk,
            space=spaces[space_id],
            start=start,
            end=end,
            title=title,
            kind=kind,
            organiser_type=organiser_type,
            organisation=organisations.get(organisation_id) if organisation_id else None,
            expected_participants=participants,
            public=public,
            price=price,
            created=created,
            series=series.get(series_id) if series_id else None,
            event=events.get(event_id) if event_id else None,
            seats_taken=seats_taken or 0,
            waitlisted=waitlisted or 0,
            service=services.get(service_id) if service_id else None,
        )
        for (
            pk,
            space_id,
            start,
            end,
            title,
            kind,
            organiser_type,
            organisation_id,
            participants,
            public,
            price,
            created,
            series_id,
            event_id,
            seats_taken,
            waitlisted,
            service_id,
        ) in values
    ]


def season_slots(hub: Hub, starts: date) -> QuerySet[Allocation]:
    """The seasonal round's granted slots at the hub whose season reaches the date and that
    are not yet weekly series (those are counted as series)."""
    return (
        Allocation.objects.filter(
            space__hub=hub,
            series__isnull=True,
            application__withdrawn=False,
            application__round__season_end__gte=starts,
        )
        .select_related("space", "application__organisation", "application__round")
        .order_by("weekday", "start_time", "pk")
    )


# --- What a change takes away ----------------------------------------------------------------


class Everything:
    """A hub that closes: everything there is displaced."""

    change = ChangeKind.CLOSE
    method = ""  # how the activity taken away is told (only a moved module's needs words)

    def covers(self, booking: Row) -> bool:
        return True

    def covers_slot(self, allocation: Allocation) -> bool:
        return True


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _within(windows: Iterable[tuple[int, int]], lo: int, hi: int) -> bool:
    """Whether the joined windows cover [lo, hi) (touching windows join)."""
    cursor = lo
    for start, end in sorted(windows):
        if start > cursor:
            break
        cursor = max(cursor, end)
        if cursor >= hi:
            return True
    return cursor >= hi


def _rule_week(rows: Iterable[OpeningHoursRule], kind: str) -> Week:
    week: dict[int, list[tuple[int, int]]] = {}
    for rule in rows:
        if rule.kind == kind:
            closes = _minutes(rule.closes) or DAY
            week.setdefault(rule.weekday, []).append((_minutes(rule.opens), closes))
    return {day: tuple(sorted(w)) for day, w in week.items()}


def remaining_week(today: Week, days: int | None, kind: str) -> Week:
    """The hours of one kind that remain when the hub keeps `days` days of it a week: the
    first days it has today (Monday first) with today's times; days added beyond today's
    get the commonest window of the kind today (or the default window)."""
    if days is None:
        return dict(today)
    kept = sorted(today)[:days]
    week = {day: today[day] for day in kept}
    if days > len(kept):
        common = Counter(today.values()).most_common(1)
        window = common[0][0] if common else DEFAULT_WINDOWS[kind]
        for day in [d for d in range(7) if d not in week][: days - len(kept)]:
            week[day] = window
    return week


@dataclass
class HoursScope:
    """Changed hours: what falls outside the hours that remain, for the kind it needs."""

    hub_before: dict[str, Week]
    hub_after: dict[str, Week]
    # Spaces with opening hours of their own: their weeks after, per kind.
    spaces_after: dict[int, dict[str, Week]]
    policies: dict[int, rules.Policy]
    change = ChangeKind.HOURS
    method = ""

    @classmethod
    def of(cls, change: Change, starts: date) -> HoursScope:
        hub = change.hub
        valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=starts)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=starts)
        )
        rows = list(OpeningHoursRule.objects.filter(valid, hub=hub))
        hub_rows = [r for r in rows if r.space_id is None]
        before = {kind: _rule_week(hub_rows, kind) for kind in KINDS}
        after = {
            STAFFED: remaining_week(before[STAFFED], change.staffed_days, STAFFED),
            SELF_SERVICE: remaining_week(
                before[SELF_SERVICE], change.self_service_days, SELF_SERVICE
            ),
        }
        own: dict[int, list[OpeningHoursRule]] = {}
        for rule in rows:
            if rule.space_id is not None:
                own.setdefault(rule.space_id, []).append(rule)
        spaces_after = {
            space_id: {
                STAFFED: {
                    day: w
                    for day, w in _rule_week(space_rows, STAFFED).items()
                    if day in after[STAFFED]
                },
                SELF_SERVICE: _rule_week(space_rows, SELF_SERVICE),
            }
            for space_id, space_rows in own.items()
        }
        spaces = list(Space.objects.filter(hub=hub).select_related("hub"))
        return cls(before, after, spaces_after, rules.policies_for(spaces))

    def needs(self, booking: Row) -> tuple[str, ...]:
        """The kinds of opening hours the booking needs (empty: none)."""
        if booking.service is not None:
            return (STAFFED,)
        policy = self.policies.get(booking.space_id)
        return rules.hours_kinds(policy) if policy is not None else KINDS

    def _kept(self, space_id: int, kinds: Sequence[str], at: datetime, until: datetime) -> bool:
        if not kinds:
            return True
        start, end = at.astimezone(OSLO), until.astimezone(OSLO)
        if end.date() != start.date() and end.time() != time(0):
            return False  # across midnight: no weekly window holds it
        lo, hi = _minutes(start.time()), _minutes(end.time()) or DAY
        week = self.spaces_after.get(space_id, self.hub_after)
        windows = [w for kind in kinds for w in week.get(kind, {}).get(start.weekday(), ())]
        return _within(windows, lo, hi)

    def covers(self, booking: Row) -> bool:
        return not self._kept(booking.space_id, self.needs(booking), booking.start, booking.end)

    def covers_slot(self, allocation: Allocation) -> bool:
        if allocation.weekday is None or allocation.start_time is None:
            return False
        if allocation.end_time is None or allocation.space_id is None:
            return False
        policy = self.policies.get(allocation.space_id)
        kinds = rules.hours_kinds(policy) if policy is not None else KINDS
        if not kinds:
            return False
        week = self.spaces_after.get(allocation.space_id, self.hub_after)
        windows = [w for kind in kinds for w in week.get(kind, {}).get(allocation.weekday, ())]
        return not _within(
            windows, _minutes(allocation.start_time), _minutes(allocation.end_time) or DAY
        )


# How a module's activity is known (see the module's docstring): the audience a municipal
# service organises for, and words in the names of organisers and spaces.
MODULE_MARKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    ModuleCode.SENIOR_CENTRE: (("seniors",), ("seniorsenter", "eldresenter", "seniorkafé")),
    ModuleCode.YOUTH_CLUB: (("youth",), ("ungdomsklubb", "ungdomsrom", "fritidsklubb")),
    ModuleCode.VOLUNTEER_CENTRE: ((), ("frivilligsentral",)),
    ModuleCode.HEALTH_STATION: ((), ("helsestasjon",)),
    ModuleCode.LIBRARY: ((), ("bibliotek",)),
    ModuleCode.LIBRARY_DEPARTMENT: ((), ("bibliotek",)),
    ModuleCode.BOOK_OFFER: ((), ("bokutlån", "bibliotek")),
    ModuleCode.CULTURE_ARENA: ((), ("kulturarena", "kulturhus")),
    ModuleCode.CITIZEN_SERVICE: ((), ("servicetorg",)),
    ModuleCode.CAFE: ((), ("kafeen", "kaféen")),
    ModuleCode.LENDING_CENTRAL: ((), ("utlånssentral", "bua")),
}


@dataclass
class ModuleScope:
    """A moved module: its own activity at the hub it leaves. Exact when the module there
    is linked to rooms or organisers (`spaces`, `organisations`: primary keys, the rooms
    with their parts); guessed from `MODULE_MARKS` when it is not."""

    module: str
    spaces: frozenset[int] = frozenset()
    organisations: frozenset[int] = frozenset()
    hub_name: str = ""
    change = ChangeKind.MOVE_MODULE

    @classmethod
    def of(cls, change: Change) -> ModuleScope:
        """The module at the hub with its links, read once for the scenario."""
        found = (
            Module.objects.filter(hub=change.hub, code=change.module)
            .prefetch_related(
                Prefetch("spaces", queryset=Space.objects.only("pk")),
                Prefetch("organisations", queryset=Organisation.objects.only("pk")),
            )
            .first()
        )
        rooms: set[int] = set()
        organisers: frozenset[int] = frozenset()
        if found is not None:
            rooms = {space.pk for space in found.spaces.all()}
            organisers = frozenset(o.pk for o in found.organisations.all())
        if rooms:  # a booking of a linked hall's half is in the hall
            parents = dict(Space.objects.filter(hub=change.hub).values_list("pk", "parent_id"))
            grown = True
            while grown:
                parts = {pk for pk, parent in parents.items() if parent in rooms} - rooms
                rooms |= parts
                grown = bool(parts)
        return cls(change.module, frozenset(rooms), organisers, change.hub.name)

    @property
    def linked(self) -> bool:
        return bool(self.spaces or self.organisations)

    @property
    def method(self) -> str:
        """How the module's activity is told, in words for the page and the memo."""
        words = {"module": ModuleCode(self.module).label, "hub": self.hub_name}
        if self.linked:
            return (
                _(
                    "%(module)s at %(hub)s: its activity is what its linked rooms and organisers "
                    "hold (set on the module)."
                )
                % words
            )
        return (
            _(
                "%(module)s at %(hub)s: no rooms or organisers are linked to the module, so its "
                "activity is guessed: what a municipal service organises for the module's "
                "audience, and what is organised by, or booked in a room named for, the module."
            )
            % words
        )

    def _named(self, *names: str) -> bool:
        words = MODULE_MARKS.get(self.module, ((), ()))[1]
        return any(w in name.casefold() for name in names if name for w in words)

    def _organised(self, *organisations: Organisation | None) -> bool:
        return any(o is not None and o.pk in self.organisations for o in organisations)

    def covers(self, booking: Row) -> bool:
        event, service = booking.event, booking.service
        if self.linked:
            return booking.space_id in self.spaces or self._organised(
                booking.organisation,
                event.organisation if event is not None else None,
                service.organisation if service is not None else None,
            )
        names = [booking.space.name, booking.organisation.name if booking.organisation else ""]
        if event is not None:
            audiences = MODULE_MARKS.get(self.module, ((), ()))[0]
            if event.organiser_type == OrganiserType.MUNICIPAL and event.audience in audiences:
                return True
            names.append(event.organisation.name if event.organisation else "")
        if service is not None:
            names += [service.name, service.organisation.name if service.organisation else ""]
        return self._named(*names)

    def covers_slot(self, allocation: Allocation) -> bool:
        if self.linked:
            return (
                allocation.space_id in self.spaces
                or allocation.application.organisation_id in self.organisations
            )
        return self._named(
            allocation.space.name if allocation.space else "",
            allocation.application.organisation.name,
        )


Scope = Everything | HoursScope | ModuleScope


def scopes(changes: Sequence[Change], starts: date) -> list[tuple[Hub, Scope]]:
    """Per hub a change takes something from, what it takes: a closing hub once (whatever
    else changes there), then changed hours, then moved modules, in the changes' order."""
    closing = {c.hub.pk for c in changes if c.closes_hub}
    found: list[tuple[Hub, Scope]] = []
    seen: set[int] = set()
    for change in changes:
        if change.closes_hub and change.hub.pk not in seen:
            seen.add(change.hub.pk)
            found.append((change.hub, Everything()))
    for change in changes:
        if change.hub.pk in closing:
            continue
        if change.kind == ChangeKind.HOURS:
            found.append((change.hub, HoursScope.of(change, starts)))
        elif change.kind == ChangeKind.MOVE_MODULE:
            found.append((change.hub, ModuleScope.of(change)))
    return found
