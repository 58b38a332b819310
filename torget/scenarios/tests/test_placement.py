"""Displaced activity for changed hours and moved modules, and room elsewhere (issue 18.3–4):
the counts equal a direct count on generated cases, and every placement replays through the
booking service in a rolled-back transaction without a single conflict."""

import random
from datetime import time, timedelta

import pytest
from django.db import transaction

from torget.booking.models import Booking, BookingPolicy, HoursRule
from torget.booking.services import BookingRequest, booking_create, booking_series_create
from torget.core.timeutil import OSLO, make_local, today
from torget.places.codes import Feature, ModuleCode
from torget.places.models import Module, SpaceFeature
from torget.places.tests.factories import SpaceFactory
from torget.scenarios import selectors
from torget.scenarios.models import ChangeKind
from torget.scenarios.services import ChangeSpec, create_scenario

pytestmark = pytest.mark.django_db

WEEKS = 6


def _monday(weeks_ahead: int = 1):
    day = today() + timedelta(days=7 * weeks_ahead)
    return day - timedelta(days=day.weekday())


def _scenario(personas, *changes, starts=None):
    return create_scenario(
        actor=personas.management,
        name="Scenario",
        starts=starts or _monday(),
        assumptions="",
        changes=list(changes),
    )


def _row(space, user, start, hours=2, **kwargs):
    return Booking.objects.create(
        space=space,
        start=start,
        end=start + timedelta(hours=hours),
        title=kwargs.pop("title", "Møte"),
        organiser_type=kwargs.pop("organiser_type", "voluntary"),
        kind="activity",
        booked_by=user,
        **kwargs,
    )


# --- Displaced by changed hours and moved modules --------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_changed_hours_displace_what_falls_outside_the_hours_that_remain(personas, seed):
    """Holmen is staffed Monday–Friday 09–15 and self-service every day 07–22. Kept: the
    first `staffed` staffed days and the first `self_service` self-service days."""
    rng = random.Random(seed)
    holmen = personas.holmen
    staffed_room = SpaceFactory(hub=holmen, name="Kontoret")
    BookingPolicy.objects.create(hub=holmen, space=staffed_room, hours=HoursRule.STAFFED)
    open_room = SpaceFactory(hub=holmen, name="Salen")
    any_time = SpaceFactory(hub=holmen, name="Verkstedet")
    BookingPolicy.objects.create(hub=holmen, space=any_time, hours=HoursRule.ANY_TIME)
    staffed, self_service = rng.randint(0, 5), rng.randint(0, 7)
    starts = _monday()
    rooms = [staffed_room, open_room, any_time]
    expected = 0
    for _ in range(40):
        day = starts + timedelta(days=rng.randint(-3, 20))
        hour, length = rng.randint(6, 21), rng.randint(1, 2)
        room = rng.choice(rooms)
        _row(room, personas.admin, make_local(day, time(hour), OSLO), hours=length)
        if day < starts:
            continue
        end = hour + length
        in_staffed = day.weekday() < staffed and hour >= 9 and end <= 15
        in_self = day.weekday() < self_service and hour >= 7 and end <= 22
        kept = {
            staffed_room: in_staffed,
            open_room: in_staffed or in_self,
            any_time: True,
        }[room]
        expected += not kept
    scenario = _scenario(
        personas,
        ChangeSpec(
            kind=ChangeKind.HOURS,
            hub=holmen,
            staffed_days=staffed,
            self_service_days=self_service,
        ),
        starts=starts,
    )
    (result,) = selectors.report(scenario).displaced
    assert result.change == ChangeKind.HOURS
    assert result.bookings == expected
    assert sum(result.counts.values()) == expected


def test_a_moved_module_displaces_its_own_activity(personas):
    holmen, tofte = personas.holmen, personas.tofte
    Module.objects.create(hub=holmen, code=ModuleCode.SENIOR_CENTRE)
    kitchen = SpaceFactory(hub=holmen, name="Seniorsenterets kjøkken")
    room = SpaceFactory(hub=holmen, name="Møterom Nesøya")
    starts = _monday()
    for week in range(3):
        day = starts + timedelta(days=7 * week + 1)
        _row(kitchen, personas.admin, make_local(day, time(11), OSLO), title="Middag")
        _row(room, personas.admin, make_local(day, time(11), OSLO), title="Sjakk")
    scenario = _scenario(
        personas,
        ChangeSpec(
            kind=ChangeKind.MOVE_MODULE,
            hub=holmen,
            target_hub=tofte,
            module=ModuleCode.SENIOR_CENTRE,
        ),
        starts=starts,
    )
    (result,) = selectors.report(scenario).displaced
    assert result.change == ChangeKind.MOVE_MODULE
    assert result.bookings == 3
    assert {item.title for item in result.items} == {"Middag"}


def test_a_hub_with_nothing_booked_displaces_nothing_and_needs_no_room(personas):
    scenario = _scenario(
        personas,
        ChangeSpec(kind=ChangeKind.HOURS, hub=personas.holmen, staffed_days=1, self_service_days=1),
    )
    report = selectors.report(scenario)
    assert all(d.nothing for d in report.displaced)
    assert report.room_elsewhere.groups == []


# --- Room elsewhere --------------------------------------------------------------------------


@pytest.fixture
def closing_tofte(personas):
    """Tofte's weekly groups, and Holmen's rooms with a choir already in one of them."""
    tofte, holmen = personas.tofte, personas.holmen
    starts = _monday()
    until = starts + timedelta(weeks=WEEKS - 1, days=6)
    hall = SpaceFactory(hub=tofte, name="Aktivitetsrommet", capacity=30)
    SpaceFactory(hub=tofte, name="Møterom 1", capacity=12)
    SpaceFactory(hub=tofte, name="Møterom 2", capacity=12)
    SpaceFactory(hub=tofte, name="Møterom 3", capacity=12, hearing_loop=True)
    SpaceFactory(hub=tofte, name="Storsalen", capacity=60)
    SpaceFeature.objects.create(space=hall, code=Feature.SOUND_SYSTEM)
    big = SpaceFactory(hub=holmen, name="Salen", capacity=25)
    SpaceFeature.objects.create(space=big, code=Feature.SOUND_SYSTEM)
    for name in ("Rom B", "Rom C"):
        SpaceFactory(hub=holmen, name=name, capacity=12)

    def weekly(space_name, hub, weekday, opens, closes, title, people):
        space = hub.spaces.get(name=space_name)
        day = starts + timedelta(days=weekday)
        booking_series_create(
            actor=personas.admin,
            request=BookingRequest(
                space=space,
                start=make_local(day, opens),
                end=make_local(day, closes),
                title=title,
                organiser_type="municipal",
                kind="activity",
                expected_participants=people,
                public=True,
            ),
            until=until,
            on_conflict="skip",
        )

    weekly("Rom B", holmen, 1, time(18), time(20), "Holmens kor", 10)  # already there
    weekly("Aktivitetsrommet", tofte, 1, time(18), time(20), "Korøvelse", 20)
    weekly("Møterom 1", tofte, 1, time(18), time(20), "Strikkekafé", 10)
    weekly("Møterom 2", tofte, 1, time(18, 30), time(19, 30), "Styremøte", 10)
    weekly("Møterom 3", tofte, 2, time(10), time(12), "Hørselslaget", 8)
    weekly("Storsalen", tofte, 3, time(10), time(12), "Seniordans", 40)
    return _scenario(personas, ChangeSpec(kind=ChangeKind.CLOSE, hub=tofte), starts=starts)


def test_room_elsewhere_places_what_fits_and_says_why_the_rest_does_not(personas, closing_tofte):
    room = selectors.report(closing_tofte).room_elsewhere
    by_title = {g.title: g for g in room.groups}
    assert len(room.groups) == 5
    assert by_title["Korøvelse"].placed.name == "Salen"  # the only room with a sound system
    assert by_title["Strikkekafé"].placed.name == "Rom C"  # Rom B holds Holmen's choir
    assert by_title["Styremøte"].placed is None
    assert by_title["Styremøte"].reason == "placed_others"
    assert by_title["Hørselslaget"].reason == "hearing_loop"
    assert by_title["Seniordans"].reason == "capacity"
    assert (room.placed, room.not_placed) == (2, 3)
    (holmen,) = room.receiving
    assert holmen.groups == 2
    assert holmen.after > holmen.before


def test_every_placement_replays_through_the_booking_service(personas, closing_tofte):
    """No placement collides with a real booking or with another placement: each placed
    date is booked for real, one after another, and the whole is rolled back."""
    room = selectors.report(closing_tofte).room_elsewhere
    placed = [g for g in room.groups if g.placed is not None]
    assert placed
    before = Booking.objects.count()
    booked = 0
    with transaction.atomic():
        for group in placed:
            for day in group.placed_dates:
                booking_create(
                    actor=personas.admin,
                    request=BookingRequest(
                        space=group.placed,
                        start=make_local(day, group.start),
                        end=make_local(day, group.end),
                        title=group.title,
                        organiser_type=group.organiser_type,
                        organisation=group.organisation,
                        kind=group.booking_kind,
                        expected_participants=group.participants,
                        public=group.public,
                    ),
                )
                booked += 1
        transaction.set_rollback(True)
    assert booked == sum(len(g.placed_dates) for g in placed)
    assert Booking.objects.count() == before


def test_the_page_and_api_show_room_elsewhere(client, personas, closing_tofte):
    client.force_login(personas.management)
    page = client.get(f"/ansatt/scenarioer/{closing_tofte.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Room elsewhere" in text
    assert "No room with a hearing loop" in text
    data = client.get(f"/api/v1/scenarios/{closing_tofte.pk}").json()
    assert data["room_elsewhere"]["placed"] == 2
    assert data["room_elsewhere"]["not_placed"] == 3
    assert {s["reason"] for s in data["room_elsewhere"]["slots"]} >= {"capacity", "hearing_loop"}
