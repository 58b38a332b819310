"""Demo volunteering (all invented): Holmen's volunteer centre with roles, weekly shifts and
volunteers signed up; agreements with the chess club and the walking club, with what the
clubs held under them so far (their delivery reports read like the yearly talk: the chess
club behind its 30 a season, the walking club on course for its 12); two residents'
initiatives, one of them turned into an activity. Dates are relative to today; a second run
changes nothing."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.test import override_settings
from django.utils import timezone

from torget.accounts.models import Organisation, OrganisationContact, User
from torget.booking.errors import BookingConflict, RuleViolation
from torget.booking.models import BookingSeries
from torget.core.errors import DomainError
from torget.core.timeutil import make_local
from torget.events import services as events
from torget.events.models import Event, Occurrence
from torget.places.models import Hub, Space
from torget.volunteering import services
from torget.volunteering.models import (
    AgreementStatus,
    CooperationAgreement,
    Initiative,
    RoleKind,
    Shift,
    VolunteerRole,
)

DEMO_DOMAIN = "torget-demo.example"  # the demo accounts' (torget.site.demo), never delivered
CHESS_CLUB = "Asker sjakklubb (oppdiktet)"
WALKING_CLUB = "Asker turlag (oppdiktet)"

ROLES = (
    # kind, title, description, police certificate, minimum age, (weekday, from, to, people)
    (
        RoleKind.CAFE,
        "Kafévert",
        "Koke kaffe, rydde og prate med dem som kommer innom.",
        False,
        16,
        (1, 10, 13, 2),
    ),
    (
        RoleKind.PC_HELP,
        "PC- og mobilhjelp",
        "Hjelpe med mobil, nettbank og BankID.",
        False,
        18,
        (3, 11, 13, 2),
    ),
    (
        RoleKind.HOMEWORK,
        "Leksehjelp",
        "Leksehjelp for barn på mellomtrinnet.",
        True,
        18,
        (2, 14, 16, 3),
    ),
    (
        RoleKind.LOBBY_HOST,
        "Vert i resepsjonen",
        "Ta imot og vise vei på lørdager.",
        False,
        16,
        (5, 10, 14, 1),
    ),
)

VOLUNTEERS = (
    # username, first name, last name, likes, languages, birth date
    ("frivillig-astrid", "Astrid", "Aas", "Kaffe og prat, strikking", "norsk", date(1951, 3, 2)),
    (
        "frivillig-tomasz",
        "Tomasz",
        "Nowak",
        "Data og mobil",
        "polsk, norsk, engelsk",
        date(1988, 9, 14),
    ),
    ("frivillig-sigurd", "Sigurd", "Berg", "Verksted, sjakk", "norsk", date(1948, 11, 30)),
)


def _user(username: str, first: str, last: str) -> User:
    user, created = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@{DEMO_DOMAIN}",
        },
    )
    if created:
        user.set_unusable_password()  # they sign in with a link, as residents do
        user.save(update_fields=["password"])
    return user


def _centre(admin: User, holmen: Hub) -> list[Shift]:
    shifts = []
    for kind, title, description, certificate, age, (weekday, start, end, people) in ROLES:
        role = VolunteerRole.objects.filter(
            hub=holmen, title=title
        ).first() or services.role_create(
            actor=admin,
            hub=holmen,
            kind=kind,
            title=title,
            description=description,
            police_certificate=certificate,
            min_age=age,
        )
        shift = Shift.objects.filter(role=role).first()
        if shift is None:
            try:
                shift = services.shift_create(
                    actor=admin,
                    role=role,
                    weekday=weekday,
                    start_time=time(start),
                    end_time=time(end),
                    people_needed=people,
                    starts_on=timezone.localdate() - timedelta(days=60),
                )
            except DomainError:  # the demo hub's hours changed: leave the role without
                continue
        shifts.append(shift)
    return shifts


def _volunteers(admin: User, shifts: list[Shift]) -> None:
    people = [_user(u, f, last) for u, f, last, *_rest in VOLUNTEERS]
    for user, (_u, _f, _l, likes, languages, born) in zip(people, VOLUNTEERS, strict=True):
        volunteer = services.volunteer_save(
            user=user,
            details=services.VolunteerDetails(
                email=user.email, likes=likes, languages=languages, birth_date=born
            ),
        )
        if volunteer.police_certificate_seen_on is None and user.username == "frivillig-astrid":
            services.police_certificate_seen(
                actor=admin, volunteer_id=volunteer.pk, on=timezone.localdate() - timedelta(days=30)
            )
    today = timezone.localdate()
    for n, shift in enumerate(shifts):
        day = today + timedelta(days=(shift.weekday - today.weekday()) % 7 or 7)
        for user in people[: shift.people_needed][n % 2 :]:
            # Already on it (a second run), or the hub is closed that day: left as it is.
            with contextlib.suppress(DomainError):
                services.signup_create(actor=user, shift_id=shift.pk, day=day)


def term(today: date) -> tuple[date, date]:
    """A year's agreement signed ten months ago (from the first of that month): most of it
    lies behind, so the delivery report has something to say, and it ends in a month or
    two, so the renewal reminder and the yearly talk are near."""
    months = today.year * 12 + today.month - 1 - 10
    starts = date(months // 12, months % 12 + 1, 1)
    return starts, date(starts.year + 1, starts.month, 1) - timedelta(days=1)


def _agreement(admin: User, name: str, hubs: list[Hub], per_season: int, **terms) -> None:
    organisation = Organisation.objects.filter(name=name).first()
    if (
        organisation is None
        or CooperationAgreement.objects.filter(organisation=organisation).exists()
    ):
        return
    starts, ends = term(timezone.localdate())
    contact = OrganisationContact.objects.filter(organisation=organisation).first()
    # The club's weekly series at the agreement's hubs (the booking demo's chess evenings):
    # the weekly room hours the hub provides.
    series = list(
        BookingSeries.objects.filter(
            space__hub__in=hubs, bookings__organisation=organisation
        ).distinct()
    )
    agreement = services.agreement_create(
        actor=admin,
        terms=services.AgreementTerms(
            organisation=organisation,
            hubs=hubs,
            starts=starts,
            ends=ends,
            series=series,
            hub_contact=User.objects.filter(username="leder").first(),
            organisation_contact=contact.user if contact else None,
            activities_per_season=per_season,
            **terms,
        ),
    )
    if agreement.status == AgreementStatus.DRAFT:
        services.agreement_activate(
            actor=admin,
            agreement_id=agreement.pk,
            signed_on=starts - timedelta(days=9),
            signed_for_organisation_by=contact.user if contact else None,
        )


# --- What the clubs held under their agreements ---------------------------------------------


@dataclass(frozen=True)
class Held:
    """A club's recurring activity at a hub: `len(headcounts)` times every `every` weeks up
    to the last such weekday before today (`weeks_back` weeks earlier; none in July, the
    summer break), and `ahead` more after today."""

    organisation: str
    hub: str
    rooms: tuple[str, ...]
    weekday: int  # 0 = Monday
    start: time
    end: time
    every: int
    title: str
    category: str
    description: str
    headcounts: tuple[int, ...]  # as the hub's staff counted them, most recent last
    ahead: int = 0
    weeks_back: int = 0


HELD = (
    # 19 held with 212 participants, 38 room hours: behind the 30 a season it committed to.
    Held(
        CHESS_CLUB,
        "Holmen",
        ("Møterom Nesøya", "Flerbrukssalen"),
        1,
        time(18),
        time(20),
        2,
        "Klubbkveld i sjakk",
        "meeting_place",
        "Annenhver tirsdag: parti, analyse og kaffe. Brett og klokker står klare. "
        "Nybegynnere er velkomne.",
        (9, 11, 12, 10, 14, 13, 8, 11, 12, 10, 9, 13, 12, 11, 10, 12, 14, 9, 12),
    ),
    # 9 walks from Holmen with 192 participants and one ahead, and a map course of two
    # evenings at Asker sentrum with 25: 12 of the 12 it committed to.
    Held(
        WALKING_CLUB,
        "Holmen",
        ("Flerbrukssalen", "Møterom Nesøya"),
        3,
        time(10),
        time(12),
        4,
        "Seniortur med kaffe etterpå",
        "physical_activity",
        "Rolig tur på 4–5 km i nærområdet, med kaffe og kart over neste tur etterpå. "
        "Turledere fra turlaget.",
        (22, 18, 25, 19, 24, 17, 21, 26, 20),
        ahead=1,
    ),
    Held(
        WALKING_CLUB,
        "Asker sentrum",
        ("Møterom Vardåsen",),
        2,
        time(18),
        time(20),
        1,
        "Kart og kompass for nybegynnere",
        "course",
        "To kvelder om å lese kart og bruke kompass, før en tur i marka.",
        (14, 11),
        weeks_back=12,
    ),
)
REASON = "Registrert i etterkant (demodata)"


def held_dates(spec: Held, today: date) -> tuple[list[date], list[date]]:
    """The dates held (oldest first) and those ahead."""
    day = today - timedelta(days=(today.weekday() - spec.weekday) % 7 or 7)
    day -= timedelta(weeks=spec.weeks_back)
    last = day
    past: list[date] = []
    while len(past) < len(spec.headcounts):
        if day.month != 7:
            past.append(day)
        day -= timedelta(weeks=spec.every)
    ahead: list[date] = []
    day = last + timedelta(weeks=spec.every)
    while len(ahead) < spec.ahead:
        if day.month != 7 and day > today:
            ahead.append(day)
        day += timedelta(weeks=spec.every)
    return sorted(past), ahead


def _held(admin: User) -> None:
    """Made through the events service, as the hub's staff record a club's activities: each
    occasion books its room (the club's room hours) and writes its ledger row with the club
    as organiser; the headcount registered afterwards is its participants."""
    today = timezone.localdate()
    for spec in HELD:
        club = Organisation.objects.filter(name=spec.organisation).first()
        if club is None or Event.objects.filter(organisation=club, title=spec.title).exists():
            continue
        past, ahead = held_dates(spec, today)
        wanted = set(past + ahead)
        first, last = min(wanted), max(wanted)
        every_week = [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
        details = events.EventDetails(
            title=spec.title,
            category=spec.category,
            organiser_type="voluntary",
            description=spec.description,
            organisation=club,
        )
        for room in spec.rooms:
            space = Space.objects.filter(
                hub__name=spec.hub, name=room, bookable=True, is_active=True
            ).first()
            if space is None:
                continue
            try:
                event = events.event_create(
                    actor=admin,
                    details=details,
                    space=space,
                    start=make_local(first, spec.start),
                    end=make_local(first, spec.end),
                    until=last if last > first else None,
                    skip_dates=[d for d in every_week if d not in wanted],
                    override_reason=REASON,
                    on_conflict="skip",
                )
            except (BookingConflict, RuleViolation):
                continue  # the room is taken then in this demo: try the next
            Event.objects.filter(pk=event.pk).update(is_demo=True)
            counted = dict(zip(past, spec.headcounts, strict=True))
            for occurrence in Occurrence.objects.filter(event=event).select_related("booking"):
                headcount = counted.get(timezone.localdate(occurrence.booking.start))
                if headcount is not None:
                    events.headcount_record(
                        actor=admin, occurrence_id=occurrence.pk, headcount=headcount
                    )
            break


def _initiatives(admin: User, holmen: Hub) -> None:
    resident = User.objects.filter(username="innbygger").first()
    if not Initiative.objects.filter(hub=holmen, title="Strikkekafé på fredager").exists():
        services.initiative_propose(
            actor=None,
            hub=holmen,
            title="Strikkekafé på fredager",
            description="Vi er noen naboer som gjerne vil strikke sammen og lære bort.",
            name="Randi (oppdiktet)",
            email=f"randi@{DEMO_DOMAIN}",
        )
    chess = Initiative.objects.filter(hub=holmen, title="Sjakkveld på torsdager").first()
    if chess is None:
        chess = services.initiative_propose(
            actor=resident,
            hub=holmen,
            title="Sjakkveld på torsdager",
            description="Vi kan hanke inn en som liker sjakk og ha sjakkveld.",
        )
    if chess.event_id is not None:
        return
    today = timezone.localdate()
    # Thursdays from five weeks ahead (past the holidays), in the first room free then.
    thursday = today + timedelta(days=(3 - today.weekday()) % 7 + 35)
    spaces = Space.objects.filter(hub=holmen, is_active=True, bookable=True).order_by("-capacity")
    for space in spaces:
        try:
            services.initiative_to_event(
                actor=admin,
                initiative_id=chess.pk,
                space=space,
                start=make_local(thursday, time(18)),
                end=make_local(thursday, time(20)),
                category="other",
                until=thursday + timedelta(weeks=4),
                description="Sjakk for alle, nybegynnere velkommen. Et initiativ fra en nabo.",
            )
        except DomainError:  # the room is taken then in this demo: try the next
            continue
        return
    services.initiative_take(actor=admin, initiative_id=chess.pk)


def load() -> None:
    holmen = Hub.objects.filter(name="Holmen").first()
    admin = User.objects.filter(username="admin", is_superuser=True).first()
    if holmen is None or admin is None:
        return
    _volunteers(admin, _centre(admin, holmen))
    others = list(Hub.objects.exclude(pk=holmen.pk).order_by("name")[:1])
    _agreement(
        admin,
        CHESS_CLUB,
        [holmen],
        30,
        storage="Låsbart skap med brett og klokker i lageret",
        keys_and_access="Nøkkelkort til møterommet tirsdager 17–22",
        equipment="Storskjerm til demonstrasjonsbrett",
        hub_volunteering="To verter på kafeen én lørdag i måneden",
    )
    _agreement(
        admin,
        WALKING_CLUB,
        [holmen, *others],
        12,
        storage="Hylle til kart og førstehjelpsutstyr",
        hub_volunteering="Turleder på seniorturene",
    )
    with override_settings(TORGET_OUTBOX_SEND_ON_COMMIT=False):
        _held(admin)
    _initiatives(admin, holmen)
