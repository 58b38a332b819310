"""Staff create events in the back office; the service books the room; other hubs' staff
cannot see them."""

import pytest

from torget.booking.models import Booking
from torget.events.models import Event

pytestmark = pytest.mark.usefixtures("frozen_now")


def add_form(room, **extra):
    data = {
        "space": room.pk,
        "date": "2026-11-25",
        "start_time": "10:00",
        "end_time": "12:00",
        "repeat_until": "",
        "override_reason": "",
        "title": "Norskøving",
        "description": "Øv på norsk over en kopp kaffe.",
        "category": "language_cafe",
        "organiser_type": "voluntary",
        "audience": "everyone",
        "fee": "0",
        "capacity": "15",
        "registration": "optional",
        "language": "nb-easy",
        "accessibility": "",
        "occurrences-TOTAL_FORMS": "0",
        "occurrences-INITIAL_FORMS": "0",
        "occurrences-MIN_NUM_FORMS": "0",
        "occurrences-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_desk_staff_create_an_event_that_books_the_room(client, personas, room):
    client.force_login(personas.desk_holmen)
    form = client.get("/staff/events/event/add/").content.decode()
    assert "Rom og tid" in form and "Ukentlig til og med" in form
    response = client.post("/staff/events/event/add/", add_form(room, repeat_until="2026-12-09"))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.hub == personas.holmen
    assert event.occurrences.count() == 3
    assert Booking.objects.filter(title="Norskøving", status="confirmed").count() == 3
    change = client.get(f"/staff/events/event/{event.pk}/change/").content.decode()
    first = event.occurrences.order_by("booking__start").first()
    assert f"/arrangementer/{first.pk}/deltakere/" in change

    client.logout()
    client.force_login(personas.desk_tofte)
    assert client.get(f"/staff/events/event/{event.pk}/change/").status_code == 403
    assert "Norskøving" not in client.get("/staff/events/event/").content.decode()


def test_a_clash_is_shown_on_the_form_and_nothing_is_written(client, personas, room):
    client.force_login(personas.desk_holmen)
    assert client.post("/staff/events/event/add/", add_form(room)).status_code == 302
    response = client.post("/staff/events/event/add/", add_form(room, title="Allsang"))
    assert response.status_code == 200
    assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()
    assert Event.objects.count() == 1


def test_changing_an_event_goes_through_the_service(client, personas, room):
    client.force_login(personas.desk_holmen)
    client.post("/staff/events/event/add/", add_form(room))
    event = Event.objects.get()
    data = add_form(room, capacity="25", title="Norskøving for alle")
    data.update({"occurrences-TOTAL_FORMS": "1", "occurrences-INITIAL_FORMS": "1"})
    response = client.post(f"/staff/events/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert (event.capacity, event.title) == (25, "Norskøving for alle")
