"""The appointments API: public reads, booking without an account, the private link, staff."""

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client

from torget.accounts.models import ApiToken
from torget.appointments.models import Appointment
from torget.appointments.tests.conftest import at
from torget.ledger.models import EntryKind, LedgerEntry

pytestmark = pytest.mark.django_db


def staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, url, **body):
    return client.post(url, body, content_type="application/json")


def problem(response) -> dict:
    assert response["Content-Type"].startswith("application/problem+json"), response.content
    return response.json()


def book(client, session, start, **body):
    body.setdefault("about", "Veranda")
    body.setdefault("name", "Anne")
    body.setdefault("phone", "40000000")
    return post(client, "/api/v1/appointments", office_hours=session.pk, start=start, **body)


def test_public_reads(session, office):
    services = Client().get("/api/v1/appointment-services").json()
    assert services == [
        {"slug": "byggesak", "name": "Byggesak", "description": office.service.description}
    ]
    listing = Client().get("/api/v1/office-hours?service=byggesak&hub=tofte").json()
    assert listing["count"] == 1
    item = listing["items"][0]
    assert item["hub"] == "tofte" and item["free_slots"] == 4 and item["mode"] == "in_person"
    assert "slots" not in item
    assert Client().get("/api/v1/office-hours?hub=holmen").json()["count"] == 0
    detail = Client().get(f"/api/v1/office-hours/{session.pk}").json()
    assert [s["free"] for s in detail["slots"]] == [True] * 4
    assert problem(Client().get("/api/v1/office-hours/999999"))["code"] == "not_found"


def test_book_cancel_and_move_by_the_key(session):
    response = book(Client(), session, at(24, 10).isoformat())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "booked" and body["ics_url"].endswith("/kalender.ics")
    clash = book(Client(), session, at(24, 10).isoformat(), name="Per")
    assert clash.status_code == 409 and problem(clash)["code"] == "appointment.slot_taken"
    token = body["token"]
    moved = post(
        Client(),
        f"/api/v1/appointments/{token}/move",
        office_hours=session.pk,
        start=at(24, 11).isoformat(),
    )
    assert moved.status_code == 200
    assert moved.json()["start"] in ("2026-11-24T10:00:00Z", "2026-11-24T10:00:00+00:00")
    assert Client().get(f"/api/v1/appointments/{token}").json()["status"] == "booked"
    cancelled = post(Client(), f"/api/v1/appointments/{token}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    again = post(Client(), f"/api/v1/appointments/{token}/cancel")
    assert problem(again)["code"] == "appointment.not_active"
    assert problem(Client().get("/api/v1/appointments/nope"))["status"] == 404


@pytest.mark.parametrize(
    "changes, status",
    [
        ({"start": "2026-11-24T10:00:00"}, 422),  # no offset
        ({"start": "2026-11-24T10:15:00+01:00"}, 409),  # not a slot
        ({"about": ""}, 422),
        ({"about": "x" * 5000}, 422),
        ({"name": "", "phone": ""}, 422),
        ({"office_hours": 999999}, 404),
        ({"office_hours": "abc"}, 422),
    ],
)
def test_bad_input_is_4xx_and_writes_nothing(session, changes, status):
    body = {
        "office_hours": session.pk,
        "start": at(24, 10).isoformat(),
        "about": "x",
        "name": "Anne",
        "phone": "40000000",
    }
    body.update(changes)
    response = post(Client(), "/api/v1/appointments", **body)
    assert response.status_code == status, response.content
    assert Appointment.objects.count() == 0


def test_a_bearer_token_books_as_the_user(session, personas):
    personas.resident.email = "innbygger@example.no"
    personas.resident.save()
    _, raw = ApiToken.issue(personas.resident)
    response = Client().post(
        "/api/v1/appointments",
        {"office_hours": session.pk, "start": at(24, 10).isoformat(), "about": "Søknad"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content
    assert Appointment.objects.get().user == personas.resident


def test_the_session_alone_does_not_book_in_someones_name(session, personas):
    response = post(
        staff(personas.resident),
        "/api/v1/appointments",
        office_hours=session.pk,
        start=at(24, 10).isoformat(),
        about="x",
    )
    assert response.status_code == 422  # a name and a phone or e-mail are needed


def test_staff_create_office_hours_and_the_officer_clash_is_409(personas, office, frozen_now):
    body = {
        "officer": office.officer.pk,
        "space": office.tofte_room.pk,
        "start": at(24, 10).isoformat(),
        "end": at(24, 12).isoformat(),
        "slot_minutes": 20,
    }
    created = post(staff(personas.desk_tofte), "/api/v1/office-hours", **body)
    assert created.status_code == 201, created.content
    assert len(created.json()["slots"]) == 6
    body["space"] = office.holmen_room.pk
    clash = post(staff(personas.desk_holmen), "/api/v1/office-hours", **body)
    assert clash.status_code == 409 and problem(clash)["code"] == "booking.resource_unavailable"
    refused = post(staff(personas.desk_tofte), "/api/v1/office-hours", **body)
    assert refused.status_code == 403
    assert post(Client(), "/api/v1/office-hours", **body).status_code == 401


def test_agenda_and_marks(session, personas):
    book(Client(), session, at(24, 10).isoformat())
    appointment = Appointment.objects.get()
    agenda = staff(personas.desk_tofte).get("/api/v1/agenda?date=2026-11-24").json()
    assert agenda[0]["appointments"][0]["name"] == "Anne"
    assert staff(personas.desk_holmen).get("/api/v1/agenda?date=2026-11-24").json() == []
    url = f"/api/v1/agenda/appointments/{appointment.pk}/mark"
    early = post(staff(personas.desk_tofte), url, status="held")
    assert problem(early)["code"] == "appointment.not_started"
    with mock.patch("django.utils.timezone.now", return_value=at(24, 10) + timedelta(minutes=40)):
        assert post(staff(personas.desk_holmen), url, status="held").status_code == 403
        done = post(staff(personas.desk_tofte), url, status="held")
    assert done.status_code == 200 and done.json()["status"] == "held"
    assert LedgerEntry.objects.filter(kind=EntryKind.APPOINTMENT).count() == 1


def test_only_the_hubs_staff_cancel_office_hours(session, personas):
    url = f"/api/v1/office-hours/{session.pk}/cancel"
    refused = post(staff(personas.desk_holmen), url)
    assert refused.status_code == 403 and problem(refused)["code"] == "permission_denied"
    assert post(Client(), url).status_code == 401
    session.refresh_from_db()
    assert not session.cancelled
    done = post(staff(personas.desk_tofte), url)
    assert done.status_code == 200 and done.json()["cancelled"] is True
