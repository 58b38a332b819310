"""Opening hours: weekly rules, holidays, the municipality's special days, exceptions, DST."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import translation

from torget.core.timeutil import OSLO, NonExistentLocalTime, make_local
from torget.places.codes import HoursKind
from torget.places.hours import HoursCalendar, covers, open_state, public_holiday
from torget.places.models import OpeningException, OpeningHoursRule
from torget.places.tests.factories import HubFactory, SpaceFactory

pytestmark = pytest.mark.django_db

STAFFED, SELF = HoursKind.STAFFED, HoursKind.SELF_SERVICE


def hours(hub, day, kind=STAFFED, space=None):
    calendar = HoursCalendar([hub], day - timedelta(days=1), day + timedelta(days=1))
    return calendar.day(hub, day, kind, space)


def spans(day_hours):
    return [
        (i.start.astimezone(OSLO).strftime("%H:%M"), i.end.astimezone(OSLO).strftime("%H:%M"))
        for i in day_hours.intervals
    ]


def test_weekday_rules_give_staffed_and_self_service_hours(holmen):
    monday = date(2026, 11, 23)
    assert spans(hours(holmen, monday, STAFFED)) == [("09:00", "15:00")]
    assert spans(hours(holmen, monday, SELF)) == [("07:00", "22:00")]


def test_weekend_has_self_service_but_no_staff(holmen):
    saturday = date(2026, 11, 28)
    assert spans(hours(holmen, saturday, STAFFED)) == []
    assert spans(hours(holmen, saturday, SELF)) == [("07:00", "22:00")]


def test_constitution_day_is_closed_and_named(holmen):
    may17 = date(2027, 5, 17)  # a Monday in 2027
    assert may17.weekday() == 0
    with translation.override("nb"):
        result = hours(holmen, may17, STAFFED)
    assert result.intervals == ()
    assert "Grunnlovsdag" in result.reason  # also Whit Monday in 2027
    with translation.override("en"):
        assert "Constitution Day" in hours(holmen, may17, STAFFED).reason
    assert hours(holmen, may17, SELF).intervals == ()


def test_christmas_eve_is_a_special_day_of_the_municipality(holmen):
    christmas_eve = date(2026, 12, 24)  # a Thursday; holidays.NO does not know it
    assert public_holiday(christmas_eve) == ""
    assert spans(hours(holmen, christmas_eve)) == [("09:00", "15:00")]
    OpeningException.objects.create(hub=None, date=christmas_eve, closed=True, reason="Julaften")
    result = hours(holmen, christmas_eve)
    assert result.intervals == () and result.reason == "Julaften"


def test_new_years_eve_with_short_hours_for_all_hubs(holmen, tofte):
    nye = date(2026, 12, 31)
    OpeningException.objects.create(
        hub=None,
        kind=STAFFED,
        date=nye,
        closed=False,
        opens=time(9),
        closes=time(12),
        reason="Nyttårsaften",
    )
    assert spans(hours(holmen, nye)) == [("09:00", "12:00")]
    assert spans(hours(tofte, nye)) == [("09:00", "12:00")]
    # The exception was only for staffed hours: self-service follows the weekly rule.
    assert spans(hours(holmen, nye, SELF)) == [("07:00", "22:00")]


def test_hub_exception_overrides_rule_and_global_day(holmen, tofte):
    day = date(2026, 12, 2)
    OpeningException.objects.create(hub=holmen, date=day, closed=True, reason="Personalmøte")
    assert hours(holmen, day).intervals == ()
    assert spans(hours(tofte, day)) == [("09:00", "15:00")]
    # A hub that opens on a public holiday overrides the holiday.
    whit_monday = date(2027, 5, 17)
    OpeningException.objects.create(
        hub=tofte,
        kind=STAFFED,
        date=whit_monday,
        closed=False,
        opens=time(11),
        closes=time(16),
        reason="17. mai-frokost",
    )
    assert spans(hours(tofte, whit_monday)) == [("11:00", "16:00")]


def test_rule_validity_period(holmen):
    OpeningHoursRule.objects.filter(hub=holmen, kind=STAFFED, weekday=2).delete()
    OpeningHoursRule.objects.create(
        hub=holmen,
        kind=STAFFED,
        weekday=2,
        opens=time(9),
        closes=time(19),
        valid_from=date(2027, 1, 1),
    )
    assert spans(hours(holmen, date(2026, 12, 30))) == []
    assert spans(hours(holmen, date(2027, 1, 6))) == [("09:00", "19:00")]


def test_space_with_own_rules_ignores_the_hubs(holmen):
    (room,) = [SpaceFactory(hub=holmen, name="Verkstedet")]
    monday = date(2026, 11, 23)
    assert spans(hours(holmen, monday, STAFFED, room)) == [("09:00", "15:00")]  # inherits
    OpeningHoursRule.objects.create(
        hub=holmen, space=room, kind=STAFFED, weekday=0, opens=time(17), closes=time(21)
    )
    assert spans(hours(holmen, monday, STAFFED, room)) == [("17:00", "21:00")]
    OpeningException.objects.create(hub=holmen, date=monday, closed=True)
    assert hours(holmen, monday, STAFFED, room).intervals == ()  # the hub's closure closes the room


def test_spring_forward_night_is_23_hours_around_the_clock():
    hub = HubFactory(name="Døgnåpent")
    for weekday in range(7):
        OpeningHoursRule.objects.create(
            hub=hub, kind=SELF, weekday=weekday, opens=time(0), closes=time(0)
        )
    spring = hours(hub, date(2026, 3, 29), SELF)
    (interval,) = spring.intervals
    assert interval.end - interval.start == timedelta(hours=23)
    assert interval.start.astimezone(OSLO).utcoffset() == timedelta(hours=1)
    assert interval.end.astimezone(OSLO).utcoffset() == timedelta(hours=2)
    autumn = hours(hub, date(2026, 10, 25), SELF)
    (interval,) = autumn.intervals
    assert interval.end - interval.start == timedelta(hours=25)


def test_daytime_hours_across_dst_keep_their_wall_times(holmen):
    # 2026-03-30 and 2026-10-26 are the Mondays after the switches.
    before, after = hours(holmen, date(2026, 3, 23)), hours(holmen, date(2026, 3, 30))
    assert spans(before) == spans(after) == [("09:00", "15:00")]
    assert before.intervals[0].start.astimezone(UTC).hour == 8
    assert after.intervals[0].start.astimezone(UTC).hour == 7
    autumn = hours(holmen, date(2026, 10, 26))
    assert autumn.intervals[0].start.astimezone(UTC).hour == 8


def test_nonexistent_local_time_is_rejected():
    with pytest.raises(NonExistentLocalTime) as info:
        make_local(date(2026, 3, 29), time(2, 30))
    assert info.value.code == "time.nonexistent"
    # The autumn night's repeated hour exists (twice): the first occurrence is taken.
    assert make_local(date(2026, 10, 25), time(2, 30)).utcoffset() == timedelta(hours=2)


def test_rule_opening_inside_the_gap_opens_when_the_clock_shows_three():
    hub = HubFactory(name="Nattåpent")
    OpeningHoursRule.objects.create(
        hub=hub, kind=SELF, weekday=6, opens=time(2, 30), closes=time(6)
    )
    (interval,) = hours(hub, date(2026, 3, 29), SELF).intervals
    assert interval.start.astimezone(OSLO).strftime("%H:%M") == "03:00"
    assert interval.end - interval.start == timedelta(hours=3)


def test_open_state_staffed_self_service_and_next_opening(holmen):
    calendar = HoursCalendar([holmen], date(2026, 11, 22), date(2026, 12, 8))
    at_ten = datetime(2026, 11, 23, 10, 0, tzinfo=OSLO)
    state = open_state(calendar, holmen, at_ten)
    assert state.is_open and state.kind == STAFFED
    assert state.until == datetime(2026, 11, 23, 15, 0, tzinfo=OSLO)
    evening = open_state(calendar, holmen, datetime(2026, 11, 23, 19, 0, tzinfo=OSLO))
    assert evening.is_open and evening.kind == SELF
    night = open_state(calendar, holmen, datetime(2026, 11, 23, 23, 30, tzinfo=OSLO))
    assert not night.is_open
    assert night.next_opening.start == datetime(2026, 11, 24, 7, 0, tzinfo=OSLO)
    assert night.next_opening.kind == SELF


def test_covers_needs_an_unbroken_union():
    from torget.places.hours import Interval

    t = lambda h: datetime(2026, 11, 23, h, tzinfo=OSLO)  # noqa: E731
    parts = [
        Interval(t(7), t(9), SELF),
        Interval(t(9), t(15), STAFFED),
        Interval(t(16), t(22), SELF),
    ]
    assert covers(parts, t(8), t(15))
    assert not covers(parts, t(14), t(17))
    assert not covers([], t(8), t(9))


def test_a_space_with_hours_of_its_own_ignores_all_the_hubs(holmen):
    """A room open Mondays 10–12 is not also open in the hub's self-service hours, and a
    rule's validity does not change which rules apply on a given day."""
    room = SpaceFactory(hub=holmen, name="Musikkrommet")
    OpeningHoursRule.objects.create(
        hub=holmen,
        space=room,
        kind=STAFFED,
        weekday=0,
        opens=time(10),
        closes=time(12),
        valid_to=date(2026, 12, 31),
    )
    monday = date(2026, 11, 23)
    assert spans(hours(holmen, monday, STAFFED, room)) == [("10:00", "12:00")]
    assert spans(hours(holmen, monday, SELF, room)) == []
    january = date(2027, 1, 4)
    assert spans(hours(holmen, january, STAFFED, room)) == []  # its own rule has ended
    wide = HoursCalendar([holmen], date(2026, 12, 28), date(2027, 1, 4)).day(
        holmen, january, STAFFED, room
    )
    assert wide.intervals == ()


def test_a_rooms_exception_belongs_to_its_hub(holmen):
    room = SpaceFactory(hub=holmen, name="Verkstedet")
    monday = date(2026, 11, 30)
    exc = OpeningException.objects.create(space=room, date=monday, closed=True, reason="Maling")
    assert exc.hub_id == holmen.pk
    assert hours(holmen, monday, STAFFED, room).intervals == ()
    assert spans(hours(holmen, monday, STAFFED)) == [("09:00", "15:00")]
