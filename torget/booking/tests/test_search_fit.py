"""The room search (issue 17.5): for a number of people the smallest room that holds them
comes first, and each room shows its price for the chosen kind of organiser."""

import re
from decimal import Decimal

import pytest

from torget.booking.models import BookingPolicy
from torget.places.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db

QUERY = {"date": "2026-11-24", "start_time": "10:00", "end_time": "12:00", "people": "8"}


@pytest.fixture
def three_rooms(holmen, tofte):
    hall = SpaceFactory(hub=holmen, name="Storsalen", capacity=120)
    small = SpaceFactory(hub=holmen, name="Åsen", capacity=10)
    SpaceFactory(hub=tofte, name="Verkstedet", capacity=10)
    SpaceFactory(hub=holmen, name="Boden", capacity=6)  # too small for eight
    # The hall costs private actors 400 an hour; the small room is free for everyone.
    BookingPolicy.objects.create(hub=holmen, space=hall, price_private=Decimal("400"))
    return hall, small


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="ds-heading" data-size="xs">([^<]+)</h3>', html)


def test_eight_people_get_the_smallest_fitting_room_first(client, three_rooms, frozen_now):
    html = client.get("/booking/", QUERY).content.decode()
    # Ten places before 120; equal fits by name in Norwegian order (Å last).
    assert _titles(html) == ["Verkstedet", "Åsen", "Storsalen"]


def test_each_room_shows_its_price_for_the_organiser_type(client, three_rooms, frozen_now):
    html = client.get("/booking/", {**QUERY, "organiser_type": "private"}).content.decode()
    assert "Pris for privat aktør: <strong>kr\xa0800</strong>" in html  # 2 hours × 400
    assert "Pris for privat aktør: <strong>kr\xa01\u202f000</strong>" in html  # the default 500
    assert '<option value="private" selected>' in html
    html = client.get("/booking/", QUERY).content.decode()
    assert html.count("Pris for innbygger: <strong>Gratis</strong>") == 3
    # A kind nobody is: an error on the field, no results, nothing breaks.
    response = client.get("/booking/", {**QUERY, "organiser_type": "king"})
    assert response.status_code == 200
    assert "Velg hvem som booker." in response.content.decode()
    assert not _titles(response.content.decode())


def test_a_room_closed_to_the_organiser_type_says_so(client, three_rooms, frozen_now):
    hall, _small = three_rooms
    BookingPolicy.objects.filter(space=hall).update(residents_may_book=False)
    html = client.get("/booking/", QUERY).content.decode()
    assert "Kan ikke bookes av innbygger." in html
