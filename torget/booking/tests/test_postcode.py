"""The optional postcode on a booking (issue 18.5's later step): it says why it is asked,
may be left out, is four digits when given, is never shown per person to staff, and goes
with the booking's details when they are blanked."""

import pytest

from torget.booking.models import Booking
from torget.booking.services.purge import bookings_blank
from torget.booking.tests.test_views import book_data

pytestmark = pytest.mark.django_db


def test_the_form_says_why_and_the_postcode_may_be_left_out(client, personas, room, frozen_now):
    client.force_login(personas.resident)
    page = client.get(f"/booking/rom/{room.pk}/bestill/").content.decode()
    assert 'name="postcode"' in page and 'autocomplete="postal-code"' in page
    assert "Det vises aldri sammen med navnet ditt" in page
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data())
    assert response.status_code == 302
    assert Booking.objects.get().postcode == ""


def test_a_postcode_is_kept_as_four_digits(client, personas, room, frozen_now):
    client.force_login(personas.resident)
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data(postcode=" 1 384 "))
    assert response.status_code == 302
    assert Booking.objects.get().postcode == "1384"


@pytest.mark.parametrize("bad", ["12a4", "138", "13845", "１３８４"])
def test_a_bad_postcode_is_refused_with_a_clear_message_and_nothing_booked(
    client, personas, room, frozen_now, bad
):
    client.force_login(personas.resident)
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data(postcode=bad))
    assert response.status_code == 422
    assert "Skriv postnummeret med fire sifre" in response.content.decode()
    assert not Booking.objects.exists()


def test_the_api_takes_an_optional_postcode_and_refuses_a_bad_one(
    client, personas, room, frozen_now
):
    client.force_login(personas.resident)
    body = {
        "space": room.pk,
        "start": "2026-11-24T10:00:00+01:00",
        "end": "2026-11-24T11:00:00+01:00",
        "title": "Møte",
        "organiser_type": "resident",
        "kind": "meeting",
    }
    bad = client.post(
        "/api/v1/bookings",
        {**body, "postcode": "12a4"},
        content_type="application/json",
        headers={"Accept-Language": "nb"},
    )
    assert bad.status_code == 422
    assert bad["Content-Type"].startswith("application/problem+json")
    errors = bad.json()["errors"]
    assert any(e["field"].endswith("postcode") and "fire sifre" in e["message"] for e in errors), (
        errors
    )
    english = client.post(
        "/api/v1/bookings",
        {**body, "postcode": "12a4"},
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert "four digits" in str(english.json()["errors"])
    assert not Booking.objects.exists()
    ok = client.post(
        "/api/v1/bookings", {**body, "postcode": "1394"}, content_type="application/json"
    )
    assert ok.status_code == 201, ok.content
    assert "postcode" not in ok.json()  # never given back, not even to its own booker
    assert Booking.objects.get().postcode == "1394"


def test_staff_never_see_the_postcode_and_it_is_blanked_with_the_details(
    client, personas, room, frozen_now
):
    client.force_login(personas.resident)
    client.post(f"/booking/rom/{room.pk}/bestill/", book_data(postcode="4321"))
    booking = Booking.objects.get()
    client.force_login(personas.desk_holmen)
    slug = personas.holmen.slug
    for url in (
        f"/booking/ansatte/{slug}/?dag=2026-11-24",
        f"/booking/ansatte/{slug}/dagsliste/?dag=2026-11-24",
        f"/booking/ansatte/{slug}/{booking.pk}/",
        f"/booking/ansatte/{slug}/{booking.pk}/utskrift/",
        f"/booking/ansatte/{slug}/faktura/?fra=2026-11-01&til=2026-11-30&format=csv",
        f"/booking/ansatte/{slug}/faktura/?fra=2026-11-01&til=2026-11-30&format=xlsx",
        "/api/v1/bookings",
        f"/api/v1/bookings/{booking.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"4321" not in response.content, url
    assert bookings_blank(Booking.objects.all()) == 1
    booking.refresh_from_db()
    assert booking.postcode == ""
