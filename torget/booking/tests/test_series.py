"""Weekly series: skip or reject on conflict, skipped dates, DST, cancel and change the rest."""

from datetime import date, timedelta

import pytest

from torget.booking.errors import BookingConflict, SeriesTooLong
from torget.booking.models import Booking, BookingStatus
from torget.booking.services import (
    BookingRequest,
    booking_create,
    booking_series_cancel,
    booking_series_change,
    booking_series_create,
)
from torget.booking.tests.conftest import at
from torget.core.timeutil import OSLO
from torget.ledger.models import LedgerEntry

pytestmark = pytest.mark.usefixtures("frozen_now")


def choir(space, start, end, **kw):
    values = dict(
        title="Korøvelse",
        organiser_type="resident",
        kind="activity",
        expected_participants=10,
        public=True,
    )
    values.update(kw)
    return BookingRequest(space=space, start=start, end=end, **values)


def test_a_year_of_weekly_bookings(personas, room):
    result = booking_series_create(
        actor=personas.desk_holmen,
        request=choir(room, at(30, 18), at(30, 20)),
        until=date(2027, 11, 22),
        on_conflict="skip",
    )
    # 52 Mondays; Easter Monday and Whit Monday (17 May) 2027 close the hub.
    assert len(result.created) == 50
    assert [(s.date, s.code) for s in result.skipped] == [
        (date(2027, 3, 29), "booking.outside_opening_hours"),
        (date(2027, 5, 17), "booking.outside_opening_hours"),
    ]
    assert LedgerEntry.objects.count() == len(result.created)


def test_skip_creates_the_rest_and_lists_the_clash(personas, room):
    booking_create(
        actor=personas.resident,
        request=choir(
            room, at(14, 19, month=12), at(14, 21, month=12), kind="meeting", public=False
        ),
    )
    result = booking_series_create(
        actor=personas.org_contact,
        request=choir(room, at(30, 18), at(30, 20)),
        until=date(2026, 12, 21),
        on_conflict="skip",
    )
    assert [b.start.astimezone(OSLO).date() for b in result.created] == [
        date(2026, 11, 30),
        date(2026, 12, 7),
        date(2026, 12, 21),
    ]
    assert [(s.date, s.code) for s in result.skipped] == [(date(2026, 12, 14), "booking.conflict")]


def test_reject_creates_nothing_and_lists_every_clash(personas, room):
    for day in (7, 14):
        booking_create(
            actor=personas.resident,
            request=choir(
                room, at(day, 18, month=12), at(day, 19, month=12), kind="meeting", public=False
            ),
        )
    with pytest.raises(BookingConflict) as info:
        booking_series_create(
            actor=personas.org_contact,
            request=choir(room, at(30, 18), at(30, 20)),
            until=date(2026, 12, 21),
            on_conflict="reject",
        )
    assert [c["date"] for c in info.value.extra["clashes"]] == ["2026-12-07", "2026-12-14"]
    assert Booking.objects.filter(series__isnull=False).count() == 0


def test_skip_dates_are_left_out(personas, room):
    result = booking_series_create(
        actor=personas.org_contact,
        request=choir(room, at(30, 18), at(30, 20)),
        until=date(2026, 12, 21),
        skip_dates=[date(2026, 12, 7)],
    )
    assert len(result.created) == 3
    assert [(s.date, s.code) for s in result.skipped] == [(date(2026, 12, 7), "series.skip_date")]


def test_the_local_time_stays_across_daylight_saving(personas, room):
    result = booking_series_create(
        actor=personas.org_contact,
        request=choir(room, at(16, 18, month=3, year=2027), at(16, 20, month=3, year=2027)),
        until=date(2027, 4, 13),  # Tuesdays, across the night of 28 March
    )
    local = [b.start.astimezone(OSLO) for b in result.created]
    assert [t.strftime("%H:%M") for t in local] == ["18:00"] * 5
    assert [t.utcoffset() for t in local] == [timedelta(hours=1)] * 2 + [timedelta(hours=2)] * 3


def test_ten_years_is_refused(personas, room):
    with pytest.raises(SeriesTooLong):
        booking_series_create(
            actor=personas.org_contact,
            request=choir(room, at(30, 18), at(30, 20)),
            until=date(2036, 11, 30),
        )


def test_cancel_the_rest_from_a_date(personas, room):
    result = booking_series_create(
        actor=personas.org_contact,
        request=choir(room, at(30, 18), at(30, 20)),
        until=date(2026, 12, 21),
    )
    cancelled = booking_series_cancel(
        actor=personas.org_contact, series_id=result.series.pk, from_date=date(2026, 12, 14)
    )
    assert len(cancelled) == 2
    statuses = list(
        Booking.objects.filter(series=result.series)
        .order_by("start")
        .values_list("status", flat=True)
    )
    assert statuses == [BookingStatus.CONFIRMED] * 2 + [BookingStatus.CANCELLED] * 2
    assert LedgerEntry.objects.count() == 2


def test_change_the_rest_moves_it_and_keeps_the_old_if_the_new_is_rejected(personas, room):
    result = booking_series_create(
        actor=personas.org_contact,
        request=choir(room, at(30, 18), at(30, 20)),
        until=date(2026, 12, 21),
    )
    booking_create(
        actor=personas.resident,
        request=choir(
            room, at(15, 10, month=12), at(15, 11, month=12), kind="meeting", public=False
        ),
    )
    with pytest.raises(BookingConflict):
        booking_series_change(
            actor=personas.org_contact,
            series_id=result.series.pk,
            from_date=date(2026, 12, 14),
            request=choir(room, at(15, 10, month=12), at(15, 12, month=12)),
            until=date(2026, 12, 22),
        )
    assert Booking.objects.filter(series=result.series, status=BookingStatus.CONFIRMED).count() == 4
    changed = booking_series_change(
        actor=personas.org_contact,
        series_id=result.series.pk,
        from_date=date(2026, 12, 14),
        request=choir(room, at(15, 12, month=12), at(15, 14, month=12)),
        until=date(2026, 12, 22),
    )
    assert len(changed.created) == 2
    assert Booking.objects.filter(series=result.series, status=BookingStatus.CONFIRMED).count() == 4
