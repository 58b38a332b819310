"""The public booking pages: search, week, book, confirmation, my bookings, cancel."""

from unittest import mock

import pytest
from django.core import mail

from torget.booking.models import Booking, BookingStatus
from torget.booking.services import BookingRequest, booking_create
from torget.booking.tests.conftest import at
from torget.notifications.models import Message, MessageStatus
from torget.places.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db

TUESDAY = "2026-11-24"


def book_data(**changes) -> dict:
    data = {
        "date": TUESDAY,
        "start_time": "10:00",
        "end_time": "12:00",
        "title": "Styremøte i velforeningen",
        "kind": "meeting",
        "organiser": "resident",
        "expected_participants": "8",
        "public": "no",
        "accept_rules": "on",
        "action": "book",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def existing(user, space, day=24, start=10, end=12, title="Allerede booket") -> Booking:
    return booking_create(
        actor=user,
        request=BookingRequest(
            space=space,
            start=at(day, start),
            end=at(day, end),
            title=title,
            organiser_type="resident",
            kind="meeting",
        ),
    )


def test_search_shows_free_spaces_and_hides_booked_ones(client, personas, room, frozen_now):
    SpaceFactory(hub=personas.holmen, name="Verkstedet", capacity=8)
    existing(personas.org_contact, room)
    query = {"date": TUESDAY, "start_time": "10:00", "end_time": "12:00"}
    response = client.get("/booking/", query)
    assert response.status_code == 200
    names = [r["space"].name for r in response.context["results"]]
    assert names == ["Verkstedet"]
    assert "Møterom Fjorden" not in response.content.decode()

    later = client.get("/booking/", {**query, "start_time": "13:00", "end_time": "14:00"})
    assert sorted(r["space"].name for r in later.context["results"]) == [
        "Møterom Fjorden",
        "Verkstedet",
    ]
    # Filters: people and equipment narrow the list.
    big = client.get(
        "/booking/", {**query, "start_time": "13:00", "end_time": "14:00", "people": 10}
    )
    assert [r["space"].name for r in big.context["results"]] == ["Møterom Fjorden"]
    projector = client.get(
        "/booking/", {**query, "start_time": "13:00", "end_time": "14:00", "features": "projector"}
    )
    assert [r["space"].name for r in projector.context["results"]] == ["Møterom Fjorden"]
    elsewhere = client.get("/booking/", {**query, "hub": personas.tofte.slug})
    assert elsewhere.context["results"] == []


def test_search_without_a_query_shows_the_form_and_bad_times_an_error_summary(
    client, personas, frozen_now
):
    first = client.get("/booking/")
    assert first.status_code == 200
    assert first.context["results"] is None
    bad = client.get("/booking/", {"date": TUESDAY, "start_time": "12:00", "end_time": "10:00"})
    assert bad.context["results"] is None
    assert 'href="#id_end_time"' in bad.content.decode()
    past = client.get(
        "/booking/", {"date": "2026-11-20", "start_time": "10:00", "end_time": "11:00"}
    )
    assert 'href="#id_date"' in past.content.decode()


def test_the_week_view_says_free_and_booked_in_words(client, personas, room, frozen_now):
    existing(personas.org_contact, room)
    response = client.get(f"/booking/rom/{room.pk}/", {"uke": TUESDAY})
    assert response.status_code == 200
    rows = {row["hour"]: row for row in response.context["rows"]}
    tuesday = 1
    assert rows[10]["cells"][tuesday]["state"] == "busy"
    assert rows[12]["cells"][tuesday]["state"] == "free"
    assert "url" in rows[12]["cells"][tuesday]
    assert rows[8]["cells"][0]["state"] == "past"  # Monday 08:00, before "now"
    assert rows[9]["cells"][0]["state"] == "late"  # within the hour's notice
    assert rows[10]["cells"][0]["state"] == "free"
    html = response.content.decode()
    assert "<caption" in html and 'scope="row"' in html
    assert 'data-state="busy"' in html
    assert "Opptatt" in html or "Booked" in html  # text, not colour alone


def test_the_booking_form_shows_the_price_and_house_rules(client, personas, room, frozen_now):
    client.force_login(personas.org_contact)
    response = client.get(
        f"/booking/rom/{room.pk}/bestill/",
        {"date": TUESDAY, "start_time": "10:00", "end_time": "12:00"},
    )
    assert response.status_code == 200
    assert response.context["price"]  # free for residents, by Torget's defaults
    values = [o.value for o in response.context["options"]]
    assert values == ["resident", f"org-{personas.organisation.pk}"]
    assert all(o.price for o in response.context["options"])
    assert 'name="accept_rules"' in response.content.decode()


def test_form_errors_change_nothing(client, personas, room, frozen_now):
    client.force_login(personas.resident)
    response = client.post(
        f"/booking/rom/{room.pk}/bestill/", book_data(title="", accept_rules=None)
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "ds-error-summary" in html
    assert 'href="#id_title"' in html
    assert 'href="#id_accept_rules"' in html
    assert not Booking.objects.exists()
    assert not Message.objects.exists()


def test_the_service_refusal_is_shown_on_its_field_and_nothing_is_written(
    client, personas, room, frozen_now, django_capture_on_commit_callbacks
):
    client.force_login(personas.resident)
    # A closed activity by a resident is a private party, which the default rules refuse.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/booking/rom/{room.pk}/bestill/", book_data(kind="activity", public="no")
        )
    assert response.status_code == 422
    assert response.context["form"].errors["public"]
    assert 'href="#id_public_0"' in response.content.decode()
    # Too many people and too early: every broken rule is listed.
    response = client.post(
        f"/booking/rom/{room.pk}/bestill/",
        book_data(date="2026-11-23", start_time="09:30", expected_participants="40"),
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["start_time"] and errors["expected_participants"]
    assert not Booking.objects.exists()
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_a_taken_slot_is_refused_with_the_times_and_nothing_is_written(
    client, personas, room, frozen_now
):
    taken = existing(personas.org_contact, room)
    client.force_login(personas.resident)
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data(start_time="11:00"))
    assert response.status_code == 422
    assert "10:00" in response.context["form"].errors["start_time"][0]
    assert list(Booking.objects.all()) == [taken]
    # Only the first booker's confirmation: the refused one queued nothing.
    assert list(Message.objects.values_list("key", flat=True)) == [f"booking:{taken.pk}"]


def test_a_booking_creates_one_booking_and_one_message(
    client, personas, room, frozen_now, django_capture_on_commit_callbacks
):
    client.force_login(personas.resident)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data())
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert response["Location"] == f"/booking/{booking.pk}/"
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.booked_by == personas.resident
    assert (booking.start, booking.end) == (at(24, 10), at(24, 12))
    assert booking.organiser_type == "resident"
    assert booking.expected_participants == 8
    assert len(callbacks) == 1
    message = Message.objects.get()
    assert (message.key, message.template, message.channel) == (
        f"booking:{booking.pk}",
        "booking.confirmed",
        "email",
    )
    assert message.to == personas.resident.email
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1
    assert booking.title in mail.outbox[0].body

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f"/booking/{booking.pk}/kalender.ics" in page.content.decode()
    ics = client.get(f"/booking/{booking.pk}/kalender.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert "SUMMARY:Styremøte i velforeningen" in body
    assert "DTSTART:20261124T090000Z" in body


def test_an_organisation_contact_books_on_behalf_of_the_organisation(
    client, personas, room, frozen_now
):
    client.force_login(personas.org_contact)
    org = personas.organisation
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data(organiser=f"org-{org.pk}"))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.organisation == org
    assert booking.organiser_type == "voluntary"


def test_nobody_books_for_an_organisation_they_are_not_a_contact_for(
    client, personas, room, frozen_now
):
    client.force_login(personas.resident)
    org = personas.organisation
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data(organiser=f"org-{org.pk}"))
    assert response.status_code == 422
    assert response.context["form"].errors["organiser"]
    assert not Booking.objects.exists()


def test_update_the_price_books_nothing(client, personas, room, frozen_now):
    client.force_login(personas.resident)
    response = client.post(
        f"/booking/rom/{room.pk}/bestill/", book_data(action="price", end_time="13:00")
    )
    assert response.status_code == 200
    assert not Booking.objects.exists()
    assert response.context["form"]["end_time"].value() == "13:00"
    assert "ds-error-summary" not in response.content.decode()


def test_my_bookings_lists_them_and_cancel_works(
    client, personas, room, frozen_now, django_capture_on_commit_callbacks
):
    mine = existing(personas.resident, room, title="Min booking")
    theirs = existing(personas.org_contact, room, day=25, title="Deres booking")
    client.force_login(personas.resident)
    page = client.get("/booking/mine/")
    assert page.status_code == 200
    assert [b.pk for b in page.context["upcoming"]] == [mine.pk]
    assert "Deres booking" not in page.content.decode()
    assert f"/booking/{mine.pk}/avbestill/" in page.content.decode()

    confirm = client.get(f"/booking/{mine.pk}/avbestill/")
    assert confirm.status_code == 200
    assert Booking.objects.get(pk=mine.pk).status == BookingStatus.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/booking/{mine.pk}/avbestill/")
    assert response.status_code == 302
    assert Booking.objects.get(pk=mine.pk).status == BookingStatus.CANCELLED
    message = Message.objects.get(template="booking.cancelled")
    assert message.key == f"booking:{mine.pk}"
    after = client.get("/booking/mine/")
    assert after.context["upcoming"] == []
    assert [b.pk for b in after.context["past"]] == [mine.pk]
    assert "ds-alert" in after.content.decode()

    # Another user's booking: missing, and untouched.
    assert client.get(f"/booking/{theirs.pk}/avbestill/").status_code == 404
    assert client.post(f"/booking/{theirs.pk}/avbestill/").status_code == 404
    assert client.get(f"/booking/{theirs.pk}/").status_code == 404
    assert client.get(f"/booking/{theirs.pk}/kalender.ics").status_code == 404
    assert Booking.objects.get(pk=theirs.pk).status == BookingStatus.CONFIRMED


def test_a_started_booking_is_not_cancelled_and_the_service_says_why(
    client, personas, room, frozen_now
):
    booking = existing(personas.resident, room)
    client.force_login(personas.resident)
    with mock.patch("django.utils.timezone.now", return_value=at(24, 10, 30)):
        response = client.post(f"/booking/{booking.pk}/avbestill/", follow=True)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    texts = [str(m) for m in response.context["messages"]]
    assert len(texts) == 1
    assert not Message.objects.filter(template="booking.cancelled").exists()


def test_booking_pages_need_a_signed_in_user(client, personas, room):
    response = client.get(f"/booking/rom/{room.pk}/bestill/?date={TUESDAY}")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=")
    assert client.post(f"/booking/rom/{room.pk}/bestill/", book_data()).status_code == 302
    assert not Booking.objects.exists()
