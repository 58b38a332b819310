"""Demo: an open allocation round for next season at Asker sentrum, Holmen and Heggedal,
with twenty applications from the demo organisations (all invented), submitted over the
last weeks. Staff can compute the proposal at /sesong/ansatt/ and read its reasons."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from torget.accounts.models import Organisation, User
from torget.core.timeutil import make_local, today
from torget.places.codes import SpaceKind
from torget.places.models import Hub, Space
from torget.seasons.models import Application, Round, Wish
from torget.seasons.services import round_create_default_rules

HUBS = ("Asker sentrum", "Holmen", "Heggedal")
KINDS = (SpaceKind.ROOM, SpaceKind.HALL, SpaceKind.STUDIO)
CHESS = "Asker sjakklubb (oppdiktet)"
CHOIR = "Vollen seniorkor (oppdiktet)"
VOLUNTEERS = "Frivilligsentralen Heggedal (oppdiktet)"
HIKERS = "Asker turlag (oppdiktet)"
RED_CROSS = "Asker hjelpekorps (oppdiktet)"
BUILDING = "Byggesak"
NAV = "NAV"
HEALTH = "Helsestasjonen"
CAFE = "Fjordkaffe AS (oppdiktet)"

# (organisation, activity, for whom, age group, participants, paid,
#  wishes: (hub, space rank by size (0 = largest), weekday, start, end),
#  alternatives: "t" other times, "s" other spaces, "h" other hubs)
APPLICATIONS = (
    (CHESS, "Sjakk for nybegynnere", "Alle som vil lære sjakk", "all", 16, False,
     (("Holmen", 1, 1, 18, 20), ("Holmen", 1, 3, 18, 20)), "s"),
    (CHESS, "Juniorsjakk", "Barn 8–12 år", "children", 12, False,
     (("Holmen", 1, 1, 17, 18),), "t"),
    (CHOIR, "Korøvelse", "Seniorer som liker å synge", "seniors", 30, False,
     (("Holmen", 0, 3, 18, 20),), "th"),
    (CHOIR, "Konsertøving", "Koret og gjester", "seniors", 40, True,
     (("Asker sentrum", 0, 3, 18, 20),), ""),
    (VOLUNTEERS, "Leksehjelp", "Elever på mellomtrinnet", "children", 20, False,
     (("Heggedal", 0, 1, 16, 18), ("Heggedal", 1, 1, 16, 18)), "s"),
    (VOLUNTEERS, "Reparasjonskafé", "Alle som har noe som må fikses", "all", 15, False,
     (("Heggedal", 1, 5, 11, 14),), "t"),
    (HIKERS, "Turplanlegging", "Turledere", "adults", 10, False,
     (("Asker sentrum", 1, 2, 18, 20),), "sh"),
    (HIKERS, "Seniortur-treff", "Seniorer som går tur", "seniors", 25, False,
     (("Holmen", 0, 3, 18, 20),), "t"),
    (RED_CROSS, "Førstehjelpskurs", "Ungdom og voksne", "youth", 18, False,
     (("Asker sentrum", 0, 2, 18, 21), ("Holmen", 0, 2, 18, 21)), ""),
    (RED_CROSS, "Besøksvenn-samling", "Frivillige besøksvenner", "adults", 12, False,
     (("Heggedal", 1, 0, 18, 20),), "s"),
    (BUILDING, "Byggesaksveiledning", "Innbyggere med byggesaker", "adults", 8, False,
     (("Asker sentrum", 1, 1, 10, 14),), "h"),
    (BUILDING, "Byggesaksveiledning Heggedal", "Innbyggere med byggesaker", "adults", 6, False,
     (("Heggedal", 1, 3, 10, 13),), "t"),
    (NAV, "Jobbklubb", "Arbeidssøkere", "adults", 15, False,
     (("Asker sentrum", 1, 2, 18, 20),), "s"),
    (NAV, "Ungdomsveiledning", "Unge 16–25 år", "youth", 10, False,
     (("Holmen", 1, 1, 18, 20),), "t"),
    (HEALTH, "Åpen helsestasjon", "Foreldre med små barn", "children", 20, False,
     (("Heggedal", 0, 1, 16, 18),), "ts"),
    (HEALTH, "Babysang", "Foreldre med babyer", "children", 15, False,
     (("Holmen", 0, 4, 10, 11),), ""),
    (CAFE, "Kaffekurs", "Kaffeinteresserte", "adults", 14, True,
     (("Asker sentrum", 1, 2, 18, 20),), "t"),
    (CAFE, "Latte art-kveld", "Voksne", "adults", 12, True,
     (("Holmen", 1, 3, 18, 20),), ""),
    (CAFE, "Bursdagsselskap for ansatte", "Inviterte gjester", "adults", 30, True,
     (("Holmen", 0, 5, 14, 18),), ""),
    (HIKERS, "Kartkurs for ungdom", "Ungdom 13–19 år", "youth", 15, False,
     (("Heggedal", 1, 0, 18, 20),), "th"),
)  # fmt: skip


def season_year(on: date) -> int:
    """Next season starts on 23 June; after this year's deadline (1 April) it is next year's."""
    return on.year + 1 if on >= date(on.year, 4, 1) else on.year


def _spaces(hub: Hub) -> list[Space]:
    spaces = Space.objects.filter(hub=hub, kind__in=KINDS, bookable=True, is_active=True)
    return sorted(spaces, key=lambda s: (-s.capacity, s.name))


def load() -> None:
    hubs = list(Hub.objects.filter(name__in=HUBS, is_demo=True))
    if len(hubs) != len(HUBS):
        return
    year = season_year(today())
    name = f"Faste tider sesongen {year}–{year + 1} (demo)"
    round_, created = Round.objects.get_or_create(
        name=name,
        defaults={
            "season_start": date(year, 6, 23),
            "season_end": date(year + 1, 6, 21),
            "opens_at": timezone.now() - timedelta(days=30),
            "deadline": make_local(date(year, 4, 1), time(23, 59)),
            "applicant_text": (
                "Frivillige organisasjoner, kommunale tjenester og næringsliv kan søke om en "
                "fast ukentlig tid i rommene på innbyggertorgene for neste sesong. Frivillige "
                "prioriteres først, gratis aktiviteter før betalte. Private selskap får ikke "
                "tid. Oppdiktet demorunde."
            ),
        },
    )
    by_hub = {h.name: _spaces(h) for h in hubs}
    if created:
        round_.hubs.set(hubs)
        round_.spaces.set([s for spaces in by_hub.values() for s in spaces])
    round_create_default_rules(round_)
    if round_.applications.exists():
        return
    staff = User.objects.filter(username="leder").first()
    orgs = {o.name: o for o in Organisation.objects.all()}
    now = timezone.now()
    for i, (org_name, activity, target, age, people, paid, wishes, alt) in enumerate(APPLICATIONS):
        org = orgs.get(org_name)
        submitter = (org.contacts.first() if org else None) or staff
        if org is None or submitter is None:
            continue
        app = Application.objects.create(
            round=round_,
            organisation=org,
            submitted_by=submitter,
            activity=activity,
            target_group=target,
            age_group=age,
            expected_participants=people,
            paid=paid,
            private_party="Bursdag" in activity,
            first_date=round_.season_start,
            last_date=round_.season_end,
            accept_other_times="t" in alt,
            accept_other_spaces="s" in alt,
            accept_other_hubs="h" in alt,
            # Spread over the last three weeks, in the order listed, a few hours apart.
            submitted_at=now - timedelta(days=21) + timedelta(hours=25 * i),
        )
        for preference, (hub, rank, weekday, start, end) in enumerate(wishes, 1):
            spaces = by_hub[hub]
            Wish.objects.create(
                application=app,
                preference=preference,
                space=spaces[min(rank, len(spaces) - 1)],
                weekday=weekday,
                start_time=time(start),
                end_time=time(end),
            )
