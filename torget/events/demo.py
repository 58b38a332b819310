"""Demo activities, relative to today: a realistic week (and the weeks after) at several
hubs — Allsang, språkkafé, jobbkafé, digital hjelp for seniorer, sjakkveld, the senior
centre's dinner — some full with a waitlist, one cancelled. Everything here is invented.

Made through the event services, so every occurrence books its room through the booking
service (and so counts in the key figures through its booking).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.test import override_settings
from django.utils import timezone

from torget.accounts.models import Organisation, User
from torget.booking.errors import BookingConflict, RuleViolation
from torget.core.errors import DomainError
from torget.core.timeutil import make_local
from torget.events import services
from torget.events.models import Event, Occurrence
from torget.places.models import Space

REASON = "Demodata (oppdiktet)"
WEEKS = 8


@dataclass
class Spec:
    hub: str
    rooms: tuple[str, ...]
    weekday: int  # 0 = Monday
    start: time
    end: time
    title: str
    category: str
    organiser_type: str
    description: str
    organisation: str = ""
    audience: str = "everyone"
    capacity: int | None = None
    registration: str = "none"
    fee: Decimal = Decimal("0")
    language: str = "nb"
    accessibility: str = ""
    weekly: bool = True
    # Registrations for the next occurrence: a number beyond the capacity fills the waitlist.
    registrants: int = 0
    extra: dict = field(default_factory=dict)


SPECS = (
    Spec(
        "Asker sentrum",
        ("Storsalen",),
        2,
        time(15),
        time(16, 30),
        "Allsang",
        "culture",
        "municipal",
        "Vi synger kjente og kjære sanger sammen, med pianist. Tekstene står på lerretet. "
        "Kaffe og vafler i pausen.",
        audience="everyone",
        accessibility="Trinnfri adkomst, teleslynge i salen.",
    ),
    Spec(
        "Holmen",
        ("Flerbrukssalen", "Møterom Nesøya"),
        3,
        time(17),
        time(19),
        "Språkkafé",
        "language_cafe",
        "voluntary",
        "Øv på norsk i en uformell samtale med frivillige. Alle nivåer er velkomne, "
        "og du trenger ikke melde deg på – men det hjelper oss å ha nok frivillige.",
        organisation="Frivilligsentralen Heggedal (oppdiktet)",
        audience="adults",
        capacity=20,
        registration="optional",
        language="nb-easy",
        registrants=6,
    ),
    Spec(
        "Slemmestad",
        ("Møterom Bødalen", "Møterom Fjæra"),
        0,
        time(15),
        time(17),
        "Jobbkafé",
        "job_cafe",
        "municipal",
        "Få hjelp med CV, søknader og jobbsøking. NAV og frivillige er til stede.",
        organisation="NAV",
        audience="adults",
        capacity=12,
        registration="optional",
        registrants=4,
    ),
    Spec(
        "Holmen",
        ("Møterom Nesøya", "Flerbrukssalen"),
        2,
        time(8, 30),
        time(10),
        "Digital hjelp for seniorer",
        "digital_help",
        "municipal",
        "Ta med mobil, nettbrett eller PC. Vi hjelper deg med BankID, Helsenorge, "
        "digital postkasse og det du lurer på. Én veileder per to deltakere.",
        audience="seniors",
        capacity=6,
        registration="required",
        accessibility="Trinnfri adkomst. Teleslynge kan lånes i skranken.",
        registrants=8,  # full, two on the waitlist
    ),
    Spec(
        "Heggedal",
        ("Verkstedet", "Møterom Gjellum"),
        3,
        time(18),
        time(21),
        "Sjakkveld",
        "meeting_place",
        "voluntary",
        "Åpen sjakkveld for alle aldre og nivåer. Brett og klokker finnes. "
        "Nybegynnere får hjelp av klubbens medlemmer.",
        organisation="Asker sjakklubb (oppdiktet)",
    ),
    Spec(
        "Holmen",
        ("Seniorsenterets kjøkken",),
        4,
        time(15),
        time(16),
        "Seniorsenterets middag",
        "meal",
        "municipal",
        "Varm middag med dessert og kaffe i seniorsenteret. Meld deg på innen dagen før, "
        "så vi vet hvor mye vi skal lage.",
        audience="seniors",
        capacity=14,
        registration="required",
        fee=Decimal("95"),
        registrants=17,  # full, three on the waitlist
    ),
    Spec(
        "Tofte",
        ("Aktivitetsrommet",),
        1,
        time(19),
        time(21),
        "Åpent møte i lokalsamfunnsutvalget",
        "local_democracy",
        "municipal",
        "Lokalsamfunnsutvalget for Hurum holder åpent møte. Saksliste og referat legges ut "
        "her. Alle kan komme og stille spørsmål.",
        weekly=False,
    ),
    Spec(
        "Heggedal",
        ("Heggedalssalen",),
        5,
        time(11),
        time(13),
        "Familielørdag: bygg med lego",
        "culture",
        "voluntary",
        "Bygg sammen med barna. Lego og saft står klart.",
        organisation="Frivilligsentralen Heggedal (oppdiktet)",
        audience="children_families",
        capacity=40,
        registration="optional",
        weekly=False,
        registrants=5,
    ),
)

NAMES = (
    "Kari Nordmann",
    "Ola Hansen",
    "Ingrid Berg",
    "Per Olsen",
    "Solveig Johansen",
    "Arne Larsen",
    "Liv Andersen",
    "Nils Pedersen",
    "Randi Nilsen",
    "Bjarne Kristiansen",
    "Gunn Jensen",
    "Odd Karlsen",
    "Turid Haugen",
    "Svein Eriksen",
    "Anne Lie",
    "Harald Dahl",
    "Bodil Moen",
    "Terje Bakken",
)


def load() -> None:
    if Event.objects.filter(is_demo=True).exists():
        return  # already loaded (the dates are relative to the day it was loaded)
    admin = User.objects.get(username="admin")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    # Demo registrations are queued in the outbox, not sent while loading.
    with override_settings(TORGET_OUTBOX_SEND_ON_COMMIT=False):
        for spec in SPECS:
            first = monday + timedelta(days=spec.weekday)
            if not spec.weekly and first < today:
                first += timedelta(weeks=1)
            event = _create(admin, spec, first)
            if event is not None:
                _registrations(event, spec)
                _past(admin, event)
        _cancel_one(admin, today)


def _create(admin: User, spec: Spec, first: date) -> Event | None:
    organisation = (
        Organisation.objects.filter(name=spec.organisation).first() if spec.organisation else None
    )
    details = services.EventDetails(
        title=spec.title,
        category=spec.category,
        organiser_type=spec.organiser_type,
        description=spec.description,
        organisation=organisation,
        audience=spec.audience,
        fee=spec.fee,
        capacity=spec.capacity,
        registration=spec.registration,
        accessibility=spec.accessibility,
        language=spec.language,
    )
    for name in spec.rooms:
        space = Space.objects.filter(hub__name=spec.hub, name=name).first()
        if space is None:
            continue
        try:
            event = services.event_create(
                actor=admin,
                details=details,
                space=space,
                start=make_local(first, spec.start),
                end=make_local(first, spec.end),
                until=first + timedelta(weeks=WEEKS) if spec.weekly else None,
                override_reason=REASON,
                on_conflict="skip",
            )
        except (BookingConflict, RuleViolation):
            continue
        Event.objects.filter(pk=event.pk).update(is_demo=True)
        return event
    return None


def _registrations(event: Event, spec: Spec) -> None:
    if not spec.registrants:
        return
    now = timezone.now()
    upcoming = (
        Occurrence.objects.filter(event=event, booking__start__gt=now + timedelta(hours=2))
        .order_by("booking__start")
        .first()
    )
    if upcoming is None:
        return
    for index in range(spec.registrants):
        name = NAMES[index % len(NAMES)]
        # Two in three give an e-mail address, the rest a mobile number (invented).
        email = name.lower().replace(" ", ".") + "@example.no" if index % 3 else ""
        phone = "" if email else f"9{index:02d} 00 {index:03d}"
        try:
            services.registration_create(
                actor=None,
                occurrence_id=upcoming.pk,
                name=f"{name} (oppdiktet)",
                seats=2 if index == 1 and (spec.capacity or 0) > 10 else 1,
                email=email,
                phone=phone,
            )
        except DomainError:
            continue


def _past(admin: User, event: Event) -> None:
    """Occurrences earlier this week: a headcount for drop-in, attendance otherwise."""
    now = timezone.now()
    for occurrence in Occurrence.objects.filter(event=event, booking__end__lt=now):
        if event.registration == "none":
            services.headcount_record(
                actor=admin, occurrence_id=occurrence.pk, headcount=18 + occurrence.pk % 23
            )


def _cancel_one(admin: User, today: date) -> None:
    """Next week's Allsang is cancelled (the pianist is ill): shown as cancelled."""
    allsang = Event.objects.filter(is_demo=True, title="Allsang").first()
    if allsang is None:
        return
    next_week = Occurrence.objects.filter(
        event=allsang, booking__start__date__gte=today + timedelta(days=7)
    ).order_by("booking__start")
    occurrence = next_week.first()
    if occurrence is not None:
        services.occurrence_cancel(
            actor=admin, occurrence_id=occurrence.pk, reason="Pianisten er syk (demodata)"
        )
