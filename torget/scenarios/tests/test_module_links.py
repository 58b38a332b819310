"""A moved module linked to its rooms and organisers (issue 18): the scenario takes exactly
what is booked in those rooms (their parts too) and what those organisers book, hold as events
or office hours, or were granted as seasonal slots at the hub it leaves — a direct count, row
by row; without links the guess stays. A module's rooms are its own hub's, and the back
office lets only the hub's leader set them."""

from __future__ import annotations

import random
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from torget.accounts.models import Organisation, OrganisationKind, Role, RoleKind
from torget.accounts.tests.factories import OrganisationFactory, UserFactory
from torget.appointments.models import Service
from torget.appointments.services import office_hours_create, officer_create
from torget.booking.models import ACTIVE_STATUSES, Booking
from torget.core.timeutil import OSLO, make_local, today
from torget.events.services import EventDetails, event_create
from torget.places.codes import ModuleCode
from torget.places.models import Module, Space
from torget.places.tests.factories import SpaceFactory
from torget.places.tests.test_admin import change_url, form_data
from torget.scenarios import memo, selectors
from torget.scenarios.models import ChangeKind
from torget.scenarios.scope import ModuleScope, hub_bookings, season_slots
from torget.scenarios.services import ChangeSpec, create_scenario
from torget.seasons.models import Allocation, Application, Round

pytestmark = pytest.mark.django_db

SENIOR_CENTRE = ModuleCode.SENIOR_CENTRE


def _monday(weeks_ahead: int = 1):
    day = today() + timedelta(days=7 * weeks_ahead)
    return day - timedelta(days=day.weekday())


def _at(day, hour: int):
    return make_local(day, time(hour), OSLO)


def _move(personas, starts):
    return create_scenario(
        actor=personas.management,
        name="Seniorsenteret flytter",
        starts=starts,
        assumptions="",
        changes=[
            ChangeSpec(
                kind=ChangeKind.MOVE_MODULE,
                hub=personas.holmen,
                target_hub=personas.tofte,
                module=SENIOR_CENTRE,
            )
        ],
    )


def _slot(personas, organisation: Organisation, space: Space, weekday: int) -> Allocation:
    round_ = Round.objects.filter(name="Faste tider").first() or Round.objects.create(
        name="Faste tider",
        season_start=today(),
        season_end=today() + timedelta(days=300),
        opens_at=timezone.now() - timedelta(days=60),
        deadline=timezone.now() - timedelta(days=30),
    )
    application = Application.objects.create(
        round=round_,
        organisation=organisation,
        submitted_by=personas.org_contact,
        activity=f"Fast tid {organisation.name} {space.name}",
        target_group="Alle",
        age_group="all",
        expected_participants=10,
        first_date=today(),
        last_date=today() + timedelta(days=300),
        submitted_at=timezone.now() - timedelta(days=40),
    )
    return Allocation.objects.create(
        application=application,
        space=space,
        weekday=weekday,
        start_time=time(18),
        end_time=time(20),
    )


@pytest.fixture
def centre(personas):
    """Holmen's senior centre with its café, a hall with halves, a kitchen and a meeting room
    (the kitchen named for the senior centre, which the guess would take), and who books
    there: the senior choir and the municipal senior service (the module's organisers), the
    chess club and the building case office (not the module's)."""
    hub = personas.holmen
    rooms = SimpleNamespace(
        cafe=SpaceFactory(hub=hub, name="Seniorkafeen"),
        kitchen=SpaceFactory(hub=hub, name="Seniorsenterets kjøkken"),
        room=SpaceFactory(hub=hub, name="Møterom Nesøya"),
    )
    rooms.hall, rooms.north, rooms.south = SpaceFactory.hall_with_halves(hub, "Flerbrukssalen")
    people = SimpleNamespace(
        choir=OrganisationFactory(name="Vollen seniorkor (test)"),
        seniors=OrganisationFactory(name="Seniortjenesten", kind=OrganisationKind.MUNICIPAL),
        chess=personas.organisation,
        building=Organisation.objects.get(name="Byggesak"),
    )
    module = Module.objects.create(hub=hub, code=SENIOR_CENTRE)
    return SimpleNamespace(hub=hub, module=module, rooms=rooms, people=people)


def _fill(personas, centre, starts, seed: int) -> None:
    """Random single bookings across rooms and organisers, before and after the date, and
    events, office hours and seasonal slots of each organiser in linked and other rooms."""
    rng = random.Random(seed)
    r, p = centre.rooms, centre.people
    rooms = [r.cafe, r.kitchen, r.room, r.hall, r.north, r.south]
    organisers = [None, p.choir, p.seniors, p.chess]
    for _ in range(50):
        day = starts + timedelta(days=rng.randint(-4, 25))
        organisation = rng.choice(organisers)
        Booking.objects.create(
            space=rng.choice(rooms),
            start=_at(day, rng.randint(8, 20)),
            end=_at(day, 21),
            title="Møte",
            organiser_type="municipal" if organisation == p.seniors else "voluntary",
            organisation=organisation,
            kind="activity",
            booked_by=personas.admin,
        )
    # Events, at hours the single bookings leave free (they do not hold the rooms).
    for hour, space, organisation, audience in (
        (10, r.room, p.choir, "everyone"),  # the module's organiser elsewhere
        (11, r.room, None, "seniors"),  # the guess's: a municipal event for seniors
        (10, r.kitchen, p.seniors, "seniors"),
        (10, r.cafe, p.chess, "everyone"),  # in the module's room
        (11, r.kitchen, p.chess, "everyone"),  # neither
    ):
        event_create(
            actor=personas.admin,
            details=EventDetails(
                title=f"Arrangement {hour} {space.name}",
                category="meeting_place",
                organiser_type="voluntary" if organisation == p.chess else "municipal",
                organisation=organisation,
                audience=audience,
            ),
            space=space,
            start=_at(starts + timedelta(days=1), hour),
            end=_at(starts + timedelta(days=1), hour + 1),
            until=starts + timedelta(weeks=2),
        )
    # Office hours of the senior service and of the building case office.
    for weekday, (service_name, organisation, space) in enumerate(
        (
            ("Seniorveiledning", p.seniors, r.room),
            ("Byggesaksveiledning", p.building, r.room),
            ("Byggesak i kafeen", p.building, r.cafe),
        ),
        start=2,
    ):
        service = Service.objects.create(name=service_name, organisation=organisation)
        officer = officer_create(actor=personas.admin, service=service, name=service_name)
        day = starts + timedelta(days=weekday)
        office_hours_create(
            actor=personas.admin, officer=officer, space=space, start=_at(day, 10), end=_at(day, 11)
        )
    for weekday, (organisation, space) in enumerate(
        ((p.choir, r.room), (p.chess, r.room), (p.chess, r.cafe), (p.seniors, r.north))
    ):
        _slot(personas, organisation, space, weekday)


def _link(centre) -> None:
    centre.module.spaces.set([centre.rooms.cafe, centre.rooms.hall])
    centre.module.organisations.set([centre.people.choir, centre.people.seniors])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_linked_module_displaces_exactly_its_rooms_and_organisers_activity(
    personas, centre, seed
):
    starts = _monday()
    _fill(personas, centre, starts, seed)
    _link(centre)
    r, p = centre.rooms, centre.people
    rooms = [r.cafe, r.hall, r.north, r.south]  # the hall's halves are in the hall
    organisers = [p.choir, p.seniors]
    mine = (
        Q(space__in=rooms)
        | Q(organisation__in=organisers)
        | Q(event_occurrence__event__organisation__in=organisers)
        | Q(office_hours__officer__service__organisation__in=organisers)
    )
    direct = Booking.objects.filter(
        space__hub=centre.hub, status__in=ACTIVE_STATUSES, start__gte=_at(starts, 0)
    ).filter(mine)
    scope = ModuleScope.of(_move(personas, starts).changes.get())
    assert scope.linked
    covered = {row.pk for row in hub_bookings(centre.hub, starts) if scope.covers(row)}
    assert covered == set(direct.values_list("pk", flat=True))
    slots = {a.pk for a in season_slots(centre.hub, starts) if scope.covers_slot(a)}
    assert slots == set(
        Allocation.objects.filter(
            Q(space__in=rooms) | Q(application__organisation__in=organisers)
        ).values_list("pk", flat=True)
    )
    assert len(slots) == 3  # the choir's, the chess club's in the café, the seniors'

    (result,) = selectors.report(_move(personas, starts)).displaced
    assert result.bookings == direct.distinct().count() > 0
    assert result.counts["occurrence"] == direct.filter(event_occurrence__isnull=False).count()
    assert result.counts["office_hours"] == direct.filter(office_hours__isnull=False).count()
    assert result.counts["season_slot"] == 3
    # The kitchen named for the senior centre and the municipal event for seniors are the
    # guess's, not the links': nothing of them moves.
    titles = {item.title for item in result.items}
    assert f"Arrangement 11 {r.room.name}" not in titles
    assert f"Arrangement 11 {r.kitchen.name}" not in titles
    assert f"Arrangement 10 {r.kitchen.name}" in titles  # the senior service's
    assert "Byggesak i kafeen" in titles and "Byggesaksveiledning" not in titles


def test_without_links_the_guess_stays(personas, centre):
    starts = _monday()
    _fill(personas, centre, starts, 1)
    scope = ModuleScope.of(_move(personas, starts).changes.get())
    assert not scope.linked
    r = centre.rooms
    guessed = {
        row.pk
        for row in hub_bookings(centre.hub, starts)
        if row.space_id == r.kitchen.pk  # named for the senior centre
        or (
            row.event is not None
            and row.event.organiser_type == "municipal"
            and row.event.audience == "seniors"
        )
    }
    covered = {row.pk for row in hub_bookings(centre.hub, starts) if scope.covers(row)}
    assert covered == guessed
    # Seasonal slots: only by names, and none of these rooms or organisers is named for it.
    assert not any(scope.covers_slot(a) for a in season_slots(centre.hub, starts))


def test_the_page_and_the_memo_say_how_each_moved_module_is_told(client, personas, centre):
    starts = _monday()
    scenario = _move(personas, starts)
    client.force_login(personas.management)
    guessed = selectors.report(scenario).displaced[0].method
    _link(centre)
    report = selectors.report(scenario)
    exact = report.displaced[0].method
    assert "Holmen" in exact and exact != guessed
    page = client.get(f"/ansatt/scenarioer/{scenario.pk}/").content.decode()
    assert escape(exact) in page and escape(guessed) not in page
    (displaced,) = [s for s in memo.sections(report) if s.key == "sc-displaced"]
    assert exact in [getattr(part, "text", None) for part in displaced.parts]


def test_a_module_with_links_is_read_in_a_few_queries(
    personas, centre, django_assert_max_num_queries
):
    _link(centre)
    change = _move(personas, _monday()).changes.select_related("hub").get()
    with django_assert_max_num_queries(4):  # the module, its rooms, organisers, the hub's rooms
        ModuleScope.of(change)


# --- A module's rooms are its hub's ----------------------------------------------------------


def test_a_room_of_another_hub_is_refused_with_a_clear_message(personas, centre):
    elsewhere = SpaceFactory(hub=personas.tofte, name="Aktivitetsrommet")
    centre.module.spaces.set([centre.rooms.cafe, elsewhere])
    with pytest.raises(ValidationError) as refused:
        centre.module.full_clean()
    (message,) = refused.value.message_dict["spaces"]
    assert "Aktivitetsrommet (Tofte)" in message
    assert "Seniorkafeen" not in message


# --- The back office -------------------------------------------------------------------------


def _hub_form(personas, hub, **module_fields) -> dict:
    """The hub's change page as an administrator sees it, with the module's fields set."""
    reader = Client()
    reader.force_login(personas.admin)
    page = reader.get(change_url(hub))
    data = form_data(page)
    (formset,) = [
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Module
    ]
    prefix = formset.forms[0].prefix
    for name, value in module_fields.items():
        data[f"{prefix}-{name}"] = [str(v.pk) for v in value]
    data["_save"] = "Lagre"
    return data


def test_the_hubs_leader_links_the_module(client, personas, centre):
    client.force_login(personas.leader)
    r, p = centre.rooms, centre.people
    answer = client.post(
        change_url(centre.hub),
        _hub_form(personas, centre.hub, spaces=[r.cafe], organisations=[p.choir, p.seniors]),
    )
    assert answer.status_code == 302, answer.context and answer.context["errors"]
    assert list(centre.module.spaces.all()) == [r.cafe]
    assert set(centre.module.organisations.all()) == {p.choir, p.seniors}


def test_a_leader_of_two_hubs_is_told_the_room_is_at_the_other_hub(client, personas, centre):
    Role.objects.create(user=personas.leader, kind=RoleKind.HUB_LEADER, hub=personas.tofte)
    elsewhere = SpaceFactory(hub=personas.tofte, name="Aktivitetsrommet")
    client.force_login(personas.leader)
    answer = client.post(
        change_url(centre.hub), _hub_form(personas, centre.hub, spaces=[elsewhere])
    )
    assert answer.status_code == 200  # the form again, with the message
    errors = str(answer.context["inline_admin_formsets"][0].formset.errors)
    assert "Aktivitetsrommet (Tofte)" in errors
    assert not centre.module.spaces.exists()


def test_another_hubs_leader_is_offered_only_their_own_rooms(client, personas, centre):
    tofte = personas.tofte
    Module.objects.create(hub=tofte, code=SENIOR_CENTRE)
    own = SpaceFactory(hub=tofte, name="Aktivitetsrommet")
    leader = UserFactory.with_role("leder-tofte", RoleKind.HUB_LEADER, hub=tofte)
    client.force_login(leader)
    page = client.get(change_url(tofte))
    (formset,) = [
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Module
    ]
    assert list(formset.forms[0].fields["spaces"].queryset) == [own]
    answer = client.post(change_url(tofte), _hub_form(personas, tofte, spaces=[centre.rooms.cafe]))
    assert answer.status_code == 200
    assert not Module.objects.get(hub=tofte).spaces.exists()
    assert client.get(change_url(centre.hub)).status_code == 403


def test_another_hubs_desk_staff_neither_read_nor_set_the_links(client, personas, centre):
    _link(centre)
    client.force_login(personas.desk_tofte)
    assert client.get(change_url(centre.hub)).status_code == 403
    assert (
        client.post(change_url(centre.hub), _hub_form(personas, centre.hub, spaces=[])).status_code
        == 403
    )
    assert centre.module.spaces.count() == 2
    # The rooms the module field looks up are the user's own hub's.
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "places", "model_name": "module", "field_name": "spaces", "term": ""},
    )
    assert found.status_code == 200
    assert "Seniorkafeen" not in found.content.decode()


def test_the_hubs_own_desk_staff_read_the_links_but_do_not_change_them(client, personas, centre):
    _link(centre)
    client.force_login(personas.desk_holmen)
    page = client.get(change_url(centre.hub))
    assert page.status_code == 200
    assert "Seniorkafeen" in page.content.decode()
    answer = client.post(change_url(centre.hub), _hub_form(personas, centre.hub, spaces=[]))
    assert answer.status_code == 403
    assert centre.module.spaces.count() == 2
