"""Issue 16.8 and 16.9 through the booking pages and API: a title with a line break (saved
before the rule) still gives a calendar file, a new one is refused; instants are RFC 3339
with an offset, never a number."""

import json

import pytest
from icalendar import Calendar

from torget.accounts.models import ApiToken
from torget.booking.models import BlockedPeriod, Booking
from torget.booking.tests.test_views import book_data, existing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def post(client, path, data, user):
    return client.post(path, data=json.dumps(data), content_type="application/json", **bearer(user))


def booking_body(room, **changes) -> dict:
    return {
        "space": room.pk,
        "start": "2026-11-30T10:00:00+01:00",
        "end": "2026-11-30T12:00:00+01:00",
        "title": "Sjakk",
        "organiser_type": "resident",
        "kind": "meeting",
        **changes,
    }


def test_a_line_break_in_a_saved_title_still_gives_a_calendar_file(client, personas, room):
    booking = existing(personas.resident, room, title="Sjakk\r\nkveld")
    client.force_login(personas.resident)
    response = client.get(f"/booking/{booking.pk}/kalender.ics")
    assert response.status_code == 200
    cal = Calendar.from_ical(response.content)
    assert str(cal["x-wr-calname"]) == "Sjakk kveld"
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Sjakk kveld"]


@pytest.mark.parametrize("title", ["Sjakk\r\nkveld", "Sjakk\tkveld", "Sjakk\x1bkveld"])
def test_the_booking_form_refuses_control_characters_in_the_title(client, personas, room, title):
    client.force_login(personas.resident)
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data(title=title))
    assert response.status_code == 422
    assert response.context["form"].errors["title"] == [
        "Linjeskift, tabulatorer og andre kontrolltegn er ikke tillatt her."
    ]
    assert not Booking.objects.exists()


def test_the_api_refuses_control_characters_in_one_line_fields(client, personas, room):
    for field in ("title", "on_behalf_name", "on_behalf_phone"):
        response = post(
            client,
            "/api/v1/bookings",
            booking_body(room, **{field: "Sjakk\r\nkveld"}),
            personas.desk_holmen,
        )
        assert response.status_code == 422, field
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["errors"][0]["field"] == field
    # Notes may span lines; a NUL or an escape is still refused.
    ok = post(
        client,
        "/api/v1/bookings",
        booking_body(room, staff_notes="Nøkkel i resepsjonen.\r\nRing først."),
        personas.desk_holmen,
    )
    assert ok.status_code == 201, ok.content
    bad = post(
        client,
        "/api/v1/bookings",
        booking_body(room, staff_notes="Nøkkel\x00", start="2026-12-01T10:00:00+01:00"),
        personas.desk_holmen,
    )
    assert bad.status_code == 422
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "start",
    [1800000000, 0, 1.5, True, "2026-11-30T10:00:00", "2026-11-30T10:00+01:00", "1800000000"],
)
def test_a_booking_start_must_be_rfc_3339_with_an_offset(client, personas, room, start):
    response = post(client, "/api/v1/bookings", booking_body(room, start=start), personas.resident)
    assert response.status_code == 422, response.content
    problem = response.json()
    assert problem["code"] == "validation"
    assert [e["field"] for e in problem["errors"]] == ["start"]
    assert not Booking.objects.exists()


def test_a_block_from_1970_is_refused(client, personas, room):
    block = {"spaces": [room.pk], "start": 0, "end": "2026-12-02T20:00:00+01:00", "reason": "x"}
    response = post(client, "/api/v1/blocked-periods", block, personas.desk_holmen)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["start"]
    assert not BlockedPeriod.objects.exists()


@pytest.mark.parametrize("until", [20261231, "2026-12-31T00:00:00", "31.12.2026", "2026-1-31"])
def test_a_series_until_is_a_plain_day(client, personas, room, until):
    response = post(
        client, "/api/v1/booking-series", booking_body(room, until=until), personas.resident
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["until"]


def test_the_key_register_refuses_a_line_break_in_a_name(client, personas):
    from torget.booking.models import KeyLoan

    client.force_login(personas.desk_holmen)
    response = client.post(
        f"/booking/ansatte/{personas.holmen.slug}/nokler/",
        {"action": "hand_out", "label": "Kort 14", "holder": "Asker\r\nsjakklubb", "phone": ""},
    )
    assert response.status_code == 422
    assert "Linjeskift, tabulatorer og andre kontrolltegn er ikke tillatt her." in (
        response.content.decode()
    )
    assert not KeyLoan.objects.exists()
