"""«Mine aktiviteter»: the organiser changes, moves and cancels their own activity through
the pages, with the personas: the organisation's contact, another organisation's contact,
Holmen's desk staff, a resident."""

from datetime import timedelta
from unittest import mock

import pytest

from torget.events import self_service, services
from torget.events.models import Event, Occurrence
from torget.events.services import EventDetails
from torget.events.tests.conftest import NOW, at
from torget.ledger.models import EntrySource, LedgerEntry
from torget.notifications.models import Message

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def other_contact(personas):
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory

    user = UserFactory(username="org-kor")
    OrganisationFactory.with_contact(user, name="Holmen kor (oppdiktet)")
    return user


@pytest.fixture
def activity(personas, room):
    """The chess club's weekly evening (26.11 and 3.12), approved by Holmen, with two
    registrations on the first date: one confirmed, one waiting."""
    event = self_service.organiser_event_create(
        actor=personas.org_contact,
        organisation=personas.organisation,
        details=EventDetails(
            title="Sjakkveld for alle",
            category="meeting_place",
            organiser_type="",
            capacity=1,
            registration="required",
        ),
        space=room,
        start=at(26, 18),
        end=at(26, 20),
        until=at(3, 0, month=12).date(),
    )
    self_service.event_approve(actor=personas.desk_holmen, event_id=event.pk)
    first = event.occurrences.order_by("booking__start").first()
    for name, email in (("Anne", "anne@example.no"), ("Bjørn", "bjorn@example.no")):
        services.registration_create(
            actor=None, occurrence_id=first.pk, name=name, email=email, phone="", seats=1
        )
    return event


def details(**changes):
    data = {
        "title": "Sjakkveld for alle",
        "description": "Ta med eget brett.",
        "category": "meeting_place",
        "audience": "everyone",
        "registration": "required",
        "capacity": "4",
        "fee": "",
        "accessibility": "Trinnfri adgang.",
    }
    data.update(changes)
    return data


def first_date(event) -> Occurrence:
    return event.occurrences.order_by("booking__start").first()


def test_the_menu_has_my_activities_for_an_organisation_contact(client, personas):
    client.force_login(personas.org_contact)
    page = client.get("/").content.decode()
    assert 'href="/arrangementer/mine/"' in page and "Mine aktiviteter" in page
    client.force_login(personas.resident)
    assert 'href="/arrangementer/mine/"' not in client.get("/").content.decode()


def test_my_activities_links_to_change_move_and_cancel(client, personas, activity):
    client.force_login(personas.org_contact)
    page = client.get("/arrangementer/mine/").content.decode()
    first = first_date(activity)
    assert f"/arrangementer/mine/{activity.pk}/endre/" in page
    assert f"/arrangementer/mine/{activity.pk}/avlys/" in page
    assert f"/arrangementer/mine/dato/{first.pk}/flytt/" in page
    assert f"/arrangementer/mine/dato/{first.pk}/avlys/" in page
    assert f"/arrangementer/{first.pk}/deltakere/" in page


def test_the_create_form_uses_date_pickers_and_takes_iso_dates(client, personas, room):
    client.force_login(personas.org_contact)
    page = client.get("/arrangementer/ny/").content.decode()
    assert 'type="date" id="id_date"' in page and 'type="time" id="id_start_time"' in page
    assert 'type="date" id="id_until"' in page
    response = client.post(
        "/arrangementer/ny/",
        {
            **details(capacity="2"),
            "organisation": str(personas.organisation.pk),
            "space": str(room.pk),
            "date": "2026-11-26",  # what the picker sends
            "start_time": "18:00",
            "end_time": "20:00",
            "until": "2026-12-10",
        },
    )
    assert response.status_code == 302
    assert Event.objects.get().occurrences.count() == 3


def test_changing_an_approved_activity_sends_it_for_approval_again(client, personas, activity):
    client.force_login(personas.org_contact)
    page = client.get(f"/arrangementer/mine/{activity.pk}/endre/").content.decode()
    assert "venter aktiviteten på godkjenning igjen" in page  # said before saving
    assert 'value="Sjakkveld for alle"' in page

    # Bad input: a clear message, nothing changed.
    response = client.post(f"/arrangementer/mine/{activity.pk}/endre/", details(title=""))
    assert response.status_code == 422
    assert "Gi aktiviteten en tittel." in response.content.decode()
    activity.refresh_from_db()
    assert activity.approval == "approved"

    response = client.post(
        f"/arrangementer/mine/{activity.pk}/endre/", details(title="Sjakkveld og vafler")
    )
    assert response.status_code == 302 and response["Location"] == "/arrangementer/mine/"
    activity.refresh_from_db()
    assert (activity.title, activity.capacity, activity.approval) == (
        "Sjakkveld og vafler",
        4,
        "pending",
    )
    assert activity.organisation == personas.organisation
    # Out of the key figures until approved again (the ledger rows go, and come back).
    assert not LedgerEntry.objects.filter(source=EntrySource.EVENT).exists()
    mine = client.get("/arrangementer/mine/").content.decode()
    assert "godkjent den på nytt" in mine and "Venter på godkjenning" in mine
    # Out of the calendar until approved; staff see it in their one queue again.
    client.logout()
    assert "Sjakkveld" not in client.get("/arrangementer/?date=2026-11-26").content.decode()
    client.force_login(personas.desk_holmen)
    assert "Sjakkveld og vafler" in client.get("/arrangementer/godkjenning/").content.decode()
    assert "Sjakkveld og vafler" in client.get("/ansatt/").content.decode()
    with mock.patch("django.utils.timezone.now", return_value=NOW + timedelta(hours=1)):
        client.post(f"/arrangementer/godkjenning/{activity.pk}/", {"decision": "approve"})
    activity.refresh_from_db()
    assert activity.approval == "approved"
    assert LedgerEntry.objects.filter(source=EntrySource.EVENT).count() == 2
    # The organiser is told of the second approval too.
    assert Message.objects.filter(template="event.approved").count() == 2


def test_a_hub_without_approval_takes_the_change_at_once(client, personas, activity):
    self_service.hub_event_settings_set(
        actor=personas.leader, hub=activity.hub, need_approval=False
    )
    client.force_login(personas.org_contact)
    page = client.get(f"/arrangementer/mine/{activity.pk}/endre/").content.decode()
    assert "venter aktiviteten på godkjenning igjen" not in page
    client.post(f"/arrangementer/mine/{activity.pk}/endre/", details(title="Sjakkveld"))
    activity.refresh_from_db()
    assert (activity.title, activity.approval) == ("Sjakkveld", "approved")


def test_moving_a_date_tells_everyone_registered(client, personas, activity):
    first = first_date(activity)
    client.force_login(personas.org_contact)
    page = client.get(f"/arrangementer/mine/dato/{first.pk}/flytt/").content.decode()
    assert 'type="date"' in page and 'value="2026-11-26"' in page
    assert "2 påmeldte får melding" in page
    # A date in the past: refused with a message, nothing changed.
    response = client.post(
        f"/arrangementer/mine/dato/{first.pk}/flytt/",
        {"date": "2026-11-01", "start_time": "18:00", "end_time": "20:00"},
    )
    assert response.status_code == 422
    response = client.post(
        f"/arrangementer/mine/dato/{first.pk}/flytt/",
        {"date": "2026-11-27", "start_time": "18:00", "end_time": "20:00"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.start == at(27, 18) and first.status == "scheduled"
    told = Message.objects.filter(template="event.moved")
    assert sorted(m.to for m in told) == ["anne@example.no", "bjorn@example.no"]
    assert "2 påmeldte har fått beskjed" in client.get("/arrangementer/mine/").content.decode()


def test_cancelling_asks_first_then_tells_everyone_registered(client, personas, activity):
    first = first_date(activity)
    client.force_login(personas.org_contact)
    confirm = client.get(f"/arrangementer/mine/dato/{first.pk}/avlys/")
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "Avlyse denne datoen?" in text
    assert "2 påmeldte får melding om at det er avlyst" in text
    first.refresh_from_db()
    assert first.status == "scheduled"  # nothing happens before the confirmation

    response = client.post(f"/arrangementer/mine/dato/{first.pk}/avlys/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "cancelled"
    assert Message.objects.filter(template="event.cancelled").count() == 2
    mine = client.get("/arrangementer/mine/").content.decode()
    assert "avlyst" in mine and "2 påmeldte har fått beskjed" in mine

    # The whole activity: the one date left ahead.
    text = client.get(f"/arrangementer/mine/{activity.pk}/avlys/").content.decode()
    assert "Avlyse aktiviteten?" in text and "Ja, avlys 1 dato" in text
    client.post(f"/arrangementer/mine/{activity.pk}/avlys/")
    assert set(activity.occurrences.values_list("status", flat=True)) == {"cancelled"}
    singular = client.get("/arrangementer/mine/").content.decode()
    assert "0 påmeldte har fått beskjed" in singular


def test_only_the_organiser_reaches_the_pages(client, personas, activity, other_contact):
    first = first_date(activity)
    addresses = [
        f"/arrangementer/mine/{activity.pk}/endre/",
        f"/arrangementer/mine/{activity.pk}/avlys/",
        f"/arrangementer/mine/dato/{first.pk}/flytt/",
        f"/arrangementer/mine/dato/{first.pk}/avlys/",
    ]
    for outsider in (other_contact, personas.resident, personas.desk_tofte):
        client.force_login(outsider)
        for address in addresses:
            assert client.get(address).status_code == 404, (outsider, address)
            assert client.post(address, details(title="Kapret")).status_code == 404
        assert client.get(f"/arrangementer/{first.pk}/deltakere/").status_code == 404
        assert "Sjakkveld" not in client.get("/arrangementer/mine/").content.decode()
    client.logout()
    assert client.get(addresses[0]).status_code == 302  # to sign in
    activity.refresh_from_db()
    first.refresh_from_db()
    assert (activity.title, first.status) == ("Sjakkveld for alle", "scheduled")
    assert not Message.objects.filter(template="event.cancelled").exists()


def test_hub_staff_keep_their_own_tools(client, personas, activity):
    first = first_date(activity)
    client.force_login(personas.desk_holmen)
    page = client.get(f"/arrangementer/{first.pk}/deltakere/").content.decode()
    assert "Flytt eller avlys" in page or "Avlys" in page
    # A change by hub staff does not send the activity back for approval.
    services.event_update(
        actor=personas.desk_holmen,
        event_id=activity.pk,
        details=EventDetails(
            title="Sjakkveld (endret av torget)",
            category="meeting_place",
            organiser_type=activity.organiser_type,
            organisation=activity.organisation,
            capacity=1,
            registration="required",
        ),
    )
    activity.refresh_from_db()
    assert activity.approval == "approved"


def test_the_participant_list_shows_the_waitlist_apart(client, personas, activity):
    first = first_date(activity)
    client.force_login(personas.org_contact)
    page = client.get(f"/arrangementer/{first.pk}/deltakere/").content.decode()
    registered, waitlist = page.split("Venteliste", 1)[0], page.split("Venteliste", 1)[1]
    assert "Anne" in registered and "Bjørn" not in registered
    assert "Bjørn" in waitlist


def test_the_participant_list_as_csv_for_the_organiser_only(
    client, personas, activity, other_contact
):
    first = first_date(activity)
    address = f"/arrangementer/mine/dato/{first.pk}/deltakere.csv"
    client.force_login(personas.org_contact)
    assert address in client.get("/arrangementer/mine/").content.decode()
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Status;Plass på ventelisten;Navn")
    assert lines[1].endswith(";;Anne;1;anne@example.no;")
    assert lines[2].endswith(";1;Bjørn;1;bjorn@example.no;")
    for outsider in (other_contact, personas.resident):
        client.force_login(outsider)
        assert client.get(address).status_code == 404


def test_an_activity_cancelled_before_approval_leaves_the_staff_queue(client, personas, room):
    event = self_service.organiser_event_create(
        actor=personas.org_contact,
        organisation=personas.organisation,
        details=EventDetails(title="Sjakkurs", category="course", organiser_type=""),
        space=room,
        start=at(26, 18),
        end=at(26, 20),
    )
    client.force_login(personas.desk_holmen)
    assert "Sjakkurs" in client.get("/arrangementer/godkjenning/").content.decode()
    assert "Sjakkurs" in client.get("/ansatt/").content.decode()
    client.force_login(personas.org_contact)
    client.post(f"/arrangementer/mine/{event.pk}/avlys/")
    client.force_login(personas.desk_holmen)
    assert "Sjakkurs" not in client.get("/arrangementer/godkjenning/").content.decode()
    assert "Sjakkurs" not in client.get("/ansatt/").content.decode()
