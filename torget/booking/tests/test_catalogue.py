"""The booking catalogue (a per-process copy of spaces, rules and blocks) never lets a
booking be judged by rules that have changed: every change is seen by the next booking."""

import pytest
from django.db import transaction

from torget.booking.catalogue import catalogue
from torget.booking.errors import BookingConflict, RuleViolation
from torget.booking.models import BlockedPeriod, BookingPolicy
from torget.booking.services import BookingRequest, booking_create
from torget.booking.tests.conftest import at
from torget.core.errors import ValidationFailed
from torget.places.models import Space

pytestmark = pytest.mark.usefixtures("frozen_now")


def ask(space, start, end, **kw):
    values = dict(title="Styremøte", organiser_type="resident", kind="meeting")
    values.update(kw)
    return BookingRequest(space=space, start=start, end=end, **values)


def test_the_copy_is_kept_while_nothing_changes_and_renewed_after_a_change(room):
    first = catalogue()
    assert catalogue() is first  # a hit: no reload while the stamp holds
    assert first.policies[room.pk].max_minutes == 8 * 60
    BookingPolicy.objects.create(hub=room.hub, space=room, max_minutes=60)
    renewed = catalogue()
    assert renewed is not first
    assert renewed.policies[room.pk].max_minutes == 60


def test_a_rule_tightened_after_a_booking_applies_to_the_next_one(personas, room):
    booking_create(actor=personas.resident, request=ask(room, at(30, 10), at(30, 12)))
    BookingPolicy.objects.create(hub=room.hub, space=room, max_minutes=60)
    with pytest.raises(RuleViolation) as info:
        booking_create(actor=personas.resident, request=ask(room, at(30, 13), at(30, 15)))
    assert info.value.code == "booking.too_long"


def test_a_room_taken_out_of_use_cannot_be_booked_at_once(personas, room):
    booking_create(actor=personas.resident, request=ask(room, at(30, 10), at(30, 11)))
    room.bookable = False
    room.save()
    with pytest.raises(ValidationFailed):
        booking_create(
            actor=personas.resident,
            request=ask(Space.objects.get(pk=room.pk), at(30, 12), at(30, 13)),
        )


def test_a_block_added_or_lifted_in_the_back_office_is_seen_by_the_next_booking(personas, room):
    booking_create(actor=personas.resident, request=ask(room, at(30, 8), at(30, 9)))
    block = BlockedPeriod.objects.create(
        reason="Valglokale", start=at(30, 10), end=at(30, 20), created_by=personas.admin
    )
    block.spaces.add(room)  # as the admin form does: the row first, then its spaces
    with pytest.raises(RuleViolation) as info:
        booking_create(actor=personas.resident, request=ask(room, at(30, 12), at(30, 13)))
    assert info.value.code == "booking.blocked"
    block.spaces.remove(room)
    booking_create(actor=personas.resident, request=ask(room, at(30, 12), at(30, 13)))


def test_a_hall_divided_after_the_copy_was_made_blocks_its_new_halves(personas, holmen):
    from torget.places.tests.factories import SpaceFactory

    hall = SpaceFactory.meeting_room(holmen, name="Storsalen", capacity=200)
    booking_create(actor=personas.resident, request=ask(hall, at(30, 8), at(30, 9)))
    north = SpaceFactory.meeting_room(holmen, name="Storsalen nord", capacity=100)
    north.parent = hall
    north.save()
    booking_create(actor=personas.resident, request=ask(north, at(30, 10), at(30, 12)))
    with pytest.raises(BookingConflict):
        booking_create(actor=personas.resident, request=ask(hall, at(30, 11), at(30, 13)))


def test_a_change_that_was_rolled_back_leaves_no_trace_in_the_copy(personas, room):
    with transaction.atomic():
        sid = transaction.savepoint()
        BookingPolicy.objects.create(hub=room.hub, space=room, max_minutes=60)
        assert catalogue().policies[room.pk].max_minutes == 60  # seen inside its transaction
        transaction.savepoint_rollback(sid)
    # The rule never happened: a two-hour booking is fine.
    booking_create(actor=personas.resident, request=ask(room, at(30, 13), at(30, 15)))


def test_a_block_in_the_past_still_counts_for_staff_booking_afterwards(personas, room):
    # Staff may override "in the past" with a reason; a block of that time must still show.
    block = BlockedPeriod.objects.create(
        reason="Vannlekkasje", start=at(20, 8), end=at(20, 20), created_by=personas.admin
    )
    block.spaces.add(room)
    booking = booking_create(
        actor=personas.desk_holmen,
        request=ask(room, at(20, 10), at(20, 11), override_reason="Ført etterpå"),
    )
    assert "booking.blocked" in booking.overridden_rules


def test_a_day_closed_after_the_copy_was_made_cannot_be_booked(personas, room, holmen):
    from datetime import date

    from torget.places.models import OpeningException

    booking_create(actor=personas.resident, request=ask(room, at(30, 10), at(30, 11)))
    OpeningException.objects.create(
        hub=holmen, date=date(2026, 12, 1), closed=True, reason="Vannlekkasje"
    )
    with pytest.raises(RuleViolation) as info:
        booking_create(
            actor=personas.resident, request=ask(room, at(1, 10, month=12), at(1, 11, month=12))
        )
    assert info.value.code == "booking.outside_opening_hours"


def test_a_room_deleted_meanwhile_is_refused_not_a_server_error(personas, holmen):
    from torget.places.tests.factories import SpaceFactory

    doomed = SpaceFactory.meeting_room(holmen, name="Gamle møterom")
    stale = Space.objects.get(pk=doomed.pk)  # what another request resolved a moment ago
    doomed.delete()
    with pytest.raises(ValidationFailed):
        booking_create(actor=personas.resident, request=ask(stale, at(30, 10), at(30, 11)))


def test_the_space_search_sees_a_feature_or_a_space_changed_since_the_copy(room):
    from torget.places.models import SpaceFeature
    from torget.places.selectors import spaces_search

    def found(**filters) -> list[int]:
        return [s.pk for s in spaces_search(hub=room.hub.slug, **filters)]

    assert room.pk not in found(feature=["piano"])
    feature = SpaceFeature.objects.create(space=room, code="piano")
    assert room.pk in found(feature=["piano"])
    assert "piano" in next(s for s in spaces_search() if s.pk == room.pk).feature_codes
    feature.delete()
    assert room.pk not in found(feature=["piano"])
    room.capacity = 4
    room.save()
    assert room.pk not in found(min_capacity=5) and room.pk in found(min_capacity=4)


def test_a_space_committed_while_the_copy_is_made_is_left_for_the_next_copy(room):
    """The spaces and their features are two reads: a room and its features committed
    between them must not break the copy (the next use loads again)."""
    from unittest import mock

    from torget.places import directory as module
    from torget.places.models import SpaceFeature

    SpaceFeature.objects.create(space=room, code="piano")
    before_the_room = Space.objects.exclude(pk=room.pk)

    class SpacesReadFirst:
        objects = mock.Mock(
            **{"select_related.return_value.order_by.return_value": before_the_room}
        )

    with mock.patch.object(module, "Space", SpacesReadFirst):
        copy = module._load(token=None)
    assert room.pk not in copy.spaces
    assert "piano" in catalogue().spaces[room.pk].feature_codes


def test_a_room_changed_by_a_fixture_is_seen_at_once(room, tmp_path):
    """loaddata saves raw: the stamp moves all the same, so no process keeps the old room."""
    from django.core import serializers
    from django.core.management import call_command

    before = catalogue()
    assert before.space(room.pk).name == room.name
    fixture = tmp_path / "room.json"
    fresh = Space.objects.get(pk=room.pk)
    fresh.name = "Salen (ny)"
    fixture.write_text(serializers.serialize("json", [fresh]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert catalogue().space(room.pk).name == "Salen (ny)"


def test_the_shared_copy_of_a_room_cannot_be_saved(room):
    from torget.places.directory import SharedCopyWritten

    shared = catalogue().space(room.pk)
    shared.name = "Endret i minnet"
    with pytest.raises(SharedCopyWritten):
        shared.save()
    with pytest.raises(SharedCopyWritten):
        shared.hub.save()
    assert Space.objects.get(pk=room.pk).name != "Endret i minnet"
