"""Demo activities, relative to today: a realistic week (and the weeks after) at several
hubs — Allsang, språkkafé, jobbkafé, digital hjelp for seniorer, sjakkveld, the senior
centre's dinner — some full with a waitlist, one cancelled. Everything here is invented.

Made through the event services, so every occurrence books its room through the booking
service and writes its own ledger row (the key figures count it once).

Organisers' self-service: the chess club's contact person (`org-sjakk`) has created three
activities of its own: one waits for Holmen's approval, one is approved, and one with a
participant fee has registrations paid at the desk, by invoice and not yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from decimal import Decimal

from django.test import override_settings
from django.utils import timezone

from torget.accounts.models import Organisation, User
from torget.booking.errors import BookingConflict, RuleViolation
from torget.core.errors import DomainError
from torget.core.timeutil import make_local
from torget.events import fees, self_service, services
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
    with override_settings(TORGET_OUTBOX_SEND_ON_COMMIT=False):
        if not Event.objects.filter(is_demo=True).exists():
            _calendar()
        # Each organiser's activity is looked for by title: a demo loaded before this part
        # existed gets it too.
        _organisers()


def _calendar() -> None:
    """The hubs' own week (dates relative to the day it was loaded)."""
    admin = User.objects.get(username="admin")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
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


# --- Organisers' own activities ------------------------------------------------------------

WAITING = "Sjakkurs for nybegynnere"
APPROVED = "Sjakkturnering for ungdom"
WITH_FEE = "Sjakk og vafler: klubbkveld med servering"


@dataclass
class OrganiserSpec:
    title: str
    hub: str
    rooms: tuple[str, ...]
    days_ahead: int
    description: str
    audience: str = "everyone"
    capacity: int = 16
    fee: Decimal = Decimal("0")
    approve: bool = False
    # (name, payment method, paid): registrations for the paid-fee activity
    registrants: tuple[tuple[str, str, bool], ...] = ()


ORGANISER_SPECS = (
    OrganiserSpec(
        WAITING,
        "Holmen",
        ("Møterom Nesøya", "Flerbrukssalen"),
        6,
        "Lær reglene og de første åpningene. Brett og klokker finnes. Seks kvelder.",
    ),
    OrganiserSpec(
        APPROVED,
        "Holmen",
        ("Flerbrukssalen", "Møterom Nesøya"),
        9,
        "Hurtigsjakk for alle under 20 år. Påmelding, så vi vet hvor mange brett vi trenger.",
        audience="youth",
        capacity=24,
        approve=True,
    ),
    OrganiserSpec(
        WITH_FEE,
        "Holmen",
        ("Møterom Nesøya", "Flerbrukssalen"),
        4,
        "Sjakk på flere brett, vafler og kaffe. Egenandelen dekker serveringen.",
        capacity=12,
        fee=Decimal("60"),
        approve=True,
        registrants=(
            ("Kari Nordmann", "at_desk", True),
            ("Ola Hansen", "at_desk", False),
            ("Ingrid Berg", "invoice", True),
            ("Per Olsen", "invoice", False),
            ("Solveig Johansen", "later", False),
        ),
    ),
)
ORGANISER_TIMES = (time(17), time(18), time(12), time(10))


def _organisers() -> None:
    contact = User.objects.filter(username="org-sjakk").first()
    admin = User.objects.filter(username="admin").first()
    club = contact.organisations.first() if contact is not None else None
    if contact is None or admin is None or club is None:
        return
    today = timezone.localdate()
    for spec in ORGANISER_SPECS:
        if Event.objects.filter(is_demo=True, title=spec.title).exists():
            continue
        event = _organiser_event(contact, club, spec, today)
        if event is None:
            continue
        Event.objects.filter(pk=event.pk).update(is_demo=True)
        if spec.approve:
            self_service.event_approve(actor=admin, event_id=event.pk)
        occurrence = event.occurrences.get()
        for name, method, paid in spec.registrants:
            registration = services.registration_create(
                actor=None,
                occurrence_id=occurrence.pk,
                name=f"{name} (oppdiktet)",
                email=name.lower().replace(" ", ".") + "@example.no",
                payment_method=method,
            ).registration
            if paid:
                fees.registration_payment_set(
                    actor=admin, registration_id=registration.pk, paid=True
                )


def _organiser_event(contact: User, club: Organisation, spec: OrganiserSpec, today: date):
    """Booked as the club's contact person, so the booking rules apply as for the club: the
    first room and time that is free and open is taken."""
    details = services.EventDetails(
        title=spec.title,
        category="course" if spec is ORGANISER_SPECS[0] else "meeting_place",
        organiser_type="voluntary",
        description=spec.description,
        audience=spec.audience,
        capacity=spec.capacity,
        registration="required",
        fee=spec.fee,
    )
    for extra in range(4):
        day = today + timedelta(days=spec.days_ahead + extra)
        for name in spec.rooms:
            space = Space.objects.filter(hub__name=spec.hub, name=name).first()
            if space is None:
                continue
            for start in ORGANISER_TIMES:
                try:
                    return self_service.organiser_event_create(
                        actor=contact,
                        organisation=club,
                        details=replace(details),
                        space=space,
                        start=make_local(day, start),
                        end=make_local(day, time(start.hour + 2)),
                    )
                except DomainError:
                    continue
    return None
