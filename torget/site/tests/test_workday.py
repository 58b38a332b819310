"""The staff home ("Min arbeidsdag", /ansatt/) with the personas: where each lands after
signing in, what each sees (only their own hubs), the hub switch, the staff menu, and the
one approval queue in which each thing waiting appears once."""

from datetime import datetime
from unittest import mock

import pytest

from torget.booking.models import Approval, BookingPolicy
from torget.booking.services import BookingRequest, booking_create
from torget.core.timeutil import OSLO

PASSWORD = "demo-passord-123"  # the factories' password
# Monday 23 November 2026, 09:00 in Oslo.
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def frozen():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW


@pytest.fixture
def room(holmen):
    from torget.places.tests.factories import SpaceFactory

    return SpaceFactory.meeting_room(holmen, name="Møterom Fjorden", capacity=40)


@pytest.fixture
def tofte_room(tofte):
    from torget.places.tests.factories import SpaceFactory

    return SpaceFactory.meeting_room(tofte, name="Toftesalen", capacity=40)


def book(user, space, *, day=24, start=10, end=12, title="Styremøte", **kw):
    values = {"organiser_type": "resident", "kind": "meeting", "expected_participants": 4}
    values.update(kw)
    return booking_create(
        actor=user,
        request=BookingRequest(
            space=space, start=at(day, start), end=at(day, end), title=title, **values
        ),
    )


def callback(hub, phone="99 88 77 66"):
    from torget.desk.models import CallbackRequest

    return CallbackRequest.objects.create(hub=hub, phone=phone, topic="tax", consent=True)


def panel_keys(response) -> list[str]:
    return [p.key for p in response.context["personal"] + response.context["at_hub"]]


def menu(response) -> list[str]:
    return [str(item["label"]) for item in response.context["staff_menu"]]


# --- Where a sign-in lands ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["desk_holmen", "leader", "management", "admin"])
def test_staff_signing_in_to_the_back_office_land_on_their_working_day(client, personas, who):
    user = getattr(personas, who)
    response = client.post(
        "/staff/login/", {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/ansatt/"
    assert response.status_code == 200
    assert "Min arbeidsdag" in response.content.decode()


def test_a_page_that_sent_staff_to_sign_in_still_gets_them_back(client, personas):
    response = client.post(
        "/staff/login/?next=/skranke/holmen/",
        {"username": "desk-holmen", "password": PASSWORD, "next": "/skranke/holmen/"},
    )
    assert response["Location"] == "/skranke/holmen/"


def test_a_case_officer_signing_in_by_link_lands_on_the_working_day(client, personas):
    from torget.accounts.login import email_link

    token = email_link.make_token(personas.case_officer)
    response = client.post(f"/logg-inn/{token}/", follow=True)
    assert response.redirect_chain[-1][0] == "/ansatt/"
    assert response.status_code == 200
    assert menu(response) == ["Min arbeidsdag", "Timeliste"]


def test_residents_still_land_on_their_bookings(client, personas):
    from torget.accounts.login import email_link

    token = email_link.make_token(personas.resident)
    response = client.post(f"/logg-inn/{token}/", follow=True)
    assert response.redirect_chain[-1][0] == "/booking/mine/"
    assert response.context["staff_menu"] == []


# --- What each sees -----------------------------------------------------------------------


def test_desk_staff_see_their_hubs_day(client, personas, room):
    BookingPolicy.objects.create(hub=room.hub, approval=Approval.REQUIRED)
    book(personas.org_contact, room, title="Kurs i strikking")
    callback(personas.holmen)
    client.force_login(personas.desk_holmen)
    response = client.get("/ansatt/")
    assert response.status_code == 200
    assert response.context["hub"] == personas.holmen
    assert panel_keys(response) == [
        "places-hours",
        "booking-rooms",
        "events-approvals",
        "desk-callbacks",
        "desk-today",
        "appointments-today",
        "places-notices",
    ]
    page = response.content.decode()
    assert "Kurs i strikking" in page
    assert "1 person venter på å bli ringt opp" in page
    assert 'href="/skranke/holmen/"' in page  # the desk screen
    assert "99 88 77 66" not in page  # the phone number is on the callback queue only


def test_tofte_staff_never_see_holmens_items(client, personas, room, tofte_room):
    BookingPolicy.objects.create(hub=room.hub, approval=Approval.REQUIRED)
    book(personas.org_contact, room, title="Holmens hemmelige møte")
    callback(personas.holmen, phone="11 22 33 44")
    client.force_login(personas.desk_tofte)
    response = client.get("/ansatt/")
    assert response.context["hub"] == personas.tofte
    assert response.context["hubs"] == [personas.tofte]
    page = response.content.decode()
    assert "Holmens hemmelige møte" not in page
    assert "Ingen venter på å bli ringt opp." in page
    assert "Ingenting venter på godkjenning." in page
    assert client.get("/ansatt/holmen/").status_code == 403
    assert client.get("/ansatt/finnes-ikke/").status_code == 404


def test_the_hub_switch_shows_another_hub_and_remembers_it(client, personas, tofte_room):
    from torget.accounts.models import Role, RoleKind

    Role.objects.create(user=personas.leader, kind=RoleKind.DESK_STAFF, hub=personas.tofte)
    client.force_login(personas.leader)
    first = client.get("/ansatt/")
    assert first.context["hub"] == personas.holmen
    page = first.content.decode()
    assert 'href="/ansatt/tofte/"' in page and 'href="/ansatt/holmen/"' in page
    book(personas.desk_tofte, tofte_room, day=23, start=12, end=13, title="Lunsjmøte")
    chosen = client.get("/ansatt/tofte/")
    assert chosen.context["hub"] == personas.tofte
    assert "Lunsjmøte" in chosen.content.decode()
    assert client.get("/ansatt/").context["hub"] == personas.tofte


def test_management_reads_every_hubs_figures_but_no_personal_queues(client, personas):
    callback(personas.holmen)
    client.force_login(personas.management)
    response = client.get("/ansatt/")
    assert {h.slug for h in response.context["hubs"]} == {"holmen", "tofte"}
    assert panel_keys(response) == ["places-hours", "desk-today", "places-notices"]


def test_a_case_officer_sees_their_own_office_hours(client, personas):
    client.force_login(personas.case_officer)
    response = client.get("/ansatt/")
    assert response.status_code == 200
    assert response.context["hub"] is None
    assert panel_keys(response) == ["appointments-mine"]
    assert "Ingen kontortid i dag." in response.content.decode()


# --- The staff menu -----------------------------------------------------------------------


def test_the_staff_menu_leads_each_persona_to_its_tools(client, personas):
    expected = {
        "desk_holmen": [
            "Min arbeidsdag",
            "Skranke",
            "Bookinger",
            "Godkjenning av aktiviteter",
            "Timeliste",
            "Frivillige",
            "Meråpent",
            "Sesongfordeling",
            "Nøkkeltall",
            "Medvirkning",
            "Administrasjon",
        ],
        "management": [
            "Min arbeidsdag",
            "Nøkkeltall",
            "Scenarioer",
            "Medvirkning",
            "Administrasjon",
        ],
        "case_officer": ["Min arbeidsdag", "Timeliste"],
        "resident": [],
        "org_contact": [],
    }
    for who, labels in expected.items():
        client.force_login(getattr(personas, who))
        response = client.get("/")
        assert menu(response) == labels, who
    client.force_login(personas.desk_holmen)
    response = client.get("/arrangementer/godkjenning/")
    current = [str(i["label"]) for i in response.context["staff_menu"] if i["current"]]
    assert current == ["Godkjenning av aktiviteter"]


def test_a_resident_opening_the_staff_home_goes_to_their_bookings(client, personas):
    client.force_login(personas.resident)
    assert client.get("/ansatt/")["Location"] == "/booking/mine/"
    client.logout()
    assert client.get("/ansatt/").status_code == 302  # to sign in


# --- One approval queue -------------------------------------------------------------------


def test_an_activity_whose_room_also_waits_is_one_item_with_both_reasons(client, personas, room):
    from torget.events.approvals import waiting_for_approval
    from torget.events.self_service import organiser_event_create
    from torget.events.services import EventDetails

    BookingPolicy.objects.create(hub=room.hub, approval=Approval.REQUIRED)
    alone = book(personas.resident, room, day=27, title="Slektsforskning")
    event = organiser_event_create(
        actor=personas.org_contact,
        organisation=personas.organisation,
        details=EventDetails(
            title="Sjakkurs",
            category="meeting_place",
            organiser_type="voluntary",
            audience="everyone",
            capacity=10,
            registration="required",
        ),
        space=room,
        start=at(26, 18),
        end=at(26, 20),
        until=datetime(2026, 12, 10).date(),
    )
    assert event.approval == "pending"
    assert event.occurrences.filter(booking__status="pending").count() == 3

    items = waiting_for_approval(personas.holmen)
    assert [i.key for i in items] == [f"booking-{alone.pk}", f"event-{event.pk}"]  # oldest first
    activity = items[1]
    assert activity.kind == "activity" and len(activity.dates) == 3
    assert activity.url == f"/arrangementer/godkjenning/#event-{event.pk}"
    assert len(activity.reasons) == 2
    assert "Rommet må også godkjennes" in activity.reasons[1]

    client.force_login(personas.desk_holmen)
    page = client.get("/ansatt/").content.decode()
    assert page.count("Sjakkurs") == 1
    assert page.count("Slektsforskning") == 1
    assert "3 datoer i alt" in page

    # The room-booking queue sends staff to the activity its bookings belong to.
    queue = client.get("/booking/ansatte/holmen/godkjenning/").content.decode()
    assert queue.count(f'href="/arrangementer/godkjenning/#event-{event.pk}"') == 3
    assert "Del av aktiviteten «Sjakkurs», som venter på godkjenning" in queue
    # Approving the activity approves its rooms: nothing of it waits any more.
    client.post(f"/arrangementer/godkjenning/{event.pk}/", {"decision": "approve"})
    assert [i.key for i in waiting_for_approval(personas.holmen)] == [f"booking-{alone.pk}"]


# --- Registries: what a later app adds plugs in --------------------------------------------


def test_a_later_app_adds_a_panel_and_a_menu_entry(client, personas):
    from torget.core.staffhome import (
        MenuEntry,
        Panel,
        register_menu_entry,
        register_panel,
        unregister,
    )

    register_panel(
        Panel(
            key="volunteers.today",
            title="Frivillige i dag",
            template="places/staffhome/notices.html",  # any panel template will do
            context=lambda request, hub, day: {"hub": hub, "notices": []},
            visible=lambda user, hub: hub is not None and hub.slug == "holmen",
            order=35,
        )
    )
    register_menu_entry(
        MenuEntry(
            key="volunteers",
            label="Frivillige",
            url_name="places:home",
            visible=lambda user: True,
            order=45,
        )
    )
    try:
        client.force_login(personas.desk_holmen)
        response = client.get("/ansatt/")
        keys = panel_keys(response)
        assert keys.index("volunteers-today") == keys.index("events-approvals") + 1
        assert ">Frivillige i dag</h2>" in response.content.decode()
        assert menu(response)[4] == "Frivillige"
        client.force_login(personas.desk_tofte)
        assert "volunteers-today" not in panel_keys(client.get("/ansatt/"))
    finally:
        unregister("volunteers.today")
        unregister("volunteers")


def test_the_key_figures_show_figures_other_apps_register(client, personas):
    from torget.core.figures import Figure, register_figure, unregister_figure

    callback(personas.holmen)
    callback(personas.tofte)
    register_figure(
        Figure(
            key="volunteers.hours",
            label="Frivillige timer",
            value=lambda hub, start, end: 12.5 if hub is None else 7.5,
            decimals=1,
        )
    )
    try:
        client.force_login(personas.management)
        page = client.get("/nokkeltall/").content.decode()
        assert "Ønsker om å bli ringt opp</dt><dd>2</dd>" in page
        assert "Frivillige timer</dt><dd>12,5</dd>" in page
        page = client.get("/nokkeltall/?period=year&year=2026&hub=holmen").content.decode()
        assert "Ønsker om å bli ringt opp</dt><dd>1</dd>" in page
        assert "Frivillige timer</dt><dd>7,5</dd>" in page
    finally:
        unregister_figure("volunteers.hours")


def test_the_back_office_leads_back_to_the_working_day(client, personas):
    client.force_login(personas.leader)
    page = client.get("/staff/").content.decode()
    assert '<a href="/ansatt/">Min arbeidsdag</a>' in page


def test_hub_leaders_reach_their_hubs_hours_and_notices_in_the_back_office(client, personas):
    client.force_login(personas.leader)
    page = client.get("/ansatt/").content.decode()
    hours = f'href="/staff/places/openinghoursrule/?hub__id__exact={personas.holmen.pk}"'
    notices = f'href="/staff/places/notice/?hub__id__exact={personas.holmen.pk}"'
    assert hours in page and notices in page
    assert (
        client.get(f"/staff/places/notice/?hub__id__exact={personas.holmen.pk}").status_code == 200
    )
    client.force_login(personas.desk_holmen)
    page = client.get("/ansatt/").content.decode()
    assert hours not in page and notices not in page
