"""Every change to a booking tells the person it is for, once, whoever made the change."""

import pytest

from torget.booking.models import Approval, BookingPolicy
from torget.booking.services import (
    BookingRequest,
    booking_approve,
    booking_cancel,
    booking_create,
    booking_reject,
)
from torget.booking.tests.conftest import at
from torget.notifications.models import Channel, Message

pytestmark = pytest.mark.usefixtures("frozen_now")


def ask(space, start, end, **kw):
    base = {"title": "Styremøte", "organiser_type": "resident", "kind": "meeting"}
    return BookingRequest(space=space, start=start, end=end, **{**base, **kw})


def sent(booking) -> list[tuple[str, str, str]]:
    return list(
        Message.objects.filter(key__startswith=f"booking:{booking.pk}")
        .order_by("pk")
        .values_list("template", "channel", "to")
    )


def test_approval_and_rejection_reach_the_booker_with_the_reason(personas, room):
    BookingPolicy.objects.create(hub=room.hub, approval=Approval.REQUIRED)
    contact = personas.org_contact
    first = booking_create(actor=contact, request=ask(room, at(30, 10), at(30, 12)))
    second = booking_create(actor=contact, request=ask(room, at(30, 13), at(30, 14)))
    booking_approve(actor=personas.desk_holmen, booking_id=first.pk)
    booking_reject(actor=personas.desk_holmen, booking_id=second.pk, reason="Rommet males")
    assert sent(first) == [
        ("booking.received", Channel.EMAIL, contact.email),
        ("booking.approved", Channel.EMAIL, contact.email),
    ]
    assert [t for t, _c, _to in sent(second)] == ["booking.received", "booking.rejected"]
    rejection = Message.objects.get(template="booking.rejected")
    assert "Rommet males" in rejection.body
    assert rejection.subject == "Booking ikke godkjent: Styremøte"


def test_staff_cancelling_tells_the_booker_why_and_the_booker_cancelling_gets_a_receipt(
    personas, room
):
    resident = personas.resident
    mine = booking_create(actor=resident, request=ask(room, at(30, 10), at(30, 11)))
    theirs = booking_create(actor=resident, request=ask(room, at(30, 12), at(30, 13)))
    booking_cancel(actor=resident, booking_id=mine.pk, reason="")
    booking_cancel(actor=personas.desk_holmen, booking_id=theirs.pk, reason="Vannlekkasje")
    assert [t for t, _c, _to in sent(mine)] == ["booking.confirmed", "booking.cancelled"]
    assert [t for t, _c, _to in sent(theirs)] == [
        "booking.confirmed",
        "booking.cancelled_by_staff",
    ]
    assert "Vannlekkasje" in Message.objects.get(template="booking.cancelled_by_staff").body


def test_a_desk_booking_on_behalf_goes_by_sms_to_that_person_or_not_at_all(personas, room):
    desk = personas.desk_holmen
    by_phone = booking_create(
        actor=desk,
        request=ask(
            room, at(30, 10), at(30, 11), on_behalf_name="Kari Nordmann", on_behalf_phone="41234567"
        ),
    )
    printed = booking_create(
        actor=desk, request=ask(room, at(30, 12), at(30, 13), on_behalf_name="Ola Nordmann")
    )
    assert sent(by_phone) == [("booking.confirmed", Channel.SMS, "41234567")]
    sms = Message.objects.get(key=f"booking:{by_phone.pk}")
    assert "30.11.2026" in sms.body and "10:00–11:00" in sms.body
    # Nobody's e-mail gets it: not the desk's own, not anyone's.
    assert sent(printed) == []
    assert not Message.objects.filter(to=desk.email).exists()


def test_the_day_before_reminder_is_queued_once(personas, room):
    from django.core.management import call_command

    tomorrow = booking_create(actor=personas.resident, request=ask(room, at(24, 10), at(24, 11)))
    later = booking_create(actor=personas.resident, request=ask(room, at(25, 10), at(25, 11)))
    call_command("send_booking_reminders")
    call_command("send_booking_reminders")
    assert [t for t, _c, _to in sent(tomorrow)] == ["booking.confirmed", "booking.reminder"]
    assert [t for t, _c, _to in sent(later)] == ["booking.confirmed"]


def test_the_confirmation_reads_as_a_letter_in_the_bookers_language(personas, room):
    """What, where, when and price, the link to one's own bookings and the sender: in bokmål,
    and in English for someone who prefers it."""
    room.hub.address = "Holmenveien 1"
    room.hub.save()
    resident = personas.resident
    booking_create(actor=resident, request=ask(room, at(30, 9, 30), at(30, 11)))
    body = Message.objects.get(template="booking.confirmed").body
    assert body.startswith("Hei,\n\nBookingen din er bekreftet.\n\n")
    assert "Hva: Styremøte\n" in body
    assert f"Hvor: Møterom Fjorden, {room.hub.name} (Holmenveien 1)\n" in body
    assert "Når: Mandag 30. november kl. 09:30–11:00\nPris: Gratis\n\n" in body
    assert "Se eller avbestill bookingene dine: http" in body and "/booking/mine/" in body
    assert body.endswith(f"Asker kommune – {room.hub.name}")
    assert "\n\n\n" not in body

    resident.preferred_language = "en"
    resident.save()
    booking_create(actor=resident, request=ask(room, at(30, 12), at(30, 13)))
    english = Message.objects.filter(template="booking.confirmed").order_by("pk").last().body
    assert english.startswith("Hello,\n\nYour booking is confirmed.")
    assert "When: Monday 30 November, 12:00–13:00\nPrice: Free" in english
