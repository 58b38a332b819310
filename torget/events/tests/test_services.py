"""Events book their room through the booking service; registrations never exceed the
places; the waitlist moves up in order; registrants are told what happens."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command

from torget.booking.errors import BookingConflict
from torget.booking.models import Booking, BookingStatus
from torget.booking.services import BookingRequest, booking_create
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.events import services
from torget.events.errors import (
    AlreadyRegistered,
    CapacityBelowTaken,
    NoRegistration,
    NotScheduled,
    RegistrationClosed,
)
from torget.events.models import Occurrence, Registration
from torget.events.services.details import details_of
from torget.events.tests.conftest import NOW, at
from torget.ledger.models import EntrySource, LedgerEntry
from torget.notifications.models import Message

pytestmark = pytest.mark.usefixtures("frozen_now")


def register(occurrence, name="Kari", email=None, seats=1, **kwargs):
    return services.registration_create(
        actor=None,
        occurrence_id=occurrence.pk,
        name=name,
        email=email if email is not None else f"{name.lower()}@example.no",
        seats=seats,
        **kwargs,
    )


def sent(template):
    return list(Message.objects.filter(template=template).order_by("pk"))


def test_creating_an_event_books_its_room_once(make_event, room):
    event = make_event()
    [occurrence] = event.occurrences.all()
    booking = occurrence.booking
    assert (booking.space, booking.start, booking.end) == (room, at(25, 10), at(25, 12))
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.kind == "activity" and booking.public
    assert occurrence.start == at(25, 10)
    # The event writes the ledger row, its room booking none: one row, not two.
    assert booking.for_event
    rows = LedgerEntry.objects.filter(date=date(2026, 11, 25))
    assert [(r.source, r.source_id, r.kind, r.organiser_class, r.category) for r in rows] == [
        (EntrySource.EVENT, str(occurrence.pk), "activity", "municipal", "digital_help")
    ]
    assert rows[0].participants == 3  # expected: the places


def test_an_event_cannot_take_a_booked_room(make_event, personas, room):
    booking_create(
        actor=personas.desk_holmen,
        request=BookingRequest(
            space=room,
            start=at(25, 11),
            end=at(25, 13),
            title="Styremøte",
            organiser_type="voluntary",
            kind="meeting",
        ),
    )
    with pytest.raises(BookingConflict):
        make_event()
    assert not Occurrence.objects.exists()


def test_only_staff_at_the_hub_create_events(personas, room):
    details = services.EventDetails(title="Allsang", category="culture", organiser_type="municipal")
    for outsider in (personas.desk_tofte, personas.resident):
        with pytest.raises(PermissionDenied):
            services.event_create(
                actor=outsider, details=details, space=room, start=at(25, 10), end=at(25, 11)
            )
    assert not Booking.objects.exists()


def test_bad_details_are_refused_with_every_field(make_event):
    with pytest.raises(ValidationFailed) as caught:
        make_event(title=" ", category="dance", min_age=70, max_age=62, capacity=None)
    fields = {e["field"] for e in caught.value.errors}
    assert {"title", "category", "max_age", "capacity"} <= fields
    assert not Booking.objects.exists()


def test_a_weekly_activity_has_an_occurrence_and_a_booking_each_week(make_event):
    event = make_event(title="Sjakkveld", until=date(2026, 12, 23))
    starts = [o.start for o in event.occurrences.order_by("booking__start")]
    assert starts == [
        at(25, 10),
        at(2, 10, month=12),
        at(9, 10, month=12),
        at(16, 10, month=12),
        at(23, 10, month=12),
    ]
    assert len({o.booking_id for o in event.occurrences.all()}) == 5
    # Registration is per occurrence.
    first, second = event.occurrences.order_by("booking__start")[:2]
    register(first, "Kari")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.seats_taken, second.seats_taken) == (1, 0)


def test_places_then_waitlist_in_order_then_promotion_with_a_message(make_event):
    event = make_event(capacity=3)
    occurrence = event.occurrences.get()
    a = register(occurrence, "Anne", seats=2)
    b = register(occurrence, "Bjorn")
    c = register(occurrence, "Cecilie")
    d = register(occurrence, "Dag")
    assert [r.registration.status for r in (a, b, c, d)] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert (c.position, d.position) == (1, 2)
    occurrence.refresh_from_db()
    assert (occurrence.seats_taken, occurrence.waitlisted, occurrence.seats_left) == (3, 2, 0)

    services.registration_cancel(token=b.token)
    occurrence.refresh_from_db()
    assert Registration.objects.get(pk=c.registration.pk).status == "confirmed"
    assert services.waitlist_position(Registration.objects.get(pk=d.registration.pk)) == 1
    assert (occurrence.seats_taken, occurrence.waitlisted) == (3, 1)
    [promoted] = sent("event.promoted")
    assert promoted.to == "cecilie@example.no"
    assert "Digital hjelp for seniorer" in promoted.subject
    assert len(sent("event.confirmed")) == 2 and len(sent("event.waitlisted")) == 2


def test_a_group_too_big_keeps_its_turn_while_a_smaller_one_fits(make_event):
    occurrence = make_event(capacity=3).occurrences.get()
    first = register(occurrence, "Anne", seats=3)
    register(occurrence, "Gruppe", seats=3)
    register(occurrence, "Siv", seats=1)
    services.registration_cancel(token=first.token)
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Anne": "cancelled", "Gruppe": "confirmed", "Siv": "waitlisted"}


def test_the_confirmation_carries_a_private_cancellation_link(make_event):
    occurrence = make_event().occurrences.get()
    registered = register(occurrence, "Kari")
    [message] = sent("event.confirmed")
    assert f"/arrangementer/pamelding/{registered.token}/" in message.body
    assert "Onsdag 25. november kl. 10:00–12:00" in message.body
    # Only the hash is stored.
    assert registered.token not in Registration.objects.get().token_hash
    with pytest.raises(NotFound):
        services.registration_cancel(token="not-a-token")


def test_phone_only_gets_an_sms_and_a_walk_in_needs_no_contact(make_event, personas):
    occurrence = make_event(start=at(23, 10), end=at(23, 12)).occurrences.get()
    services.registration_create(
        actor=None, occurrence_id=occurrence.pk, name="Per", phone="912 34 567"
    )
    assert [(m.channel, m.to) for m in Message.objects.all()] == [("sms", "912 34 567")]
    walk_in = services.registration_create(
        actor=personas.desk_holmen, occurrence_id=occurrence.pk, name="Gjest", walk_in=True
    )
    assert walk_in.registration.walk_in and walk_in.registration.attended
    with pytest.raises(PermissionDenied):
        services.registration_create(
            actor=personas.desk_tofte, occurrence_id=occurrence.pk, name="X", walk_in=True
        )


def test_contact_details_are_required_and_checked(make_event):
    occurrence = make_event().occurrences.get()
    with pytest.raises(ValidationFailed) as caught:
        services.registration_create(
            actor=None, occurrence_id=occurrence.pk, name="", seats=11, phone="abc"
        )
    assert {e["field"] for e in caught.value.errors} == {"name", "phone", "seats"}
    with pytest.raises(ValidationFailed):
        services.registration_create(actor=None, occurrence_id=occurrence.pk, name="Kari")
    assert not Registration.objects.exists()


def test_the_same_person_cannot_register_twice(make_event, personas):
    occurrence = make_event().occurrences.get()
    register(occurrence, "Kari")
    with pytest.raises(AlreadyRegistered):
        register(occurrence, "Kari")
    personas.resident.email = "innbygger@example.no"
    personas.resident.save()
    services.registration_create(actor=personas.resident, occurrence_id=occurrence.pk)
    with pytest.raises(AlreadyRegistered):
        services.registration_create(actor=personas.resident, occurrence_id=occurrence.pk)


def test_registration_window_and_mode(make_event):
    drop_in = make_event(registration="none", capacity=None).occurrences.get()
    with pytest.raises(NoRegistration):
        register(drop_in)
    later = make_event(
        start=at(26, 10), end=at(26, 12), registration_opens=NOW + timedelta(days=1)
    ).occurrences.get()
    with pytest.raises(RegistrationClosed):
        register(later)
    started = make_event(start=at(23, 8), end=at(23, 10), override_reason="test").occurrences.get()
    with pytest.raises(RegistrationClosed):
        register(started)


def test_cancelling_an_occurrence_cancels_the_booking_and_tells_everyone(make_event, personas):
    occurrence = make_event(capacity=1).occurrences.get()
    register(occurrence, "Anne")
    register(occurrence, "Bjorn")  # waiting
    services.occurrence_cancel(actor=personas.desk_holmen, occurrence_id=occurrence.pk)
    occurrence.refresh_from_db()
    assert occurrence.status == "cancelled"
    assert occurrence.booking.status == BookingStatus.CANCELLED
    assert not LedgerEntry.objects.filter(date=date(2026, 11, 25)).exists()
    assert {m.to for m in sent("event.cancelled")} == {"anne@example.no", "bjorn@example.no"}
    with pytest.raises(NotScheduled):
        register(occurrence, "Cecilie")
    with pytest.raises(PermissionDenied):
        services.occurrence_cancel(actor=personas.desk_tofte, occurrence_id=occurrence.pk)


def test_moving_moves_the_booking_and_tells_registrants(make_event, personas, room):
    occurrence = make_event().occurrences.get()
    old_booking = occurrence.booking
    register(occurrence, "Anne")
    moved = services.occurrence_move(
        actor=personas.desk_holmen, occurrence_id=occurrence.pk, start=at(26, 13), end=at(26, 15)
    )
    old_booking.refresh_from_db()
    assert old_booking.status == BookingStatus.CANCELLED
    assert (moved.booking.start, moved.booking.status) == (at(26, 13), BookingStatus.CONFIRMED)
    assert Occurrence.objects.get().start == at(26, 13)
    [message] = sent("event.moved")
    assert "Torsdag 26. november kl. 13:00–15:00" in message.body
    # The key figures count it once, on the new day.
    assert list(LedgerEntry.objects.values_list("date", flat=True)) == [date(2026, 11, 26)]
    # A move onto a taken time changes nothing.
    booking_create(
        actor=personas.desk_holmen,
        request=BookingRequest(
            space=room,
            start=at(27, 10),
            end=at(27, 12),
            title="Møte",
            organiser_type="municipal",
            kind="meeting",
        ),
    )
    with pytest.raises(BookingConflict):
        services.occurrence_move(
            actor=personas.desk_holmen,
            occurrence_id=occurrence.pk,
            start=at(27, 10),
            end=at(27, 12),
        )
    assert Occurrence.objects.get().booking_id == moved.booking_id
    assert Booking.objects.get(pk=moved.booking_id).status == BookingStatus.CONFIRMED


def test_postponed_then_given_a_new_time(make_event, personas):
    occurrence = make_event().occurrences.get()
    register(occurrence, "Anne")
    services.occurrence_postpone(actor=personas.desk_holmen, occurrence_id=occurrence.pk)
    assert Occurrence.objects.get().status == "postponed"
    assert len(sent("event.postponed")) == 1
    services.occurrence_move(
        actor=personas.desk_holmen, occurrence_id=occurrence.pk, start=at(30, 10), end=at(30, 12)
    )
    occurrence.refresh_from_db()
    assert occurrence.status == "scheduled"
    assert Registration.objects.get().status == "confirmed"


def test_more_places_promote_fewer_than_taken_refused(make_event, personas):
    event = make_event(capacity=1)
    occurrence = event.occurrences.get()
    register(occurrence, "Anne")
    register(occurrence, "Bjorn")
    details = details_of(event)
    details.capacity = 2
    services.event_update(actor=personas.desk_holmen, event_id=event.pk, details=details)
    assert Registration.objects.filter(status="confirmed").count() == 2
    details.capacity = 1
    with pytest.raises(CapacityBelowTaken):
        services.event_update(actor=personas.desk_holmen, event_id=event.pk, details=details)


def test_attendance_updates_the_events_ledger_row(make_event, personas):
    occurrence = make_event(
        start=at(23, 8), end=at(23, 11), override_reason="test"
    ).occurrences.get()
    kari = services.registration_create(
        actor=personas.desk_holmen,
        occurrence_id=occurrence.pk,
        name="Kari",
        walk_in=True,
        seats=2,
    )
    row = LedgerEntry.objects.get(source=EntrySource.EVENT)
    assert row.participants == 2
    services.attendance_mark(
        actor=personas.desk_holmen, registration_id=kari.registration.pk, attended=False
    )
    assert LedgerEntry.objects.get().participants is None
    services.headcount_record(actor=personas.desk_holmen, occurrence_id=occurrence.pk, headcount=14)
    assert LedgerEntry.objects.count() == 1
    assert LedgerEntry.objects.get().participants == 14
    with pytest.raises(PermissionDenied):
        services.headcount_record(
            actor=personas.desk_tofte, occurrence_id=occurrence.pk, headcount=1
        )


def test_reminders_go_the_day_before_once(make_event, personas):
    tomorrow = make_event(start=at(24, 18), end=at(24, 20)).occurrences.get()
    later = make_event(start=at(25, 18), end=at(25, 20)).occurrences.get()
    register(tomorrow, "Anne")
    register(later, "Bjorn")
    call_command("send_event_reminders")
    call_command("send_event_reminders")
    assert [m.to for m in sent("event.reminder")] == ["anne@example.no"]


def test_registrants_are_anonymised_after_the_retention_period(make_event, settings):
    settings.TORGET_REGISTRATION_RETENTION_DAYS = 1
    occurrence = make_event(
        start=at(23, 7), end=at(23, 8, 30), override_reason="test"
    ).occurrences.get()
    Registration.objects.create(
        occurrence=occurrence,
        name="Kari",
        email="k@example.no",
        seats=1,
        status="confirmed",
        token_hash="x",
    )
    assert services.registrations_anonymise(older_than_days=1) == 0
    from io import StringIO
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=NOW + timedelta(days=2)):
        call_command("purge_personal_data", stdout=StringIO())
        assert services.registrations_anonymise(older_than_days=1) == 0
    registration = Registration.objects.get()
    assert (registration.name, registration.email, registration.anonymised) == ("", "", True)
    assert registration.seats == 1


def test_sign_up_for_the_whole_series(make_event):
    event = make_event(title="Sjakkveld", until=date(2026, 12, 16), capacity=1)
    first, second, _third, _fourth = event.occurrences.order_by("booking__start")
    register(second, "Anne")  # the second week is full
    done = services.registration_series_create(
        actor=None, occurrence_id=first.pk, name="Kari", email="kari@example.no"
    )
    assert [r.registration.status for r in done] == [
        "confirmed",
        "waitlisted",
        "confirmed",
        "confirmed",
    ]
    assert len({r.token for r in done}) == 4
    # Again: every date is already taken care of, so the first one says so.
    with pytest.raises(AlreadyRegistered):
        services.registration_series_create(
            actor=None, occurrence_id=first.pk, name="Kari", email="kari@example.no"
        )
    assert Registration.objects.filter(email="kari@example.no").count() == 4


def test_key_figures_count_each_occurrence_once(make_event, personas, room):
    from torget.booking.services import booking_cancel
    from torget.keyfigures.selectors import key_figures

    # Four weeks of a voluntary activity, one week cancelled, one moved, one room booking
    # cancelled in the booking pages: two left, each counted once.
    event = make_event(
        start=at(25, 10),
        end=at(25, 12),
        until=date(2026, 12, 16),
        organiser_type="voluntary",
        organisation=personas.organisation,
    )
    weeks = list(event.occurrences.order_by("booking__start"))
    assert len(weeks) == 4
    assert LedgerEntry.objects.filter(source=EntrySource.EVENT).count() == 4
    assert not LedgerEntry.objects.filter(source=EntrySource.BOOKING).exists()
    services.occurrence_cancel(actor=personas.desk_holmen, occurrence_id=weeks[0].pk)
    services.occurrence_move(
        actor=personas.desk_holmen,
        occurrence_id=weeks[1].pk,
        start=at(3, 13, month=12),
        end=at(3, 15, month=12),
    )
    booking_cancel(actor=personas.desk_holmen, booking_id=weeks[2].booking_id, notify=False)
    figures = key_figures(start=date(2026, 11, 1), end=date(2026, 12, 31), hub=None)
    activities = figures.totals.activities
    assert (activities.municipal, activities.non_municipal) == (0, 2)
    rows = LedgerEntry.objects.order_by("date")
    assert [(r.source_id, r.date) for r in rows] == [
        (str(weeks[1].pk), date(2026, 12, 3)),
        (str(weeks[3].pk), date(2026, 12, 16)),
    ]
    assert {r.organisation_id for r in rows} == {personas.organisation.pk}


def _staff_writes(occurrence, registration):
    event = occurrence.event
    return {
        "event_update": lambda actor: services.event_update(
            actor=actor, event_id=event.pk, details=details_of(event)
        ),
        "event_cancel": lambda actor: services.event_cancel(actor=actor, event_id=event.pk),
        "occurrence_move": lambda actor: services.occurrence_move(
            actor=actor, occurrence_id=occurrence.pk, start=at(26, 10), end=at(26, 12)
        ),
        "occurrence_postpone": lambda actor: services.occurrence_postpone(
            actor=actor, occurrence_id=occurrence.pk
        ),
        "attendance_mark": lambda actor: services.attendance_mark(
            actor=actor, registration_id=registration.pk, attended=False
        ),
        "headcount_record": lambda actor: services.headcount_record(
            actor=actor, occurrence_id=occurrence.pk, headcount=5
        ),
    }


@pytest.mark.parametrize(
    "write",
    [
        "event_update",
        "event_cancel",
        "occurrence_move",
        "occurrence_postpone",
        "attendance_mark",
        "headcount_record",
    ],
)
def test_every_staff_write_refuses_another_hubs_staff_and_a_resident(make_event, personas, write):
    occurrence = make_event(start=at(23, 8), end=at(23, 11), override_reason="t").occurrences.get()
    registration = services.registration_create(
        actor=personas.desk_holmen, occurrence_id=occurrence.pk, name="Kari", walk_in=True
    ).registration
    before = (Booking.objects.count(), Message.objects.count(), LedgerEntry.objects.count())
    for outsider in (personas.desk_tofte, personas.resident, personas.org_contact):
        with pytest.raises(PermissionDenied):
            _staff_writes(occurrence, registration)[write](outsider)
    occurrence.refresh_from_db()
    registration.refresh_from_db()
    assert occurrence.status == "scheduled" and occurrence.headcount is None
    assert occurrence.booking.status == BookingStatus.CONFIRMED
    assert registration.attended is True
    assert (Booking.objects.count(), Message.objects.count(), LedgerEntry.objects.count()) == before


def test_only_the_registrant_or_the_hubs_staff_cancel_by_id(make_event, personas):
    occurrence = make_event().occurrences.get()
    registration = register(occurrence, "Kari").registration
    for outsider in (personas.desk_tofte, personas.resident, personas.org_contact):
        with pytest.raises(NotFound):
            services.registration_cancel(actor=outsider, registration_id=registration.pk)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    services.registration_cancel(actor=personas.desk_holmen, registration_id=registration.pk)
    registration.refresh_from_db()
    assert registration.status == "cancelled"
