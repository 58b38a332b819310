"""Demo appointments (invented): services, officers and rotating office hours at the hubs
for the coming four weeks, a few booked slots, and today's agenda.

The building case officer is at Tofte on Tuesdays and at Sætre on Thursdays (the rotation
of issue 7), NAV at Holmen on Mondays and Heggedal on Wednesdays, the health station at
Vollen on Wednesdays, and tax guidance by video on Fridays.

Idempotent: a session that already holds the officer is skipped by the booking engine
(the officer cannot be booked twice), and slots are booked only in sessions with none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

from django.utils import timezone

from torget.accounts.models import Organisation, User
from torget.appointments.models import Appointment, Mode, OfficeHours, Officer, Service
from torget.appointments.selectors import slots
from torget.appointments.services import (
    Contact,
    appointment_book,
    office_hours_plan,
    officer_create,
)
from torget.core.errors import DomainError
from torget.core.timeutil import today
from torget.places.models import Hub, Space

WEEKS = 4
DEMO_LINK = "https://video.kommune.example/"  # .example: an invented address


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    description: str
    organisation: str
    officer: str
    username: str = ""


@dataclass(frozen=True)
class RotationSpec:
    service: str
    hub: str
    weekday: int
    opens: time
    closes: time
    mode: str = Mode.IN_PERSON
    slot_minutes: int = 30


SERVICES = (
    ServiceSpec(
        "Byggesak",
        "Veiledning om byggesøknader, tilbygg, garasjer og reguleringsplaner. Oppdiktet.",
        "Byggesak",
        "Byggesaksbehandler",
        "saksbehandler",
    ),
    ServiceSpec(
        "NAV",
        "Veiledning om arbeid, dagpenger, sosiale tjenester og digitale søknader. Oppdiktet.",
        "NAV",
        "NAV-veileder",
    ),
    ServiceSpec(
        "Helsestasjonen",
        "Samtale med helsesykepleier om barn og unge. Oppdiktet.",
        "Helsestasjonen",
        "Helsesykepleier",
    ),
    ServiceSpec(
        "Skatt og eiendomsskatt",
        "Spørsmål om eiendomsskatt, kommunale avgifter og skattekort. Oppdiktet.",
        "",
        "Skatteveileder",
    ),
)
ROTATIONS = (
    RotationSpec("Byggesak", "Tofte", 1, time(10), time(14)),
    RotationSpec("Byggesak", "Sætre", 3, time(10), time(14)),
    RotationSpec("NAV", "Holmen", 0, time(10), time(13), slot_minutes=20),
    RotationSpec("NAV", "Heggedal", 2, time(10), time(13), slot_minutes=20),
    RotationSpec("Helsestasjonen", "Vollen", 2, time(12), time(14)),
    RotationSpec("Skatt og eiendomsskatt", "Asker sentrum", 4, time(9), time(11), Mode.VIDEO, 15),
)
# Invented people with 000 numbers: they reach nobody.
BOOKERS = (
    ("Kari Eksempel", "00000011", "Tilbygg på hytta, trenger jeg å søke?"),
    ("Ola Eksempel", "00000012", "Hjelp med søknad på nett"),
    ("Aisha Eksempel", "00000013", "Spørsmål om garasje nær nabogrensen"),
)


def _rooms(hub: Hub) -> list[Space]:
    """Meeting rooms first: when one is taken that day, the next is tried."""
    rooms = Space.objects.filter(hub=hub, bookable=True, is_active=True, children__isnull=True)
    return sorted(
        rooms,
        key=lambda r: (not r.name.startswith("Møterom"), r.kind != "room", r.capacity, r.name),
    )


def _officer_busy(why: str) -> bool:
    from torget.booking.errors import ResourceUnavailable

    return why == str(ResourceUnavailable.default_message)


def _officer(spec: ServiceSpec, admin: User) -> Officer:
    organisation = Organisation.objects.filter(name=spec.organisation).first()
    service, _ = Service.objects.update_or_create(
        name=spec.name,
        defaults={"description": spec.description, "organisation": organisation, "active": True},
    )
    officer = Officer.objects.filter(service=service, name=spec.officer).first()
    if officer is None:
        officer = officer_create(actor=admin, service=service, name=spec.officer)
    user = User.objects.filter(username=spec.username).first() if spec.username else None
    if officer.user != user:
        officer.user = user
        officer.save(update_fields=["user"])
    return officer


def load() -> None:
    admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if admin is None:
        return
    officers = {spec.name: _officer(spec, admin) for spec in SERVICES}
    first_day = today() + timedelta(days=1)
    for rotation in ROTATIONS:
        hub = Hub.objects.filter(name=rotation.hub).first()
        days = [first_day]
        for room in _rooms(hub) if hub else []:
            skipped = []
            for day in days:
                result = office_hours_plan(
                    actor=admin,
                    officer=officers[rotation.service],
                    space=room,
                    weekday=rotation.weekday,
                    opens=rotation.opens,
                    closes=rotation.closes,
                    first_day=day,
                    until=first_day + timedelta(weeks=WEEKS) if day == first_day else day,
                    mode=rotation.mode,
                    meeting_link=DEMO_LINK + rotation.service.lower().split()[0]
                    if rotation.mode == Mode.VIDEO
                    else "",
                    slot_minutes=rotation.slot_minutes,
                )
                skipped += result.skipped
            # A day the officer is already there (an earlier run) is not tried elsewhere.
            days = [d for d, why in skipped if not _officer_busy(why)]
            if not days:
                break
    _book_some()


def _book_some() -> None:
    """The first two sessions of each service in the coming week get a few bookings."""
    soon = timezone.now() + timedelta(days=8)
    sessions = OfficeHours.objects.filter(
        cancelled=False, start__gt=timezone.now(), start__lt=soon
    ).select_related("officer__service")
    for session in sessions.order_by("start")[:8]:
        if Appointment.objects.filter(session=session).exists():
            continue
        free = [s for s in slots(session) if s.free]
        for (name, phone, about), slot in zip(BOOKERS, free[::2], strict=False):
            try:
                appointment_book(
                    session_id=session.pk,
                    start=slot.start,
                    about=about,
                    contact=Contact(name=name, phone=phone),
                )
            except DomainError:
                continue
