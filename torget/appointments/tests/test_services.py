"""Office hours on the booking engine, booking a slot, cancel and move, reminders, marks."""

from datetime import date, time, timedelta
from unittest import mock

import pytest

from torget.appointments import services
from torget.appointments.errors import (
    NotActive,
    NotASlot,
    NotOfficeStaff,
    SlotInPast,
    SlotTaken,
    TooEarlyToMark,
    UnknownLink,
)
from torget.appointments.models import (
    Appointment,
    AppointmentStatus,
    Mode,
    OfficeHours,
    Officer,
)
from torget.appointments.tests.conftest import at
from torget.booking.errors import BookingConflict, ResourceUnavailable
from torget.booking.models import Booking, BookingStatus, Occupancy
from torget.core.errors import PermissionDenied, ValidationFailed
from torget.ledger.models import EntryKind, LedgerEntry
from torget.notifications.models import Channel, Message

pytestmark = pytest.mark.django_db

ANNE = services.Contact(name="Anne Eksempel", phone="400 00 000", email="anne@example.no")


def book(session, start, contact=ANNE, about="Tilbygg til garasjen"):
    return services.appointment_book(
        session_id=session.pk, start=start, about=about, contact=contact, site_url="http://t/"
    )


# --- Office hours ------------------------------------------------------------------------


def test_office_hours_are_a_municipal_booking_holding_the_officer(session, office):
    booking = session.booking
    assert booking.space == office.tofte_room
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.organiser_type == "municipal" and booking.kind == "meeting"
    assert list(booking.resources.all()) == [office.officer.resource]
    assert office.officer.resource.hub is None  # travels between hubs
    assert Occupancy.objects.filter(booking=booking, resource=office.officer.resource).exists()


def test_the_officer_cannot_be_at_two_hubs_at_once(session, personas, office):
    with pytest.raises(ResourceUnavailable):
        services.office_hours_create(
            actor=personas.desk_holmen,
            officer=office.officer,
            space=office.holmen_room,
            start=at(24, 11),
            end=at(24, 13),
        )
    assert Booking.objects.count() == 1
    # Right after, at the other hub, is fine.
    services.office_hours_create(
        actor=personas.desk_holmen,
        officer=office.officer,
        space=office.holmen_room,
        start=at(24, 12),
        end=at(24, 14),
    )


def test_a_busy_room_refuses_office_hours(session, personas, office):
    from torget.appointments.services import officer_create

    other = officer_create(actor=personas.admin, service=office.service, name="Nummer to")
    with pytest.raises(BookingConflict):
        services.office_hours_create(
            actor=personas.desk_tofte,
            officer=other,
            space=office.tofte_room,
            start=at(24, 11),
            end=at(24, 12),
        )


def test_only_the_hubs_staff_create_office_hours(personas, office, frozen_now):
    for outsider in (personas.desk_holmen, personas.resident):
        with pytest.raises(NotOfficeStaff):
            services.office_hours_create(
                actor=outsider,
                officer=office.officer,
                space=office.tofte_room,
                start=at(24, 10),
                end=at(24, 12),
            )
    assert Booking.objects.count() == 0


def test_video_office_hours_need_a_link_and_slots_fit(personas, office, frozen_now):
    kwargs = dict(actor=personas.desk_tofte, officer=office.officer, space=office.tofte_room)
    with pytest.raises(ValidationFailed) as no_link:
        services.office_hours_create(**kwargs, start=at(24, 10), end=at(24, 12), mode=Mode.VIDEO)
    assert no_link.value.errors[0]["field"] == "meeting_link"
    with pytest.raises(ValidationFailed):
        services.office_hours_create(**kwargs, start=at(24, 10), end=at(24, 10, 20))
    session = services.office_hours_create(
        **kwargs,
        start=at(24, 10),
        end=at(24, 12),
        mode=Mode.VIDEO,
        meeting_link="https://møte.example/byggesak",
    )
    assert session.mode == Mode.VIDEO


def test_a_weekly_rotation_skips_days_the_officer_is_elsewhere(personas, office, frozen_now):
    # Tofte on Tuesdays 10–14 for three weeks …
    tofte = services.office_hours_plan(
        actor=personas.admin,
        officer=office.officer,
        space=office.tofte_room,
        weekday=1,
        opens=time(10),
        closes=time(14),
        first_day=date(2026, 11, 23),
        until=date(2026, 12, 13),
    )
    assert [s.start.date() for s in tofte.created] == [
        date(2026, 11, 24),
        date(2026, 12, 1),
        date(2026, 12, 8),
    ]
    # … so Holmen on Tuesdays 13–15 collides every week, and Thursdays do not.
    holmen = services.office_hours_plan(
        actor=personas.admin,
        officer=office.officer,
        space=office.holmen_room,
        weekday=1,
        opens=time(13),
        closes=time(15),
        first_day=date(2026, 11, 23),
        until=date(2026, 12, 13),
    )
    assert holmen.created == [] and len(holmen.skipped) == 3
    thursdays = services.office_hours_plan(
        actor=personas.admin,
        officer=office.officer,
        space=office.holmen_room,
        weekday=3,
        opens=time(10),
        closes=time(14),
        first_day=date(2026, 11, 23),
        until=date(2026, 12, 13),
    )
    assert len(thursdays.created) == 3


def test_a_plan_by_someone_who_may_not_is_refused_not_skipped(personas, office, frozen_now):
    # Staff at Holmen and a resident: refused outright, not "every day skipped".
    for outsider in (personas.desk_holmen, personas.resident):
        with pytest.raises(NotOfficeStaff):
            services.office_hours_plan(
                actor=outsider,
                officer=office.officer,
                space=office.tofte_room,
                weekday=1,
                opens=time(10),
                closes=time(14),
                first_day=date(2026, 11, 23),
                until=date(2026, 12, 13),
            )
    assert not OfficeHours.objects.exists() and not Booking.objects.exists()


def test_only_the_hubs_staff_cancel_office_hours(session, personas):
    appointment = book(session, at(24, 10))
    for outsider in (personas.desk_holmen, personas.resident, personas.org_contact):
        with pytest.raises(NotOfficeStaff):
            services.office_hours_cancel(actor=outsider, session_id=session.pk)
    session.refresh_from_db()
    appointment.refresh_from_db()
    assert not session.cancelled and session.booking.status == BookingStatus.CONFIRMED
    assert appointment.status == AppointmentStatus.BOOKED
    assert not Message.objects.filter(template="appointment.cancelled_by_service").exists()


def test_only_administrators_create_officers(personas, office):
    for outsider in (personas.desk_holmen, personas.leader, personas.resident):
        with pytest.raises(PermissionDenied):
            services.officer_create(actor=outsider, service=office.service, name="Ny")
    assert Officer.objects.count() == 1


def test_cancelling_office_hours_frees_the_officer_and_tells_the_booked(session, personas, office):
    appointment = book(session, at(24, 10))
    services.office_hours_cancel(actor=personas.desk_tofte, session_id=session.pk)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert Message.objects.filter(template="appointment.cancelled_by_service").count() == 1
    services.office_hours_create(
        actor=personas.desk_holmen,
        officer=office.officer,
        space=office.holmen_room,
        start=at(24, 10),
        end=at(24, 12),
    )


# --- Booking a slot ----------------------------------------------------------------------


def test_booking_a_slot_queues_a_confirmation_with_the_links(session):
    appointment = book(session, at(24, 10, 30))
    assert appointment.end == at(24, 11)
    message = Message.objects.get(template="appointment.confirmed")
    assert message.channel == Channel.EMAIL and message.to == "anne@example.no"
    assert f"/timeavtaler/avtale/{appointment.token}/kalender.ics" in message.body
    assert f"/timeavtaler/avtale/{appointment.token}/" in message.body
    assert "Byggesak" in message.subject
    assert "Tirsdag 24. november kl. 10:30–11:00" in message.body
    assert message.hub == session.hub  # its staff read it in the back office, no other hub's


def test_phone_only_gets_an_sms(session):
    book(session, at(24, 10), contact=services.Contact(name="Per", phone="+47 400 00 001"))
    message = Message.objects.get()
    assert message.channel == Channel.SMS and message.to == "+47 400 00 001"


def test_a_slot_is_booked_once(session):
    book(session, at(24, 10))
    with pytest.raises(SlotTaken):
        book(session, at(24, 10), contact=services.Contact(name="Per", phone="40000001"))
    assert Appointment.objects.count() == 1


def test_the_database_refuses_a_second_booking_of_a_slot(session):
    from django.db import IntegrityError, transaction

    first = book(session, at(24, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            session=session, start=first.start, end=first.end, about="x", name="y"
        )


@pytest.mark.parametrize(
    "start, error",
    [(at(24, 10, 15), NotASlot), (at(24, 12), NotASlot), (at(24, 9, 30), NotASlot)],
)
def test_only_the_sessions_slots_can_be_booked(session, start, error):
    with pytest.raises(error):
        book(session, start)


def test_a_slot_that_has_passed_cannot_be_booked(session):
    later = at(24, 10, 45)
    with mock.patch("django.utils.timezone.now", return_value=later), pytest.raises(SlotInPast):
        book(session, at(24, 10, 30))


@pytest.mark.parametrize(
    "contact, about, field",
    [
        (services.Contact(name="", phone="40000000"), "x", "name"),
        (services.Contact(name="Per"), "x", "phone"),
        (services.Contact(name="Per", phone="12"), "x", "phone"),
        (services.Contact(name="Per", email="not-an-address"), "x", "email"),
        (ANNE, "   ", "about"),
        (ANNE, "x" * 301, "about"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(session, contact, about, field):
    with pytest.raises(ValidationFailed) as error:
        book(session, at(24, 10), contact=contact, about=about)
    assert field in {e["field"] for e in error.value.errors}
    assert Appointment.objects.count() == 0 and Message.objects.count() == 0


def test_a_signed_in_resident_books_with_their_account(session, personas):
    personas.resident.email = "innbygger@example.no"
    personas.resident.save()
    appointment = book(session, at(24, 11), contact=services.Contact(user=personas.resident))
    assert appointment.user == personas.resident
    assert Message.objects.get().to == "innbygger@example.no"


# --- Cancel and move ---------------------------------------------------------------------


def test_cancel_by_the_private_link_frees_the_slot(session):
    appointment = book(session, at(24, 10))
    services.appointment_cancel(token=appointment.token)
    assert Message.objects.filter(template="appointment.cancelled").count() == 1
    book(session, at(24, 10), contact=services.Contact(name="Per", phone="40000001"))
    with pytest.raises(NotActive):
        services.appointment_cancel(token=appointment.token)
    with pytest.raises(UnknownLink):
        services.appointment_cancel(token="not-a-token")


def test_move_takes_the_new_slot_before_freeing_the_old(session, personas, office):
    holmen = services.office_hours_create(
        actor=personas.desk_holmen,
        officer=office.officer,
        space=office.holmen_room,
        start=at(26, 10),
        end=at(26, 12),
    )
    mine = book(session, at(24, 10))
    taken = book(holmen, at(26, 10), contact=services.Contact(name="Per", phone="40000001"))
    with pytest.raises(SlotTaken):
        services.appointment_move(token=mine.token, session_id=holmen.pk, start=taken.start)
    mine.refresh_from_db()
    assert mine.session == session and mine.start == at(24, 10)
    services.appointment_move(token=mine.token, session_id=holmen.pk, start=at(26, 11))
    mine.refresh_from_db()
    assert mine.session == holmen and mine.start == at(26, 11)
    # The old slot is free; a second confirmation names the new time.
    book(session, at(24, 10), contact=services.Contact(name="Kari", phone="40000002"))
    assert Message.objects.filter(template="appointment.confirmed", to=ANNE.email).count() == 2


# --- Reminders ---------------------------------------------------------------------------


def test_reminders_the_day_before_are_queued_once(session):
    book(session, at(24, 10))
    cancelled = book(session, at(24, 11), contact=services.Contact(name="P", phone="40000001"))
    services.appointment_cancel(token=cancelled.token)
    assert services.appointment_reminders_queue(day=date(2026, 11, 24)) == 1
    assert services.appointment_reminders_queue(day=date(2026, 11, 24)) == 0
    assert services.appointment_reminders_queue(day=date(2026, 11, 25)) == 0
    reminder = Message.objects.get(template="appointment.reminder")
    assert reminder.to == ANNE.email and "i morgen" in reminder.subject


def test_the_reminder_command(session, capsys):
    from django.core.management import call_command

    book(session, at(24, 10))
    call_command("send_appointment_reminders")  # today is the 23rd: tomorrow's
    call_command("send_appointment_reminders", day="2026-11-24")
    assert Message.objects.filter(template="appointment.reminder").count() == 1
    assert "1 reminders queued" in capsys.readouterr().out


# --- Held, no-show, ledger ---------------------------------------------------------------


def test_held_writes_one_ledger_row_and_no_show_none(session, personas):
    first = book(session, at(24, 10))
    second = book(session, at(24, 10, 30), contact=services.Contact(name="P", phone="40000001"))
    with pytest.raises(TooEarlyToMark):
        services.appointment_mark(actor=personas.desk_tofte, appointment_id=first.pk, status="held")
    with mock.patch("django.utils.timezone.now", return_value=at(24, 11)):
        services.appointment_mark(actor=personas.desk_tofte, appointment_id=first.pk, status="held")
        services.appointment_mark(actor=personas.desk_tofte, appointment_id=first.pk, status="held")
        services.appointment_mark(
            actor=personas.desk_tofte, appointment_id=second.pk, status="no_show"
        )
        with pytest.raises(NotOfficeStaff):
            services.appointment_mark(
                actor=personas.desk_holmen, appointment_id=second.pk, status="held"
            )
    row = LedgerEntry.objects.get(kind=EntryKind.APPOINTMENT)
    assert row.kind == EntryKind.APPOINTMENT and row.hub == personas.tofte
    assert row.date == date(2026, 11, 24) and row.category == "byggesak"
    assert row.channel == "walk_in" and row.title == ""
    with mock.patch("django.utils.timezone.now", return_value=at(24, 11)):
        services.appointment_mark(
            actor=personas.desk_tofte, appointment_id=first.pk, status="booked"
        )
    assert not LedgerEntry.objects.filter(kind=EntryKind.APPOINTMENT).exists()


def test_the_officer_marks_their_own_appointments(session, personas, office):
    office.officer.user = personas.case_officer
    office.officer.save()
    appointment = book(session, at(24, 10))
    with mock.patch("django.utils.timezone.now", return_value=at(24, 11)):
        services.appointment_mark(
            actor=personas.case_officer, appointment_id=appointment.pk, status="no_show"
        )
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NO_SHOW


def test_purge_blanks_old_personal_details(session):
    appointment = book(session, at(24, 10))
    with mock.patch("django.utils.timezone.now", return_value=at(24, 10) + timedelta(days=200)):
        assert services.appointment_details_purge(older_than_days=180) == 1
    appointment.refresh_from_db()
    assert (appointment.name, appointment.phone, appointment.email, appointment.about) == (
        "",
        "",
        "",
        "",
    )
