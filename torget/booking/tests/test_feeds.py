"""Calendar feeds: busy times for anyone, titles only through the staff secret, and a
personal feed of one's own bookings."""

import pytest
from icalendar import Calendar

from torget.booking.feeds import personal_feed_url, space_feed_key, staff_feed_url
from torget.booking.services import BookingRequest, booking_create
from torget.booking.tests.conftest import at

pytestmark = pytest.mark.usefixtures("frozen_now")


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


@pytest.fixture
def booked(personas, room):
    return booking_create(
        actor=personas.resident,
        request=BookingRequest(
            space=room,
            start=at(30, 10),
            end=at(30, 12),
            title="Hemmelig styremøte",
            organiser_type="resident",
            kind="meeting",
            expected_participants=5,
        ),
    )


def test_anyone_sees_busy_times_without_titles(client, room, booked):
    (event,) = events(client.get(f"/spaces/{room.pk}/calendar.ics"))
    assert str(event["summary"]) == "Opptatt"
    assert event.decoded("dtstart").isoformat() == "2026-11-30T09:00:00+00:00"
    assert b"Hemmelig" not in client.get(f"/spaces/{room.pk}/calendar.ics").content


def test_staff_secret_shows_titles_and_a_wrong_key_does_not(client, room, booked):
    (event,) = events(client.get(staff_feed_url(room)))
    assert str(event["summary"]) == "Hemmelig styremøte"
    (event,) = events(client.get(f"/spaces/{room.pk}/calendar.ics?key={'0' * 32}"))
    assert str(event["summary"]) == "Opptatt"
    assert len(space_feed_key(room)) == 32


def test_a_hall_feed_shows_its_halves_bookings(client, personas, hall):
    whole, north, _south = hall
    booking_create(
        actor=personas.desk_holmen,
        request=BookingRequest(
            space=north,
            start=at(30, 10),
            end=at(30, 12),
            title="Dans",
            organiser_type="voluntary",
            kind="activity",
            public=True,
        ),
    )
    assert len(events(client.get(f"/spaces/{whole.pk}/calendar.ics"))) == 1


def test_personal_feed_holds_my_bookings_only(client, personas, room, booked):
    mine = events(client.get(personal_feed_url(personas.resident)))
    assert [str(e["summary"]) for e in mine] == ["Hemmelig styremøte"]
    assert events(client.get(personal_feed_url(personas.org_contact))) == []
    assert client.get("/bookings/feed/forged-token.ics").status_code == 404


def test_feed_address_from_the_api(client, personas):
    client.force_login(personas.resident)
    url = client.get("/api/v1/feeds/my-bookings").json()["url"]
    assert url.startswith("http://testserver/bookings/feed/") and url.endswith(".ics")


def test_unknown_space_feed_is_404(client, db):
    assert client.get("/spaces/999999/calendar.ics").status_code == 404


def test_a_renewed_feed_address_revokes_the_old_one(client, personas, booked):
    old = personal_feed_url(personas.resident)
    assert client.get(old).status_code == 200
    client.force_login(personas.resident)
    new = client.post("/api/v1/feeds/my-bookings/renew").json()["url"]
    assert client.get(old).status_code == 404
    assert client.get(new.removeprefix("http://testserver")).status_code == 200


def test_hub_staff_find_the_secret_feed_on_the_space_in_the_back_office(client, personas, room):
    """Booking adds the field to places' space form through a hook (places imports no
    booking): the address with its key is there for the hub's staff."""
    client.force_login(personas.desk_holmen)
    page = client.get(f"/staff/places/space/{room.pk}/change/")
    assert page.status_code == 200
    assert staff_feed_url(room) in page.content.decode()
