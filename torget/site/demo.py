"""Demo organisations and accounts (all invented). Needs the demo hubs (places.demo).

Every demo account shares one password, printed by `manage.py demo_accounts`; it is
public, so `load()` refuses to touch an account with a demo username that it did not
create (its e-mail is not a demo address).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import CommandError

from torget.accounts.models import (
    Organisation,
    OrganisationContact,
    OrganisationKind,
    Role,
    RoleKind,
    User,
)
from torget.core.text import norwegian_slug
from torget.places.models import Hub

DEMO_PASSWORD = "torget-demo-2026"
DEMO_EMAIL_DOMAIN = "torget-demo.example"  # .example is reserved (RFC 2606): never delivered

CHESS_CLUB = "Asker sjakklubb (oppdiktet)"
BUILDING_CASES = "Byggesak"


def org_number(base: str) -> str:
    """A nine-digit organisation number with a valid mod-11 check digit.

    Real numbers start with 8 or 9; the demo's start with 1, so they name nobody.
    """
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    remainder = sum(w * int(d) for w, d in zip(weights, base, strict=True)) % 11
    check = (11 - remainder) % 11
    if check == 10:
        raise ValueError(f"{base} has no valid check digit")
    return f"{base}{check}"


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    org_base: str  # eight digits; "" for no number
    description: str
    website: str = ""


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    OrganisationSpec(
        CHESS_CLUB,
        OrganisationKind.VOLUNTARY,
        "10000001",
        "Sjakk for alle aldre tirsdager på Holmen. Nybegynnere velkommen. Oppdiktet forening.",
    ),
    OrganisationSpec(
        "Vollen seniorkor (oppdiktet)",
        OrganisationKind.VOLUNTARY,
        "10000002",
        "Kor for seniorer med øvelse hver torsdag. Oppdiktet forening.",
    ),
    OrganisationSpec(
        "Frivilligsentralen Heggedal (oppdiktet)",
        OrganisationKind.VOLUNTARY,
        "10000003",
        "Kobler frivillige og folk som trenger en hånd: følgetjeneste, leksehjelp, reparasjonskafé. "
        "Oppdiktet.",
    ),
    OrganisationSpec(
        "Asker turlag (oppdiktet)",
        OrganisationKind.VOLUNTARY,
        "10000004",
        "Turlag i DNT-ånd: fellesturer, hyttedugnad og turer for seniorer. Oppdiktet.",
    ),
    OrganisationSpec(
        "Asker hjelpekorps (oppdiktet)",
        OrganisationKind.VOLUNTARY,
        "10000005",
        "Humanitær forening: besøkstjeneste, leksehjelp og førstehjelpskurs. Oppdiktet.",
    ),
    OrganisationSpec(
        BUILDING_CASES,
        OrganisationKind.MUNICIPAL,
        "",
        "Kommunens byggesaksveiledning holder kontordager på innbyggertorgene. Oppdiktede detaljer.",
    ),
    OrganisationSpec(
        "NAV",
        OrganisationKind.MUNICIPAL,
        "",
        "NAV-veiledere har faste dager på innbyggertorgene. Oppdiktede detaljer.",
    ),
    OrganisationSpec(
        "Helsestasjonen",
        OrganisationKind.MUNICIPAL,
        "",
        "Helsestasjon for barn og unge, med åpen dag på noen innbyggertorg. Oppdiktede detaljer.",
    ),
    OrganisationSpec(
        "Fjordkaffe AS (oppdiktet)",
        OrganisationKind.BUSINESS,
        "10000006",
        "Kaffebar som leier lokaler til kurs og smaksprøving. Oppdiktet bedrift.",
    ),
)


@dataclass(frozen=True)
class AccountSpec:
    username: str
    first_name: str
    last_name: str
    description: str  # what the account shows in the demo (printed by demo_accounts)
    role: str = ""  # a RoleKind, or "" for none
    hub: str = ""
    service: str = ""
    superuser: bool = False
    contact_of: str = ""

    @property
    def back_office(self) -> bool:
        return self.superuser or self.role in (
            RoleKind.DESK_STAFF,
            RoleKind.HUB_LEADER,
            RoleKind.MANAGEMENT,
        )


ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec(
        "admin", "Ada", "Administrator", "Administrator (superuser): everything", superuser=True
    ),
    AccountSpec(
        "ledelse",
        "Lene",
        "Ledelse",
        "Management: reads every hub and the key figures",
        RoleKind.MANAGEMENT,
    ),
    AccountSpec(
        "leder", "Lars", "Leder", "Hub leader at Holmen", RoleKind.HUB_LEADER, hub="Holmen"
    ),
    AccountSpec(
        "desk-holmen", "Hanne", "Holm", "Desk staff at Holmen", RoleKind.DESK_STAFF, hub="Holmen"
    ),
    AccountSpec(
        "desk-tofte", "Tore", "Toft", "Desk staff at Tofte", RoleKind.DESK_STAFF, hub="Tofte"
    ),
    AccountSpec(
        "saksbehandler",
        "Siri",
        "Saksbehandler",
        f"Case officer, {BUILDING_CASES}",
        RoleKind.CASE_OFFICER,
        service=BUILDING_CASES,
    ),
    AccountSpec(
        "org-sjakk", "Sverre", "Sjakk", f"Contact person of {CHESS_CLUB}", contact_of=CHESS_CLUB
    ),
    AccountSpec("innbygger", "Ingrid", "Innbygger", "Resident"),
)


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_EMAIL_DOMAIN}"


@cache
def _password_matches(encoded: str) -> bool:
    return check_password(DEMO_PASSWORD, encoded)


def load() -> None:
    """Bring the demo organisations and accounts up to date (idempotent)."""
    _refuse_real_rows()
    organisations = {spec.name: _organisation(spec) for spec in ORGANISATIONS}
    encoded: str | None = None
    for spec in ACCOUNTS:
        user, _created = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": demo_email(spec.username),
                "is_active": True,
                "is_staff": spec.back_office,
                "is_superuser": spec.superuser,
            },
        )
        if not _password_matches(user.password):
            # One hash for every demo account: hashing is slow on purpose, and they share
            # the password anyway.
            encoded = encoded or make_password(DEMO_PASSWORD)
            user.password = encoded
            user.save(update_fields=["password"])
        if spec.role:
            Role.objects.get_or_create(
                user=user,
                kind=spec.role,
                hub=Hub.objects.get(name=spec.hub) if spec.hub else None,
                service=organisations[spec.service] if spec.service else None,
            )
        if spec.contact_of:
            OrganisationContact.objects.update_or_create(
                organisation=organisations[spec.contact_of],
                user=user,
                defaults={"is_primary": True},
            )


def _organisation(spec: OrganisationSpec) -> Organisation:
    slug = norwegian_slug(spec.name.split(" (")[0])
    organisation, _created = Organisation.objects.update_or_create(
        name=spec.name,
        defaults={
            "kind": spec.kind,
            "org_number": org_number(spec.org_base) if spec.org_base else "",
            "description": spec.description,
            "email": f"{slug}@{DEMO_EMAIL_DOMAIN}",
            "website": spec.website,
            "is_demo": True,
        },
    )
    return organisation


def _refuse_real_rows() -> None:
    usernames = [spec.username for spec in ACCOUNTS]
    accounts = [
        username
        for username, email in User.objects.filter(username__in=usernames).values_list(
            "username", "email"
        )
        if email != demo_email(username)
    ]
    if accounts:
        raise CommandError(
            "These accounts exist and were not made by load_demo, which would give them the public "
            "demo password; it stops instead: " + ", ".join(sorted(accounts))
        )
    names = [spec.name for spec in ORGANISATIONS]
    organisations = Organisation.objects.filter(name__in=names, is_demo=False).values_list(
        "name", flat=True
    )
    if organisations:
        raise CommandError(
            "These organisations exist and are not demo data; load_demo stops: "
            + ", ".join(sorted(organisations))
        )
