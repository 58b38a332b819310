"""Booking codes through the service: the window's edges (both daylight-saving nights
included), the doors, a cancelled, moved or rejected booking, a weekly series."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from torget.access.models import BookingGrant, Door
from torget.access.services import code_for_booking, door_check
from torget.access.tests.conftest import at
from torget.booking.models import Booking, BookingSeries, BookingStatus

SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)
BUFFER = timedelta(minutes=15)


def book(world, start, end, space=None, **kwargs) -> Booking:
    booking = Booking.objects.create(
        space=space or world.room,
        start=start,
        end=end,
        title="Styremøte",
        organiser_type="resident",
        kind="meeting",
        booked_by=world.resident,
        **kwargs,
    )
    booking.refresh_from_db()  # instants in UTC: subtraction then gives real durations
    return booking


def check(door, code, when):
    return door_check(door=door, credential=code, at=when, via="keypad")


def edges(world, booking):
    """The window's four edges: (moment, allowed, reason)."""
    code = code_for_booking(booking).code
    opens, closes = booking.start - BUFFER, booking.end + BUFFER
    return code, [
        (check(world.room_door, code, opens - MINUTE).reason, "too_early"),
        (check(world.room_door, code, opens).reason, "booking"),
        (check(world.room_door, code, closes - SECOND).reason, "booking"),
        (check(world.room_door, code, closes).reason, "expired"),
    ]


def test_an_evening_booking_gets_a_code_for_the_entrance_and_its_room_only(world):
    booking = book(world, at(2026, 11, 23, 18), at(2026, 11, 23, 20))
    issued = code_for_booking(booking)
    assert len(issued.code) == 7 and issued.code.isdigit()
    assert (issued.valid_from, issued.valid_until) == (
        at(2026, 11, 23, 17, 45),
        at(2026, 11, 23, 20, 15),
    )
    assert set(issued.doors) == {"Hovedinngang", "Fjorden"}
    during = at(2026, 11, 23, 19)
    assert check(world.entrance, issued.code, during).allowed
    assert check(world.room_door, issued.code, during).allowed
    assert check(world.other_door, issued.code, during).reason == "wrong_door"
    assert check(world.tofte_entrance, issued.code, during).reason == "wrong_door"
    # Asking again gives the same code and makes nothing new.
    assert code_for_booking(booking).code == issued.code
    assert BookingGrant.objects.count() == 1
    # Only a keyed hash of it is stored.
    assert issued.code not in BookingGrant.objects.get().code_hash


def test_the_window_edges_and_one_minute_before(world):
    booking = book(world, at(2026, 11, 23, 18), at(2026, 11, 23, 20))
    _code, results = edges(world, booking)
    assert [got for got, _want in results] == [want for _got, want in results]


def test_the_window_across_the_spring_night(world):
    # Sunday 29 March 2026: 02:00 becomes 03:00. 01:00 CET to 04:00 CEST is two hours.
    booking = book(world, at(2026, 3, 29, 1), at(2026, 3, 29, 4))
    assert booking.end - booking.start == timedelta(hours=2)
    code, results = edges(world, booking)
    assert [got for got, _want in results] == [want for _got, want in results]
    assert check(world.room_door, code, datetime(2026, 3, 29, 1, 30, tzinfo=UTC)).allowed


def test_the_window_across_the_autumn_night(world):
    # Sunday 25 October 2026: 03:00 becomes 02:00 again. 01:30 CEST to 03:30 CET: 3 hours.
    booking = book(world, at(2026, 10, 25, 1, 30), at(2026, 10, 25, 3, 30))
    assert booking.end - booking.start == timedelta(hours=3)
    code, results = edges(world, booking)
    assert [got for got, _want in results] == [want for _got, want in results]
    second_two_thirty = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 CET, the second time
    assert check(world.room_door, code, second_two_thirty).allowed


def test_a_booking_in_staffed_hours_needs_no_code_unless_its_door_stays_locked(world):
    booking = book(world, at(2026, 11, 23, 10), at(2026, 11, 23, 12))
    assert code_for_booking(booking) is None
    Door.objects.filter(pk=world.room_door.pk).update(always_locked=True)
    assert code_for_booking(booking) is not None


def test_a_cancelled_booking_s_code_is_refused_the_next_second(world):
    from torget.booking.services import booking_cancel

    booking = book(world, at(2026, 11, 23, 18), at(2026, 11, 23, 20))
    code = code_for_booking(booking).code
    assert check(world.entrance, code, at(2026, 11, 23, 19)).allowed
    with mock.patch("django.utils.timezone.now", return_value=at(2026, 11, 20, 12)):
        booking_cancel(actor=world.resident, booking_id=booking.pk)
    assert check(world.entrance, code, at(2026, 11, 23, 19, 0, second=1)).reason == "cancelled"
    assert BookingGrant.objects.get().revoked_at is not None
    assert code_for_booking(booking) is None


def test_a_rejected_booking_s_code_is_refused(world):
    booking = book(world, at(2026, 11, 23, 18), at(2026, 11, 23, 20))
    code = code_for_booking(booking).code
    booking.status = BookingStatus.REJECTED
    booking.save()
    assert check(world.entrance, code, at(2026, 11, 23, 19)).reason == "cancelled"


def test_a_moved_booking_gets_a_new_code_and_the_old_one_dies(world):
    booking = book(world, at(2026, 11, 23, 18), at(2026, 11, 23, 20))
    old = code_for_booking(booking).code
    booking.start, booking.end = at(2026, 11, 24, 18), at(2026, 11, 24, 20)
    booking.save()
    new = code_for_booking(booking).code
    assert new != old
    tuesday = at(2026, 11, 24, 19)
    assert check(world.entrance, old, tuesday).reason == "superseded"
    assert check(world.entrance, new, tuesday).allowed
    assert check(world.entrance, new, at(2026, 11, 23, 19)).reason == "too_early"


def test_a_weekly_series_code_works_only_in_its_confirmed_occurrences(world):
    series = BookingSeries.objects.create(
        space=world.room,
        title="Kor",
        first_start=at(2026, 11, 23, 18),
        first_end=at(2026, 11, 23, 20),
        until=at(2026, 12, 7, 0).date(),
        created_by=world.resident,
    )
    week = timedelta(days=7)
    weeks = [
        book(world, at(2026, 11, 23, 18) + n * week, at(2026, 11, 23, 20) + n * week, series=series)
        for n in range(3)
    ]
    code = code_for_booking(weeks[0]).code
    assert code_for_booking(weeks[2]).code == code  # one code for the series
    weeks[1].status = BookingStatus.CANCELLED
    weeks[1].save()
    assert check(world.entrance, code, at(2026, 11, 23, 19)).allowed
    assert check(world.entrance, code, at(2026, 11, 30, 19)).reason == "too_early"
    assert check(world.entrance, code, at(2026, 12, 7, 19)).allowed
    assert check(world.entrance, code, at(2026, 11, 25, 19)).reason == "too_early"
    assert check(world.entrance, code, at(2026, 12, 8, 19)).reason == "expired"


def test_unknown_codes_and_the_wrong_code_limit(world, settings):
    settings.TORGET_ACCESS_WRONG_CODES = 3
    booking = book(world, at(2026, 11, 23, 18), at(2026, 11, 23, 20))
    code = code_for_booking(booking).code
    during = at(2026, 11, 23, 19)
    assert [check(world.entrance, "0000000", during).reason for _ in range(3)] == ["unknown"] * 3
    # The door now refuses every code for a while, the right one too: guessing gains nothing.
    assert check(world.entrance, code, during).reason == "rate_limited"
    # Another door is not locked by it.
    assert check(world.room_door, code, during).allowed
    from torget.access.selectors import locked_doors

    assert locked_doors([world.holmen.pk]) == [world.entrance]


@pytest.mark.parametrize("minutes", [15, 30])
def test_the_hub_s_buffers_set_the_window(world, minutes):
    world.holmen.access_policy.buffer_before_minutes = minutes
    world.holmen.access_policy.save()
    booking = book(world, at(2026, 11, 23, 18), at(2026, 11, 23, 20))
    assert code_for_booking(booking).valid_from == booking.start - timedelta(minutes=minutes)
