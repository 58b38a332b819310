"""Demo volunteering (all invented): Holmen's volunteer centre with roles, weekly shifts and
volunteers signed up; agreements with the chess club and the walking club; two residents'
initiatives, one of them turned into an activity. Dates are relative to today; a second run
changes nothing."""

from __future__ import annotations

import contextlib
from datetime import date, time, timedelta

from django.utils import timezone

from torget.accounts.models import Organisation, OrganisationContact, User
from torget.core.errors import DomainError
from torget.core.timeutil import make_local
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


def _agreement(admin: User, name: str, hubs: list[Hub], per_season: int, **terms) -> None:
    organisation = Organisation.objects.filter(name=name).first()
    if (
        organisation is None
        or CooperationAgreement.objects.filter(organisation=organisation).exists()
    ):
        return
    today = timezone.localdate()
    contact = OrganisationContact.objects.filter(organisation=organisation).first()
    agreement = services.agreement_create(
        actor=admin,
        terms=services.AgreementTerms(
            organisation=organisation,
            hubs=hubs,
            starts=today.replace(month=1, day=1),
            ends=today.replace(month=12, day=31),
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
            signed_on=today.replace(month=1, day=1),
            signed_for_organisation_by=contact.user if contact else None,
        )


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
    _initiatives(admin, holmen)
