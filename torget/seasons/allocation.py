"""The allocation proposal: a pure function of the applications, the rules and what is
already taken. No database, no clock: the same input gives the same result, every time.

How it decides
--------------
1. Applications are ranked: each priority rule, in the round's order, puts the ones it
   favours first (the first rule in which two applications differ decides between them);
   then the earlier submission; then the lower application number.
2. In that order, each application gets the first of its candidate slots that is free:
   its wishes in order of preference, then the alternatives it accepts (the same day at
   other times, other spaces at the same hub, other hubs).
3. A slot is not free when an application ranked higher already holds a slot that
   shares a room unit (a hall is both its halves) on the same weekday at an overlapping
   time (with the spaces' buffers) in overlapping weeks; or when existing bookings and
   blocked periods take it in more than half the weeks (the caller may ask for a smaller
   share). Fewer such weeks are left out of the series and listed.
4. An applicant may also need things of a space (features, step-free access, a hearing
   loop, opening hours of one kind, given hubs): the alternatives offered to it are only
   the spaces that have them (`unmet_need`). The seasonal round asks for none of them;
   hub-structure scenarios place displaced weekly groups with them.

Every decision carries reasons as codes with parameters (`explain.py` words them), and
every lost wish that another application won is listed as a conflict with the rule that
decided it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

# How far "other times on the same day" may move a wish, tried in this order (minutes).
TIME_SHIFTS = tuple(m for step in range(30, 181, 30) for m in (step, -step))
# Existing bookings in more than this share of the weeks make a slot unavailable.
MAX_SKIPPED_SHARE = 0.5

VOLUNTARY, MUNICIPAL, BUSINESS = "voluntary", "municipal", "business"
YOUNG_AGE_GROUPS = ("children", "youth")


@dataclass(frozen=True, order=True)
class Slot:
    space_id: int
    weekday: int  # 0 = Monday
    start: time
    end: time


@dataclass(frozen=True)
class SpaceInfo:
    id: int
    hub_id: int
    capacity: int  # 0: unknown (no limit)
    units: tuple[int, ...]  # leaf units: a hall is both of its halves
    buffer_before: int = 0  # minutes
    buffer_after: int = 0
    # Open windows per weekday (local times); None: no opening hours apply.
    hours: Mapping[int, tuple[tuple[time, time], ...]] | None = None
    features: frozenset[str] = frozenset()  # feature codes
    step_free: bool = True  # step-free all the way in (the hub's entrance and the space)
    hearing_loop: bool = False
    # Open windows per weekday for each kind of opening hours ("staffed", "self_service");
    # None: not described (an applicant needing a kind then finds no such hours).
    hours_by_kind: Mapping[str, Mapping[int, tuple[tuple[time, time], ...]]] | None = None
    # Who its booking rules refuse: organiser types, and "private_party".
    refuses: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Applicant:
    id: int
    organisation_kind: str
    paid: bool
    age_group: str
    participants: int
    submitted_at: datetime
    first_date: date
    last_date: date
    wishes: tuple[Slot, ...]
    private_party: bool = False
    other_times: bool = False
    other_spaces: bool = False
    other_hubs: bool = False
    # What it needs of a space (none in the seasonal round): feature codes, step-free access,
    # a hearing loop, opening hours of this kind ("" the space's bookable hours), and
    # only these hubs (empty: any).
    features: frozenset[str] = frozenset()
    step_free: bool = False
    hearing_loop: bool = False
    hours_kind: str = ""
    hubs: frozenset[int] = frozenset()
    books_as: frozenset[str] = frozenset()  # what a space's rules must not refuse
    # The dates it meets, when not every week from first to last (a group that skips the
    # holidays): the weeks its slot is measured over.
    dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class Busy:
    """An existing booking or blocked period holding a unit (aware instants)."""

    unit_id: int
    start: datetime
    end: datetime
    label: str


@dataclass
class Decision:
    application_id: int
    rank: int
    slot: Slot | None = None
    choice: str = ""  # "wish:2", "other_time:1", "other_space:1", "other_hub:1" or ""
    reasons: list[dict] = field(default_factory=list)
    skip_dates: list[date] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    slot: Slot
    winner: int
    loser: int
    decided_by: str  # "rule:<code>", "earlier" or "lower_number"


@dataclass
class Proposal:
    rules: tuple[str, ...]
    decisions: list[Decision]  # in rank order
    conflicts: list[Conflict]

    def decision(self, application_id: int) -> Decision:
        return next(d for d in self.decisions if d.application_id == application_id)

    @property
    def granted(self) -> list[Decision]:
        return [d for d in self.decisions if d.slot is not None]

    @property
    def refused(self) -> list[Decision]:
        return [d for d in self.decisions if d.slot is None]


def favours(rule: str, app: Applicant) -> bool:
    if rule in (VOLUNTARY, MUNICIPAL, BUSINESS):
        return app.organisation_kind == rule
    if rule == "free":
        return not app.paid
    if rule == "children_youth":
        return app.age_group in YOUNG_AGE_GROUPS
    raise ValueError(f"unknown rule {rule!r}")


def rank_key(rules: Sequence[str], app: Applicant) -> tuple:
    return (*(0 if favours(r, app) else 1 for r in rules), app.submitted_at, app.id)


def decided_by(rules: Sequence[str], winner: Applicant, loser: Applicant) -> str:
    """Why `winner` ranks before `loser`: the first rule that tells them apart, or time."""
    for rule in rules:
        if favours(rule, winner) != favours(rule, loser):
            return f"rule:{rule}"
    if winner.submitted_at != loser.submitted_at:
        return "earlier"
    return "lower_number"


def occurrences(app: Applicant, weekday: int) -> list[date]:
    if app.dates:
        return [d for d in app.dates if d.weekday() == weekday]
    first = app.first_date + timedelta(days=(weekday - app.first_date.weekday()) % 7)
    return [first + timedelta(weeks=i) for i in range((app.last_date - first).days // 7 + 1)]


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _shifted(at: time, minutes: int) -> time | None:
    total = _minutes(at) + minutes
    if not 0 <= total < 24 * 60:
        return None
    return time(total // 60, total % 60)


def _within(windows: Mapping[int, tuple[tuple[time, time], ...]], slot: Slot) -> bool:
    return any(o <= slot.start and slot.end <= c for o, c in windows.get(slot.weekday, ()))


def within_hours(space: SpaceInfo, slot: Slot, kind: str = "") -> bool:
    """Whether the slot lies in the space's bookable hours, and in its hours of `kind` when
    one is asked for."""
    if space.hours is not None and not _within(space.hours, slot):
        return False
    if kind:
        return _within((space.hours_by_kind or {}).get(kind, {}), slot)
    return True


def unmet_need(app: Applicant, space: SpaceInfo) -> str | None:
    """The first thing the applicant needs that the space lacks ("hub", "capacity",
    "rules", "features", "step_free", "hearing_loop"), or None when it has them all."""
    if app.hubs and space.hub_id not in app.hubs:
        return "hub"
    if space.capacity and space.capacity < app.participants:
        return "capacity"
    if app.books_as & space.refuses:
        return "rules"
    if not app.features <= space.features:
        return "features"
    if app.step_free and not space.step_free:
        return "step_free"
    if app.hearing_loop and not space.hearing_loop:
        return "hearing_loop"
    return None


def candidates(
    app: Applicant, spaces: Mapping[int, SpaceInfo], round_spaces: Sequence[int]
) -> list[tuple[str, Slot]]:
    """The slots to try, in order: wishes, then the alternatives the applicant accepts."""
    result: list[tuple[str, Slot]] = [(f"wish:{i}", w) for i, w in enumerate(app.wishes, 1)]

    def fits(space_id: int) -> bool:
        return unmet_need(app, spaces[space_id]) is None

    # Smallest adequate space first: big halls stay free for those who need them.
    by_size = sorted(
        (s for s in round_spaces if s in spaces and fits(s)),
        key=lambda s: (spaces[s].capacity or 10**6, s),
    )
    times: list[tuple[int, Slot]] = []
    for i, wish in enumerate(app.wishes, 1):
        times.append((i, wish))
    if app.other_times:
        for i, wish in enumerate(app.wishes, 1):
            for shift in TIME_SHIFTS:
                start, end = _shifted(wish.start, shift), _shifted(wish.end, shift)
                if start is not None and end is not None and end > start:
                    slot = Slot(wish.space_id, wish.weekday, start, end)
                    result.append((f"other_time:{i}", slot))
                    times.append((i, slot))
    wish_hubs = {spaces[w.space_id].hub_id for w in app.wishes if w.space_id in spaces}
    if app.other_spaces:
        for i, slot in times:
            hub = spaces[slot.space_id].hub_id if slot.space_id in spaces else None
            for space_id in by_size:
                if space_id != slot.space_id and spaces[space_id].hub_id == hub:
                    result.append(
                        (f"other_space:{i}", Slot(space_id, slot.weekday, slot.start, slot.end))
                    )
    if app.other_hubs:
        for i, slot in times:
            for space_id in by_size:
                if spaces[space_id].hub_id not in wish_hubs:
                    result.append(
                        (f"other_hub:{i}", Slot(space_id, slot.weekday, slot.start, slot.end))
                    )
    seen: set[Slot] = set()
    unique = []
    for label, slot in result:
        if slot not in seen:
            seen.add(slot)
            unique.append((label, slot))
    return unique


@dataclass
class _Held:
    app: Applicant
    slot: Slot


class Board:
    """What is taken so far: granted slots by unit and weekday, and existing bookings by
    unit and date. Also used by staff changes (move, swap) to check a slot."""

    def __init__(self, spaces: Mapping[int, SpaceInfo], busy: Iterable[Busy]) -> None:
        self.spaces = spaces
        self.held: dict[tuple[int, int], list[_Held]] = defaultdict(list)
        self.busy: dict[tuple[int, date], list[Busy]] = defaultdict(list)
        self._clashes: dict[tuple, tuple[Applicant, list[tuple[date, Busy]]]] = {}
        for b in busy:
            day = b.start.astimezone(OSLO).date()
            last = b.end.astimezone(OSLO).date()
            while day <= last:
                self.busy[(b.unit_id, day)].append(b)
                day += timedelta(days=1)

    def _span(self, slot: Slot) -> tuple[int, int]:
        space = self.spaces[slot.space_id]
        return (
            _minutes(slot.start) - space.buffer_before,
            _minutes(slot.end) + space.buffer_after,
        )

    def holder(self, app: Applicant, slot: Slot) -> Applicant | None:
        """The application already holding a slot that clashes with this one, if any."""
        lo, hi = self._span(slot)
        for unit in self.spaces[slot.space_id].units:
            for held in self.held[(unit, slot.weekday)]:
                other = held.app
                if other.id == app.id:
                    continue
                if other.first_date > app.last_date or other.last_date < app.first_date:
                    continue
                olo, ohi = self._span(held.slot)
                if olo < hi and ohi > lo:
                    return other
        return None

    def clashes(self, app: Applicant, slot: Slot) -> list[tuple[date, Busy]]:
        """Weeks in which existing bookings or blocked periods take the slot. The busy rows
        never change once the board is set, so each application's answer is worked out once
        (a placement asks again for every room it lists)."""
        key = (id(app), slot)  # the cache holds the application, so its id stays its own
        known = self._clashes.get(key)
        if known is None:
            known = self._clashes[key] = (app, self._find_clashes(app, slot))
        return known[1]

    def _find_clashes(self, app: Applicant, slot: Slot) -> list[tuple[date, Busy]]:
        space = self.spaces[slot.space_id]
        before = timedelta(minutes=space.buffer_before)
        after = timedelta(minutes=space.buffer_after)
        found = []
        for day in occurrences(app, slot.weekday):
            held = [b for unit in space.units for b in self.busy.get((unit, day), ())]
            if not held:
                continue  # nothing on that day: no instants to work out
            lo = datetime.combine(day, slot.start, tzinfo=OSLO) - before
            hi = datetime.combine(day, slot.end, tzinfo=OSLO) + after
            hit = next((b for b in held if b.start < hi and b.end > lo), None)
            if hit is not None:
                found.append((day, hit))
        return found

    def take(self, app: Applicant, slot: Slot) -> None:
        for unit in self.spaces[slot.space_id].units:
            self.held[(unit, slot.weekday)].append(_Held(app, slot))

    def release(self, app: Applicant) -> None:
        for key, items in self.held.items():
            self.held[key] = [h for h in items if h.app.id != app.id]


def _number(label: str) -> int:
    return int(label.split(":")[1])


def propose(
    *,
    rules: Sequence[str],
    applicants: Iterable[Applicant],
    spaces: Mapping[int, SpaceInfo],
    round_spaces: Sequence[int],
    busy: Iterable[Busy] = (),
    no_private_parties: bool = True,
    max_skipped_share: float = MAX_SKIPPED_SHARE,
    board: Board | None = None,
) -> Proposal:
    """`board`: one already set with these spaces and busy rows (then `busy` is not read),
    for a caller that asks it more afterwards; it holds the granted slots when this returns."""
    rules = tuple(rules)
    ordered = sorted(applicants, key=lambda a: rank_key(rules, a))
    board = board if board is not None else Board(spaces, busy)
    decisions: list[Decision] = []
    conflicts: list[Conflict] = []
    for rank, app in enumerate(ordered, 1):
        decision = Decision(app.id, rank)
        decisions.append(decision)
        decision.reasons.append(
            {"code": "ranked", "rank": rank, "of": len(ordered), "rules": _matched(rules, app)}
        )
        if no_private_parties and app.private_party:
            decision.reasons.append({"code": "private_party"})
            continue
        for label, slot in candidates(app, spaces, round_spaces):
            is_wish = label.startswith("wish:")
            space = spaces.get(slot.space_id)
            problem: dict | None = None
            if space is None:
                problem = {"code": "not_in_round"}
            elif is_wish and space.capacity and app.participants > space.capacity:
                problem = {"code": "over_capacity", "capacity": space.capacity}
            elif not within_hours(space, slot, app.hours_kind):
                problem = {"code": "outside_hours"}
            else:
                holder = board.holder(app, slot)
                if holder is not None:
                    how = decided_by(rules, holder, app)
                    problem = {"code": "taken", "by": holder.id, "decided_by": how}
                    if is_wish:
                        conflicts.append(Conflict(slot, holder.id, app.id, how))
                else:
                    clashes = board.clashes(app, slot)
                    weeks = len(occurrences(app, slot.weekday))
                    if weeks == 0:
                        problem = {"code": "no_weeks"}
                    elif len(clashes) > weeks * max_skipped_share:
                        problem = {
                            "code": "existing",
                            "label": clashes[0][1].label,
                            "weeks": len(clashes),
                        }
                    else:
                        board.take(app, slot)
                        decision.slot = slot
                        decision.choice = label
                        decision.skip_dates = [d for d, _b in clashes]
                        kind = label.split(":")[0]
                        decision.reasons.append(
                            {"code": "granted", "kind": kind, "wish": _number(label)}
                        )
                        if clashes:
                            decision.reasons.append(
                                {
                                    "code": "dates_skipped",
                                    "dates": [d.isoformat() for d, _b in clashes],
                                    "labels": sorted({b.label for _d, b in clashes}),
                                }
                            )
                        break
            if problem is not None and is_wish:
                decision.reasons.append({**problem, "wish": _number(label)})
        if decision.slot is None:
            accepts = app.other_times or app.other_spaces or app.other_hubs
            decision.reasons.append({"code": "no_free_alternative" if accepts else "no_slot"})
    return Proposal(rules=rules, decisions=decisions, conflicts=conflicts)


def _matched(rules: Sequence[str], app: Applicant) -> list[str]:
    return [r for r in rules if favours(r, app)]
