"""Whether the booker may still cancel or move their booking is one rule
(`booking.rules.booker_lock`): "my bookings" offers exactly what the API then allows, on
both sides of the hub's deadline (24 hours by default) — the boundary included."""

from datetime import timedelta

import pytest

from torget.booking.services import BookingRequest, booking_create
from torget.booking.tests.conftest import NOW

pytestmark = pytest.mark.usefixtures("frozen_now")


def _booked(personas, room, start):
    return booking_create(
        actor=personas.resident,
        request=BookingRequest(
            space=room,
            start=start,
            end=start + timedelta(hours=1),
            title="Lesesirkel",
            organiser_type="resident",
            kind="meeting",
        ),
    )


@pytest.mark.parametrize(
    ("hours_ahead", "allowed"),
    [(24, True), (25, True), (23, False)],
    ids=["exactly-at-the-deadline", "before-it", "after-it"],
)
def test_the_page_offers_cancelling_exactly_when_the_api_allows_it(
    client, personas, room, hours_ahead, allowed
):
    # Booked ahead of time by the resident (a time in the morning, inside opening hours).
    start = NOW + timedelta(hours=hours_ahead)
    booking = _booked(personas, room, start)
    client.force_login(personas.resident)
    page = client.get("/booking/mine/").content.decode()
    assert (f'href="/booking/{booking.pk}/avbestill/"' in page) == allowed
    answer = client.post(f"/api/v1/bookings/{booking.pk}/cancel", content_type="application/json")
    assert answer.status_code == (200 if allowed else 409)
    if not allowed:
        assert answer.json()["code"] == "booking.cancel_deadline_passed"
