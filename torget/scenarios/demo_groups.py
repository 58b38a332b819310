"""Regular weekly groups at Tofte and Sætre for the demo scenarios (invented), so "room
elsewhere" has groups to place: a choir, a knitting café, a men's cooking class and the youth
club at Tofte, a residents' exercise group there (counted, never named), and the health
station's weekly drop-in at Sætre on Fridays (a day the hours cut leaves unstaffed).

Made through the booking and appointments services from the scenarios' date, twelve weeks
long; a second run finds them by title and changes nothing."""

from __future__ import annotations

from datetime import date, time, timedelta

from torget.accounts.models import Organisation, OrganisationKind, User
from torget.appointments.models import Officer
from torget.appointments.services import office_hours_plan
from torget.booking.models import BookingSeries
from torget.booking.services import BookingRequest, booking_series_create
from torget.core.timeutil import make_local
from torget.places.models import Space

WEEKS = 12
NOTE = "Demodata (oppdiktet)"

# (hub, space, weekday, from, to, title, organiser type, organisation, participants, kind)
GROUPS = (
    ("Tofte", "Aktivitetsrommet", 1, time(18, 30), time(20, 30), "Korøvelse", "voluntary",
     "Tofte sangkor (oppdiktet)", 28, "activity"),
    ("Tofte", "Møterom Filtvet", 0, time(11), time(13), "Strikkekafé", "voluntary",
     "Hurum husflidslag (oppdiktet)", 10, "activity"),
    ("Tofte", "Kjøkkenkroken", 2, time(17), time(19), "Matlaging for menn", "voluntary",
     "Hurum husflidslag (oppdiktet)", 8, "activity"),
    ("Tofte", "Aktivitetsrommet", 3, time(18), time(21), "Ungdomsklubben", "municipal", "",
     25, "activity"),
    ("Tofte", "Aktivitetsrommet", 4, time(17), time(18), "Trening", "resident", "", 10,
     "activity"),
)  # fmt: skip


def load(starts: date) -> None:
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if admin is None:
        return
    until = starts + timedelta(weeks=WEEKS)
    for hub, room, weekday, opens, closes, title, organiser_type, name, people, kind in GROUPS:
        space = Space.objects.filter(hub__name=hub, name=room).select_related("hub").first()
        if space is None or BookingSeries.objects.filter(space=space, title=title).exists():
            continue
        organisation = None
        if name:
            organisation, _ = Organisation.objects.get_or_create(
                name=name, defaults={"kind": OrganisationKind.VOLUNTARY, "is_demo": True}
            )
        day = starts + timedelta(days=(weekday - starts.weekday()) % 7)
        booking_series_create(
            actor=admin,
            request=BookingRequest(
                space=space,
                start=make_local(day, opens),
                end=make_local(day, closes),
                title=title,
                organiser_type=organiser_type,
                organisation=organisation,
                kind=kind,
                expected_participants=people,
                public=True,
                staff_notes=NOTE,
            ),
            until=until,
            on_conflict="skip",
        )
    _health_station(admin, starts, until)


def _health_station(admin: User, starts: date, until: date) -> None:
    officer = Officer.objects.filter(service__name="Helsestasjonen").first()
    room = Space.objects.filter(hub__name="Sætre", name="Møterom Verket").first()
    if officer is None or room is None or officer.sessions.filter(hub=room.hub).exists():
        return
    office_hours_plan(
        actor=admin,
        officer=officer,
        space=room,
        weekday=4,
        opens=time(12),
        closes=time(14),
        first_day=starts,
        until=until,
    )
