"""A booking's time reads one way on the pages and in the clash message: "tirsdag
24. november kl. 10:00–12:00", the date once (not "Tirsdag 24. november 24.11.2026", not
"24.11.2026 10:00–24.11.2026 12:00")."""

import pytest

from torget.booking.models import Booking
from torget.booking.tests.test_views import book_data, existing

pytestmark = pytest.mark.django_db


def test_a_clash_names_the_booked_time_once(client, personas, room, frozen_now):
    existing(personas.org_contact, room)
    client.force_login(personas.resident)
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data(start_time="11:00"))
    assert response.status_code == 422
    [error] = response.context["form"].errors["start_time"]
    assert "Booket: tirsdag 24. november kl. 10:00–12:00." in error
    assert "24.11.2026" not in error
    assert Booking.objects.count() == 1


def test_a_clash_in_english(client, personas, room, frozen_now):
    existing(personas.org_contact, room)
    client.force_login(personas.resident)
    client.cookies["django_language"] = "en"
    response = client.post(f"/booking/rom/{room.pk}/bestill/", book_data(start_time="11:00"))
    [error] = response.context["form"].errors["start_time"]
    assert "Booked: Tuesday 24 November, 10:00–12:00." in error


def test_my_bookings_show_each_date_once(client, personas, room, frozen_now):
    existing(personas.resident, room, title="Styremøte")
    client.force_login(personas.resident)
    page = client.get("/booking/mine/").content.decode()
    assert "Tirsdag 24. november kl. 10:00–12:00" in page
    assert "24.11.2026" not in page
