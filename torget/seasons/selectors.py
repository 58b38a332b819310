"""Reads for the seasonal round: open rounds, an organisation's applications, and the
allocation function's input loaded from the database in a few queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from torget.accounts.models import Organisation, User
from torget.accounts.permissions import can_manage_hub, is_administrator, staff_hub_ids
from torget.booking import rules as booking_rules
from torget.booking.models import BlockedPeriod, HoursRule, Occupancy
from torget.booking.units import Hierarchy
from torget.core.errors import NotFound
from torget.core.text import norwegian_sort_key
from torget.places.hours import HoursCalendar
from torget.places.models import Space
from torget.seasons.allocation import OSLO, Applicant, Board, Busy, Slot, SpaceInfo
from torget.seasons.models import Allocation, Application, Round, Wish


def open_rounds(now: datetime | None = None) -> QuerySet[Round]:
    now = now or timezone.now()
    return Round.objects.filter(opens_at__lte=now, deadline__gt=now, decided_at__isnull=True)


def visible_rounds() -> QuerySet[Round]:
    """Rounds whose application period has begun (the public list)."""
    return Round.objects.filter(opens_at__lte=timezone.now()).prefetch_related("hubs")


def round_spaces(round_: Round) -> list[Space]:
    spaces = list(round_.spaces.select_related("hub").filter(is_active=True, bookable=True))
    return sorted(
        spaces, key=lambda s: (norwegian_sort_key(s.hub.name), norwegian_sort_key(s.name))
    )


def contact_organisations(user: User) -> list[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(user.organisations.all(), key=lambda o: norwegian_sort_key(o.name))


def applications_of(user: User, round_: Round | None = None) -> QuerySet[Application]:
    qs = Application.objects.filter(organisation__contacts=user).select_related(
        "round", "organisation"
    )
    if round_ is not None:
        qs = qs.filter(round=round_)
    return qs.prefetch_related("wishes__space__hub").order_by("-submitted_at").distinct()


def can_manage_round(user: User, round_: Round) -> bool:
    """Staff of any of the round's hubs see and adjust it; administrators too."""
    if is_administrator(user):
        return True
    return bool(staff_hub_ids(user) & {h.pk for h in round_.hubs.all()})


def can_decide_round(user: User, round_: Round) -> bool:
    """Confirming books in every hub of the round: staff of all of them, or administrators."""
    return is_administrator(user) or all(can_manage_hub(user, h) for h in round_.hubs.all())


def managed_rounds(user: User) -> list[Round]:
    rounds = Round.objects.prefetch_related("hubs")
    return [r for r in rounds if can_manage_round(user, r)]


def round_for_staff(user: User, round_id: int) -> Round:
    round_ = Round.objects.filter(pk=round_id).first()
    if round_ is None or not can_manage_round(user, round_):
        raise NotFound()
    return round_


def application_for(user: User, pk: int) -> Application:
    """An application its organisation's contacts and the round's staff may read."""
    app = (
        Application.objects.select_related("round", "organisation", "submitted_by")
        .prefetch_related("wishes__space__hub")
        .filter(pk=pk)
        .first()
    )
    if app is None:
        raise NotFound()
    if app.organisation.contacts.filter(pk=user.pk).exists() or can_manage_round(user, app.round):
        return app
    raise NotFound()


# The allocation function's input --------------------------------------------------------


def _weekly_hours(
    spaces: list[Space], season_start: date
) -> dict[int, dict[int, tuple[tuple[time, time], ...]] | None]:
    """Each space's open windows per weekday in the season's first full week."""
    monday = season_start + timedelta(days=(7 - season_start.weekday()) % 7)
    hubs = list({s.hub_id: s.hub for s in spaces}.values())
    calendar = HoursCalendar(hubs, monday, monday + timedelta(days=6)) if hubs else None
    policies = booking_rules.policies_for(spaces)
    result: dict[int, dict[int, tuple[tuple[time, time], ...]] | None] = {}
    for space in spaces:
        policy = policies[space.pk]
        if policy.hours == HoursRule.ANY_TIME or calendar is None:
            result[space.pk] = None
            continue
        windows: dict[int, list[tuple[time, time]]] = defaultdict(list)
        for interval in booking_rules.open_intervals(calendar, space, policy):
            start, end = interval.start.astimezone(OSLO), interval.end.astimezone(OSLO)
            if not monday <= start.date() < monday + timedelta(days=7):
                continue
            closes = end.time() if end.date() == start.date() else time(23, 59)
            windows[start.weekday()].append((start.time(), closes))
        result[space.pk] = {day: _merged(w) for day, w in windows.items()}
    return result


def _merged(windows: list[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    merged: list[tuple[time, time]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


@dataclass
class RoundInput:
    round: Round
    spaces: dict[int, SpaceInfo]
    space_objects: dict[int, Space]
    round_space_ids: list[int]
    applications: dict[int, Application]
    applicants: dict[int, Applicant]
    busy: list[Busy]

    def names(self) -> dict[int, str]:
        return {pk: f"{a.organisation.name} – {a.activity}" for pk, a in self.applications.items()}

    def board(self, allocations: list[Allocation], *, leave_out: Collection[int] = ()) -> Board:
        """What is taken: existing bookings, and the round's granted slots (but `leave_out`)."""
        board = Board(self.spaces, self.busy)
        for alloc in allocations:
            if alloc.granted and alloc.application_id not in leave_out:
                board.take(self.applicants[alloc.application_id], slot_of(alloc))
        return board


def slot_of(alloc: Allocation) -> Slot:
    assert alloc.space_id is not None and alloc.weekday is not None
    assert alloc.start_time is not None and alloc.end_time is not None
    return Slot(alloc.space_id, alloc.weekday, alloc.start_time, alloc.end_time)


def applicant_of(app: Application) -> Applicant:
    return Applicant(
        id=app.pk,
        organisation_kind=app.organisation.kind,
        paid=app.paid,
        age_group=app.age_group,
        participants=app.expected_participants,
        submitted_at=app.submitted_at,
        first_date=app.first_date,
        last_date=app.last_date,
        wishes=tuple(
            Slot(w.space_id, w.weekday, w.start_time, w.end_time) for w in app.wishes.all()
        ),
        private_party=app.private_party,
        other_times=app.accept_other_times,
        other_spaces=app.accept_other_spaces,
        other_hubs=app.accept_other_hubs,
    )


def round_input(round_: Round) -> RoundInput:
    spaces = round_spaces(round_)
    wished_ids = set(
        Wish.objects.filter(application__round=round_).values_list("space_id", flat=True)
    )
    extra = [s for s in Space.objects.select_related("hub").filter(pk__in=wished_ids)]
    all_spaces = {s.pk: s for s in [*spaces, *extra]}
    hierarchy = Hierarchy({s.hub_id for s in all_spaces.values()})
    policies = booking_rules.policies_for(list(all_spaces.values()))
    hours = _weekly_hours(list(all_spaces.values()), round_.season_start)
    infos = {
        pk: SpaceInfo(
            id=pk,
            hub_id=s.hub_id,
            capacity=s.capacity,
            units=tuple(hierarchy.leaves(pk)),
            buffer_before=policies[pk].buffer_before_minutes,
            buffer_after=policies[pk].buffer_after_minutes,
            hours=hours[pk],
        )
        for pk, s in all_spaces.items()
    }
    round_ids = [s.pk for s in spaces]
    apps = {
        a.pk: a
        for a in Application.objects.filter(round=round_, withdrawn=False)
        .select_related("organisation", "submitted_by")
        .prefetch_related(Prefetch("wishes", queryset=Wish.objects.order_by("preference")))
    }
    units = sorted({u for info in infos.values() for u in info.units})
    start = datetime.combine(round_.season_start, time(0), tzinfo=OSLO)
    end = datetime.combine(round_.season_end + timedelta(days=1), time(0), tzinfo=OSLO)
    mine = set(
        Allocation.objects.filter(application__round=round_, series__isnull=False).values_list(
            "series_id", flat=True
        )
    )
    busy = [
        Busy(unit, s, e, title)
        for unit, s, e, title, series_id in Occupancy.objects.overlapping(start, end)
        .filter(unit_id__in=units)
        .values_list("unit_id", "start", "end", "booking__title", "booking__series_id")
        if series_id is None or series_id not in mine
    ]
    for block in BlockedPeriod.objects.filter(start__lt=end, end__gt=start).prefetch_related(
        "spaces"
    ):
        blocked_units = {u for sp in block.spaces.all() for u in hierarchy.leaves(sp.pk)}
        busy += [Busy(u, block.start, block.end, block.reason) for u in sorted(blocked_units)]
    busy.sort(key=lambda b: (b.unit_id, b.start, b.end, b.label))
    return RoundInput(
        round=round_,
        spaces=infos,
        space_objects=all_spaces,
        round_space_ids=round_ids,
        applications=apps,
        applicants={pk: applicant_of(a) for pk, a in apps.items()},
        busy=busy,
    )


def allocations(round_: Round) -> list[Allocation]:
    return list(
        Allocation.objects.filter(application__round=round_, application__withdrawn=False)
        .select_related("application__organisation", "space__hub", "application__submitted_by")
        .order_by("application__submitted_at", "application_id")
    )


@dataclass
class Utilisation:
    space: Space
    weekly_hours: float
    open_hours: float | None
    slots: int

    @property
    def percent(self) -> int | None:
        if not self.open_hours:
            return None
        return round(100 * self.weekly_hours / self.open_hours)


def utilisation(data: RoundInput, allocs: list[Allocation]) -> list[Utilisation]:
    """Allocated hours per week in each of the round's spaces, against its open hours."""
    rows = []
    for pk in data.round_space_ids:
        info = data.spaces[pk]
        granted = [a for a in allocs if a.space_id == pk and a.granted]
        hours = sum(_hours(a.start_time, a.end_time) for a in granted)
        open_hours = (
            None
            if info.hours is None
            else sum(_hours(o, c) for windows in info.hours.values() for o, c in windows)
        )
        rows.append(Utilisation(data.space_objects[pk], hours, open_hours, len(granted)))
    return rows


def _hours(start: time | None, end: time | None) -> float:
    if start is None or end is None:
        return 0.0
    return ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) / 60
