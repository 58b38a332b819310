"""Twenty-two competing applications across three hubs and every priority class, as plain
input to the allocation function (no database): the acceptance scenario of issue 5."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from torget.seasons.allocation import OSLO, Applicant, Busy, Slot, SpaceInfo

SEASON_START = date(2027, 6, 23)
SEASON_END = date(2028, 6, 21)
RULES = ("voluntary", "municipal", "business", "free")

HOLMEN, HEGGEDAL, SENTRUM = 1, 2, 3
HALL, NORTH, SOUTH, FJORDEN = 10, 11, 12, 13
SALEN, VERKSTEDET = 20, 21
SCENEN, LILLE = 30, 31

WEEKDAYS = {d: (time(7), time(22)) for d in range(6)}  # Monday–Saturday 07–22
HOURS = {d: (w,) for d, w in WEEKDAYS.items()}

SPACES = {
    HALL: SpaceInfo(HALL, HOLMEN, 120, (NORTH, SOUTH), hours=HOURS),
    NORTH: SpaceInfo(NORTH, HOLMEN, 60, (NORTH,), hours=HOURS),
    SOUTH: SpaceInfo(SOUTH, HOLMEN, 60, (SOUTH,), hours=HOURS),
    FJORDEN: SpaceInfo(FJORDEN, HOLMEN, 12, (FJORDEN,), hours=HOURS),
    SALEN: SpaceInfo(SALEN, HEGGEDAL, 80, (SALEN,), buffer_after=15, hours=HOURS),
    VERKSTEDET: SpaceInfo(VERKSTEDET, HEGGEDAL, 15, (VERKSTEDET,), hours=HOURS),
    SCENEN: SpaceInfo(SCENEN, SENTRUM, 100, (SCENEN,), hours=HOURS),
    LILLE: SpaceInfo(LILLE, SENTRUM, 10, (LILLE,), hours=HOURS),
}
ROUND_SPACES = [HALL, NORTH, SOUTH, FJORDEN, SALEN, VERKSTEDET, SCENEN, LILLE]
NAMES = {
    HALL: "Storsalen (Holmen)",
    NORTH: "Storsalen nord (Holmen)",
    SOUTH: "Storsalen sør (Holmen)",
    FJORDEN: "Møterom Fjorden (Holmen)",
    SALEN: "Salen (Heggedal)",
    VERKSTEDET: "Verkstedet (Heggedal)",
    SCENEN: "Scenen (Asker sentrum)",
    LILLE: "Lille møterom (Asker sentrum)",
}

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def _at(day: int, hour: int = 9, month: int = 3) -> datetime:
    return datetime(2027, month, day, hour, tzinfo=OSLO)


def w(space: int, weekday: int, start: int, end: int, start_min: int = 0) -> Slot:
    return Slot(space, weekday, time(start, start_min), time(end))


def a(
    id: int,
    kind: str,
    submitted: datetime,
    *wishes: Slot,
    paid: bool = False,
    age: str = "adults",
    people: int = 20,
    first: date = SEASON_START,
    last: date = SEASON_END,
    **flags: bool,
) -> Applicant:
    return Applicant(
        id=id,
        organisation_kind=kind,
        paid=paid,
        age_group=age,
        participants=people,
        submitted_at=submitted,
        first_date=first,
        last_date=last,
        wishes=tuple(wishes),
        **flags,
    )


APPLICATIONS = [
    # Tuesday evening at Holmen: the hall and its northern half are wanted by four.
    a(1, "voluntary", _at(10), w(NORTH, TUE, 18, 20)),  # chess club, free
    a(2, "business", _at(1, month=2), w(HALL, TUE, 18, 21), paid=True, people=90),  # café course
    a(3, "municipal", _at(2, month=2), w(NORTH, TUE, 18, 20), other_spaces=True),  # NAV
    a(4, "voluntary", _at(12), w(NORTH, TUE, 19, 21), paid=True),  # dance, paid
    # Thursday at Heggedal: a free walking club beats a paying choir; the choir moves later.
    a(5, "voluntary", _at(5), w(SALEN, THU, 18, 20), paid=True, other_times=True),  # choir
    a(6, "voluntary", _at(20), w(SALEN, THU, 18, 20), people=30),  # walking club, free
    # Wednesday at Asker sentrum: two equal voluntary applicants, the earlier wins.
    a(7, "voluntary", _at(1), w(SCENEN, WED, 17, 19), age="youth"),  # homework help
    a(
        8,
        "voluntary",
        _at(14),
        w(SCENEN, WED, 17, 19),
        w(LILLE, WED, 17, 19),
        w(SCENEN, MON, 17, 19),
        people=15,
    ),  # first-aid course
    # Submitted at the same moment: the lower number wins.
    a(9, "voluntary", _at(15, 12), w(FJORDEN, FRI, 10, 12), people=8),
    a(10, "voluntary", _at(15, 12), w(FJORDEN, FRI, 10, 12), people=8),
    # A private party is not given a slot.
    a(11, "business", _at(3), w(SOUTH, SAT, 14, 18), private_party=True, people=40),
    # Existing weekly booking on Mondays 10–12 in the little room: another hub instead.
    a(12, "municipal", _at(4), w(LILLE, MON, 10, 12), people=6, other_hubs=True),
    # Blocked for two weeks: granted, with those weeks left out.
    a(13, "voluntary", _at(6), w(VERKSTEDET, MON, 18, 20), people=10, age="children"),
    # Sunday is closed at every hub: wish 2 instead.
    a(14, "voluntary", _at(7), w(SCENEN, SUN, 12, 14), w(SCENEN, SAT, 12, 14), people=50),
    # Over capacity in the wished room: wish 2.
    a(15, "municipal", _at(8), w(FJORDEN, WED, 9, 11), w(SOUTH, WED, 9, 11), people=25),
    # Heggedal buffer: Salen keeps 15 minutes after each use, so 20:00 is too early.
    a(16, "municipal", _at(9), w(SALEN, THU, 20, 22), people=20),
    # Business: gets what is left.
    a(17, "business", _at(10, month=2), w(SCENEN, WED, 18, 20), paid=True, other_times=True),
    a(18, "business", _at(11, month=2), w(SOUTH, TUE, 18, 20), paid=True, people=30),
    # Children's activity on half a season.
    a(
        19,
        "voluntary",
        _at(16),
        w(SOUTH, THU, 17, 18),
        age="children",
        people=25,
        last=date(2027, 12, 15),
    ),
    # Municipal free vs municipal paid for the same room.
    a(20, "municipal", _at(17), w(VERKSTEDET, TUE, 10, 12), paid=True, people=12),
    a(21, "municipal", _at(18), w(VERKSTEDET, TUE, 10, 12), people=12),
    # Wants the whole hall on Tuesday: its northern half is taken; no alternatives.
    a(22, "voluntary", _at(19), w(HALL, TUE, 18, 20), paid=True, people=70),
]


def _weekly(unit: int, weekday: int, start: time, end: time, label: str) -> list[Busy]:
    first = SEASON_START + timedelta(days=(weekday - SEASON_START.weekday()) % 7)
    result = []
    day = first
    while day <= SEASON_END:
        result.append(
            Busy(
                unit,
                datetime.combine(day, start, tzinfo=OSLO),
                datetime.combine(day, end, tzinfo=OSLO),
                label,
            )
        )
        day += timedelta(weeks=1)
    return result


BUSY = [
    *_weekly(LILLE, MON, time(9, 30), time(12), "Jobbkaffe"),
    Busy(
        VERKSTEDET,
        datetime(2027, 8, 1, 0, tzinfo=OSLO),
        datetime(2027, 8, 15, 0, tzinfo=OSLO),
        "Vedlikehold",
    ),
]
