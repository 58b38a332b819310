"""Organisers' pages and the approval queue, with the personas: an organisation's contact,
another organisation's contact, desk staff at Holmen and at Tofte, a resident."""

from decimal import Decimal

import pytest

from torget.events import self_service, services
from torget.events.models import Event, Registration
from torget.events.tests.conftest import at
from torget.notifications.models import Message

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def other_contact(personas):
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory

    user = UserFactory(username="org-kor")
    OrganisationFactory.with_contact(user, name="Holmen kor (oppdiktet)")
    return user


def form(room, personas, **changes):
    data = {
        "organisation": str(personas.organisation.pk),
        "space": str(room.pk),
        "title": "Sjakkveld for alle",
        "description": "Brett og klokker finnes.",
        "category": "meeting_place",
        "audience": "everyone",
        "date": "26.11.2026",
        "start_time": "18:00",
        "end_time": "20:00",
        "until": "",
        "registration": "required",
        "capacity": "2",
        "fee": "50",
        "accessibility": "",
    }
    data.update(changes)
    return data


def test_a_contact_creates_an_activity_and_staff_approve_it(client, personas, room):
    client.force_login(personas.org_contact)
    page = client.get("/arrangementer/ny/")
    assert page.status_code == 200
    assert "Holmen – Møterom Fjorden" in page.content.decode()
    response = client.post("/arrangementer/ny/", form(room, personas))
    assert response.status_code == 302 and response["Location"] == "/arrangementer/mine/"
    event = Event.objects.get()
    assert (event.approval, event.organisation, event.fee) == (
        "pending",
        personas.organisation,
        Decimal("50"),
    )
    occurrence = event.occurrences.get()
    mine = client.get("/arrangementer/mine/").content.decode()
    assert "Sjakkveld for alle" in mine and "Venter på godkjenning" in mine
    # Not public: the calendar, the page and the API do not show it to anyone else.
    client.logout()
    assert "Sjakkveld" not in client.get("/arrangementer/?date=2026-11-26").content.decode()
    assert client.get(occurrence.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/events/{occurrence.pk}").status_code == 404
    assert client.get(f"/arrangementer/{occurrence.pk}/kalender.ics").status_code == 404
    # The organiser previews it; staff at Tofte and a resident do not see it.
    client.force_login(personas.org_contact)
    assert client.get(occurrence.get_absolute_url()).status_code == 200
    for outsider in (personas.desk_tofte, personas.resident):
        client.force_login(outsider)
        assert client.get(occurrence.get_absolute_url()).status_code == 404
        assert client.get("/arrangementer/godkjenning/").status_code == 404 or (
            "Sjakkveld" not in client.get("/arrangementer/godkjenning/").content.decode()
        )
        # The service refuses (staff of the event's hub only); the page answers 404.
        for decision in ({"decision": "approve"}, {"decision": "reject", "reason": "Nei."}):
            response = client.post(f"/arrangementer/godkjenning/{event.pk}/", decision)
            assert response.status_code == 404
        event.refresh_from_db()
        assert event.approval == "pending"
    # Holmen's staff approve it from the queue.
    client.force_login(personas.desk_holmen)
    queue = client.get("/arrangementer/godkjenning/").content.decode()
    assert "Sjakkveld for alle" in queue
    client.post(f"/arrangementer/godkjenning/{event.pk}/", {"decision": "approve"})
    event.refresh_from_db()
    assert event.approval == "approved"
    client.logout()
    assert "Sjakkveld" in client.get("/arrangementer/?date=2026-11-26").content.decode()
    assert client.get(f"/api/v1/events/{occurrence.pk}").status_code == 200


def test_bad_input_shows_a_message_and_writes_nothing(client, personas, room):
    client.force_login(personas.org_contact)
    response = client.post(
        "/arrangementer/ny/",
        form(room, personas, title="", date="31.02.2026", capacity="-1", fee="abc"),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert not Event.objects.exists()
    # A time outside the opening hours is the booking rules' refusal, shown on the form.
    response = client.post(
        "/arrangementer/ny/", form(room, personas, start_time="03:00", end_time="04:00")
    )
    assert response.status_code == 422
    assert not Event.objects.exists()
    # Someone else's organisation cannot be chosen.
    client.force_login(personas.resident)
    assert client.get("/arrangementer/ny/").status_code == 403
    assert client.post("/arrangementer/ny/", form(room, personas)).status_code == 403
    assert not Event.objects.exists()


def test_staff_reject_with_a_reason_from_the_queue(client, personas, room):
    client.force_login(personas.org_contact)
    client.post("/arrangementer/ny/", form(room, personas))
    event = Event.objects.get()
    client.force_login(personas.desk_holmen)
    response = client.post(
        f"/arrangementer/godkjenning/{event.pk}/", {"decision": "reject", "reason": ""}
    )
    event.refresh_from_db()
    assert event.approval == "pending"
    assert "Oppgi en begrunnelse" in client.get(response["Location"]).content.decode()
    client.post(
        f"/arrangementer/godkjenning/{event.pk}/",
        {"decision": "reject", "reason": "Rommet er opptatt av kurs."},
    )
    event.refresh_from_db()
    assert (event.approval, event.rejection_reason) == ("rejected", "Rommet er opptatt av kurs.")
    client.force_login(personas.org_contact)
    assert "Rommet er opptatt av kurs." in client.get("/arrangementer/mine/").content.decode()


def test_the_hub_leader_sets_whether_approval_is_needed(client, personas, holmen):
    client.force_login(personas.desk_holmen)
    assert (
        client.post("/arrangementer/godkjenning/torg/holmen/", {"need_approval": "no"}).status_code
        == 404
    )
    assert self_service.needs_approval(holmen)
    client.force_login(personas.leader)
    client.post("/arrangementer/godkjenning/torg/holmen/", {"need_approval": "no"})
    assert not self_service.needs_approval(holmen)


@pytest.fixture
def running(personas, room):
    """An approved organiser's event with a fee and two registrants."""
    event = self_service.organiser_event_create(
        actor=personas.org_contact,
        organisation=personas.organisation,
        details=services.EventDetails(
            title="Sjakkveld for alle",
            category="meeting_place",
            organiser_type="voluntary",
            capacity=10,
            registration="required",
            fee=Decimal("50"),
        ),
        space=room,
        start=at(26, 18),
        end=at(26, 20),
    )
    self_service.event_approve(actor=personas.desk_holmen, event_id=event.pk)
    occurrence = event.occurrences.get()
    for name, email in (("Anne Registrert", "anne@example.no"), ("Bjorn Registrert", "")):
        services.registration_create(
            actor=None,
            occurrence_id=occurrence.pk,
            name=name,
            email=email,
            phone="" if email else "912 34 567",
            payment_method="invoice" if email else "",
        )
    return occurrence


def participants(occurrence) -> str:
    return f"/arrangementer/{occurrence.pk}/deltakere/"


def test_nobody_sees_another_organisations_registrants(client, personas, running, other_contact):
    for outsider in (other_contact, personas.desk_tofte, personas.resident):
        client.force_login(outsider)
        assert client.get(participants(running)).status_code == 404
        client.post(participants(running), {"action": "message", "text": "Hei"})
    assert not Message.objects.filter(template="event.message_to_registrants").exists()
    for insider in (personas.org_contact, personas.desk_holmen):
        client.force_login(insider)
        html = client.get(participants(running)).content.decode()
        assert "Anne Registrert" in html and "Bjorn Registrert" in html
        assert "Faktura" in html and "ikke betalt" in html


def test_the_organiser_messages_registrants_but_cannot_mark_payments(client, personas, running):
    client.force_login(personas.org_contact)
    response = client.post(
        participants(running), {"action": "message", "text": "Vi starter 18.15 i dag."}
    )
    assert "sendt til 2" in client.get(response["Location"]).content.decode()
    sent = Message.objects.filter(template="event.message_to_registrants")
    assert {m.to for m in sent} == {"anne@example.no", "912 34 567"}
    anne = Registration.objects.get(email="anne@example.no")
    html = client.get(participants(running)).content.decode()
    assert 'value="payment"' not in html  # the payment buttons are staff's
    client.post(
        participants(running), {"action": "payment", "registration": anne.pk, "paid": "yes"}
    )
    anne.refresh_from_db()
    assert not anne.is_paid


def test_staff_mark_a_fee_paid_on_the_participant_page(client, personas, running):
    anne = Registration.objects.get(email="anne@example.no")
    client.force_login(personas.desk_holmen)
    client.post(
        participants(running),
        {"action": "payment", "registration": anne.pk, "paid": "yes", "payment_method": "at_desk"},
    )
    anne.refresh_from_db()
    assert anne.is_paid and anne.payment_method == "at_desk"
    html = client.get(participants(running)).content.decode()
    assert "betalt 23.11.2026" in html


def test_a_resident_chooses_how_to_pay_on_the_event_page(client, running):
    html = client.get(running.get_absolute_url()).content.decode()
    assert 'name="payment_method"' in html
    response = client.post(
        f"/arrangementer/{running.pk}/pamelding/",
        {"name": "Cecilie", "email": "cecilie@example.no", "seats": "1", "payment_method": "later"},
    )
    assert response.status_code == 302
    assert Registration.objects.get(email="cecilie@example.no").payment_method == "later"


def test_the_calendar_links_organisers_and_staff_to_their_pages(client, personas):
    assert "/arrangementer/mine/" not in client.get("/arrangementer/").content.decode()
    client.force_login(personas.org_contact)
    html = client.get("/arrangementer/").content.decode()
    assert "/arrangementer/mine/" in html and "/arrangementer/godkjenning/" not in html
    client.force_login(personas.desk_holmen)
    html = client.get("/arrangementer/").content.decode()
    assert "/arrangementer/godkjenning/" in html and "/arrangementer/mine/" not in html


def test_the_registrants_own_page_says_how_the_fee_is_paid(client, personas, running):
    registered = services.registration_create(
        actor=None,
        occurrence_id=running.pk,
        name="Cecilie",
        email="cecilie@example.no",
        payment_method="at_desk",
    )
    page = client.get(f"/arrangementer/pamelding/{registered.token}/").content.decode()
    assert "kr\xa050" in page and "Betale i skranken" in page and "ikke betalt" in page
