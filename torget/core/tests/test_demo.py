"""`load_demo` and `demo_accounts`: Asker's nine hubs with invented details, idempotently."""

from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from stdnum.no import orgnr

from torget.accounts.models import Organisation, OrganisationKind, Role, RoleKind, User
from torget.core.timeutil import local_tz, today
from torget.places.codes import HoursKind, ModuleCode, ResourceKind
from torget.places.hours import HoursCalendar
from torget.places.models import (
    Hub,
    Module,
    Notice,
    OpeningException,
    OpeningHoursRule,
    Resource,
    Space,
)
from torget.places.tests.factories import HubFactory
from torget.site.demo import DEMO_PASSWORD

DEMO_USERNAMES = {
    "admin",
    "ledelse",
    "leder",
    "desk-holmen",
    "desk-tofte",
    "saksbehandler",
    "org-sjakk",
    "innbygger",
}


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every Torget model, as plain values, without the fields that change on
    every save (`auto_now`) or sign-in."""
    rows = {}
    for model in apps.get_models():
        if not model.__module__.startswith("torget.") or model._meta.label == "core.ChangeStamp":
            continue  # a change stamp is bumped by every save, even one that changes nothing
        volatile = {f.attname for f in model._meta.concrete_fields if getattr(f, "auto_now", False)}
        volatile.add("last_login")
        values = model._default_manager.order_by("pk").values()
        rows[model._meta.label] = [
            {k: v for k, v in row.items() if k not in volatile} for row in values
        ]
    return rows


@pytest.fixture
def demo(db):
    load()


def test_loading_twice_changes_nothing(demo):
    before = snapshot()
    load()
    assert snapshot() == before
    assert before["places.Hub"] and before["accounts.User"]


def test_every_apps_demo_module_runs_hubs_and_people_first_ledger_last():
    from torget.site.management.commands.load_demo import demo_modules

    modules = demo_modules()
    assert modules[:2] == ["torget.places.demo", "torget.site.demo"]
    assert modules[-1] == "torget.ledger.demo"


def test_if_empty_skips_a_database_with_hubs(db):
    HubFactory(name="Et annet torg")
    assert "not loaded" in load("--if-empty")
    assert Hub.objects.count() == 1


def test_if_empty_loads_an_empty_database(db):
    load("--if-empty")
    assert Hub.objects.count() == 9


def test_real_hubs_are_left_alone(db):
    HubFactory(name="Holmen", description="Ekte data")
    with pytest.raises(CommandError, match="Holmen"):
        load()
    assert Hub.objects.get().description == "Ekte data"
    assert not Space.objects.exists()  # one transaction: nothing half-loaded


def test_real_accounts_are_not_given_the_demo_password(db):
    User.objects.create_user("admin", email="it@asker.example", password="hemmelig-og-lang")
    with pytest.raises(CommandError, match="admin"):
        load()
    assert User.objects.get(username="admin").check_password("hemmelig-og-lang")
    assert not Hub.objects.exists()


def test_nine_asker_hubs_marked_as_invented(demo):
    hubs = list(Hub.objects.all())
    assert {h.slug for h in hubs} == {
        "asker-sentrum",
        "holmen",
        "heggedal",
        "slemmestad",
        "spikkestad",
        "saetre",
        "tofte",
        "borgen",
        "vollen",
    }
    for hub in hubs:
        assert hub.is_demo
        assert "oppdiktet" in hub.description
        assert hub.latitude is not None and hub.longitude is not None
        assert hub.address and len(hub.postal_code) == 4


def test_modules_follow_the_seeds(demo):
    def hubs_with(code: str) -> set[str]:
        return set(Module.objects.filter(code=code).values_list("hub__name", flat=True))

    assert hubs_with(ModuleCode.SENIOR_CENTRE) == {
        "Asker sentrum",
        "Holmen",
        "Vollen",
        "Heggedal",
        "Borgen",
    }
    assert len(hubs_with(ModuleCode.CITIZEN_SERVICE)) >= 3
    library = hubs_with(ModuleCode.LIBRARY) | hubs_with(ModuleCode.LIBRARY_DEPARTMENT)
    assert len(library) >= 3
    assert hubs_with(ModuleCode.LENDING_CENTRAL)


def test_spaces_halls_with_halves_and_resources(demo):
    for hub in Hub.objects.all():
        assert hub.spaces.filter(kind="room").exists(), hub
        assert hub.spaces.filter(kind="pc").exists(), hub
        assert hub.spaces.filter(kind="kitchen").exists(), hub
    halls = Space.objects.filter(children__isnull=False).distinct()
    assert halls.count() >= 2
    for hall in halls:
        assert hall.children.count() == 2
        assert all(half.hub_id == hall.hub_id for half in hall.children.all())
    assert Space.objects.filter(step_free=False).exclude(accessibility_notes="").exists()
    assert Space.objects.filter(features__isnull=False).exists()
    assert Resource.objects.filter(kind=ResourceKind.STAFF, name="Lydtekniker").exists()
    assert Resource.objects.filter(kind=ResourceKind.LENDING).count() >= 3
    assert Resource.objects.filter(name="Prosjektor til utlån").exists()


def test_opening_hours(demo):
    self_service = set(
        OpeningHoursRule.objects.filter(kind=HoursKind.SELF_SERVICE).values_list(
            "hub__name", flat=True
        )
    )
    assert {"Holmen", "Tofte"} <= self_service < set(Hub.objects.values_list("name", flat=True))
    assert OpeningHoursRule.objects.filter(space__isnull=False).exists()

    holmen = Hub.objects.get(slug="holmen")
    monday = date(2031, 3, 3)  # an ordinary week, far from holidays
    calendar = HoursCalendar([holmen], monday, monday + timedelta(days=6))
    staffed = [
        calendar.day(holmen, monday + timedelta(days=d), HoursKind.STAFFED) for d in range(7)
    ]
    closing = [
        day.intervals[-1].end.astimezone(local_tz()).time() if day.intervals else None
        for day in staffed
    ]
    assert closing == [time(15), time(15), time(15), time(19), time(15), None, None]


def test_special_days_closure_and_refurbishment_notice(demo):
    year = today().year
    for y in (year, year + 1):
        for day in (date(y, 12, 24), date(y, 12, 31)):
            exception = OpeningException.objects.get(date=day, hub=None)
            assert exception.closed

    closure = OpeningException.objects.get(hub__isnull=False)
    next_monday = today() + timedelta(days=7 - today().weekday())
    assert next_monday <= closure.date < next_monday + timedelta(days=7)
    assert closure.closed

    notice = Notice.objects.get(title="Storsalen pusses opp")
    assert notice.space is not None and notice.space.name == "Storsalen"
    assert notice.starts <= today() <= notice.ends


def test_organisations_are_invented_with_valid_numbers(demo):
    organisations = list(Organisation.objects.all())
    assert len(organisations) >= 9
    assert all(o.is_demo for o in organisations)
    assert all(orgnr.is_valid(o.org_number) for o in organisations if o.org_number)
    kinds = {o.kind for o in organisations}
    assert kinds == set(OrganisationKind.values)
    assert Organisation.objects.get(name="Byggesak").kind == OrganisationKind.MUNICIPAL
    chess = Organisation.objects.get(name="Asker sjakklubb (oppdiktet)")
    assert list(chess.contacts.values_list("username", flat=True)) == ["org-sjakk"]


def test_demo_accounts_and_their_roles(demo):
    assert set(User.objects.values_list("username", flat=True)) >= DEMO_USERNAMES
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff

    def role(username: str) -> tuple:
        r = Role.objects.get(user__username=username)
        return r.kind, r.hub.slug if r.hub else None, r.service.name if r.service else None

    assert role("ledelse") == (RoleKind.MANAGEMENT, None, None)
    assert role("leder") == (RoleKind.HUB_LEADER, "holmen", None)
    assert role("desk-holmen") == (RoleKind.DESK_STAFF, "holmen", None)
    assert role("desk-tofte") == (RoleKind.DESK_STAFF, "tofte", None)
    assert role("saksbehandler") == (RoleKind.CASE_OFFICER, None, "Byggesak")
    assert not Role.objects.filter(user__username__in=["innbygger", "org-sjakk", "admin"]).exists()
    for username in ("ledelse", "leder", "desk-holmen", "desk-tofte"):
        assert User.objects.get(username=username).is_staff


@pytest.mark.parametrize(
    ("username", "enters"),
    [
        ("admin", True),
        ("ledelse", True),
        ("desk-tofte", True),
        ("innbygger", False),
        ("saksbehandler", False),
    ],
)
def test_demo_accounts_sign_in_to_the_back_office(client, demo, username, enters):
    client.post(reverse("admin:login"), {"username": username, "password": DEMO_PASSWORD})
    response = client.get(reverse("admin:places_hub_changelist"))
    assert (response.status_code == 200) is enters


def test_demo_accounts_command_prints_usernames_and_password(demo, settings):
    settings.TORGET_SITE_URL = "http://localhost:8080"
    out = StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    for username in DEMO_USERNAMES:
        assert username in text
    assert DEMO_PASSWORD in text
    assert "http://localhost:8080/staff/login/" in text
    assert "missing" not in text
    # Who signs in by a link learns their address and where the demo shows the link.
    lines = {line.split()[0]: line for line in text.splitlines() if line.startswith("  ")}
    for username in ("innbygger", "org-sjakk", "saksbehandler"):
        assert f"{username}@torget-demo.example" in lines[username]
        assert "e-mail link" in lines[username]
    assert "password" in lines["desk-holmen"]
    assert "http://localhost:8080/logg-inn/" in text
    assert "http://localhost:8080/demo/meldinger/" in text
