"""The outbox: queued once per (key, template, channel), sent after commit, retried later."""

import logging
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from torget.notifications import services
from torget.notifications.models import Channel, Message, MessageStatus
from torget.notifications.services import message_queue, message_send, outbox_send_pending

pytestmark = pytest.mark.django_db


def queue(**changes) -> Message:
    values = {
        "channel": Channel.EMAIL,
        "to": "kari@example.no",
        "subject": "Booking confirmed",
        "body": "Hei!",
        "key": "booking:42",
        "template": "booking.confirmed",
    }
    values.update(changes)
    return message_queue(**values)


def test_a_message_is_sent_after_commit_and_exactly_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = queue()
        assert Message.objects.get().status == MessageStatus.QUEUED  # not inside the transaction
        assert mail.outbox == []
        again = queue(body="Hei igjen!")
    assert again.pk == first.pk
    assert len(callbacks) == 1
    assert Message.objects.count() == 1
    message = Message.objects.get()
    assert message.status == MessageStatus.SENT
    assert message.sent_at is not None
    assert message.attempts == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kari@example.no"]
    assert mail.outbox[0].body == "Hei!"


def test_another_template_or_channel_is_another_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue()
        queue(template="booking.cancelled")
        queue(channel=Channel.SMS, to="40000000")
    assert Message.objects.count() == 3


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue()
                raise RuntimeError("the booking failed")
        except RuntimeError:
            pass
    assert not Message.objects.exists()
    assert mail.outbox == []
    assert callbacks == []


def test_sms_goes_through_the_adapter(caplog, django_capture_on_commit_callbacks):
    with (
        caplog.at_level(logging.INFO, logger="torget.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        queue(channel=Channel.SMS, to="400 00 000", subject="", body="Booking bekreftet")
    assert Message.objects.get().status == MessageStatus.SENT
    assert "400 00 000" in caplog.text
    assert "Booking bekreftet" in caplog.text
    assert mail.outbox == []


def test_a_failed_send_waits_for_the_worker_and_then_fails_for_good():
    message = queue()
    with mock.patch.object(services, "send_mail", side_effect=OSError("smtp down")):
        assert message_send(message.pk) is False
        message.refresh_from_db()
        assert message.status == MessageStatus.QUEUED
        assert message.attempts == 1
        assert "smtp down" in message.last_error
        # Backing off: the worker leaves it alone for now.
        assert outbox_send_pending() == (0, 0)
        for attempt in range(2, services.MAX_ATTEMPTS + 1):
            later = timezone.now() + timedelta(hours=attempt)
            with mock.patch("django.utils.timezone.now", return_value=later):
                assert outbox_send_pending() == (0, 1)
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert mail.outbox == []


def test_the_worker_sends_what_is_still_queued():
    queue()
    queue(key="booking:43")
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert "sent 2" in out.getvalue()
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert len(mail.outbox) == 2
    call_command("send_outbox", stdout=StringIO())
    assert len(mail.outbox) == 2


def test_a_message_held_by_another_sender_is_left_alone():
    message = queue()
    Message.objects.filter(pk=message.pk).update(
        claimed_until=timezone.now() + timedelta(minutes=1)
    )
    assert message_send(message.pk) is False
    assert mail.outbox == []


def test_sending_can_be_left_to_the_worker(settings, django_capture_on_commit_callbacks):
    settings.TORGET_OUTBOX_SEND_ON_COMMIT = False
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue()
    assert callbacks == []
    assert Message.objects.get().status == MessageStatus.QUEUED


def test_a_message_needs_a_recipient_and_a_key():
    from torget.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        queue(to=" ")
    with pytest.raises(ValidationFailed):
        queue(channel="pigeon")
    assert not Message.objects.exists()


def test_the_back_office_shows_messages_read_only_and_hides_sign_in_links(client, personas):
    plain = queue(hub_id=personas.holmen.pk)
    secret = queue(
        key="signin:1:abc", template="signin.link", body="http://x/logg-inn/t/", sensitive=True
    )
    client.force_login(personas.desk_holmen)
    listing = client.get("/staff/notifications/message/")
    assert listing.status_code == 200
    # A sign-in message is about no hub: administrators only.
    assert client.get(f"/staff/notifications/message/{secret.pk}/change/").status_code == 403
    client.force_login(personas.admin)
    detail = client.get(f"/staff/notifications/message/{secret.pk}/change/")
    assert detail.status_code == 200
    assert "/logg-inn/t/" not in detail.content.decode()
    client.force_login(personas.desk_holmen)
    shown = client.get(f"/staff/notifications/message/{plain.pk}/change/")
    assert "Hei!" in shown.content.decode()
    assert (
        client.post(f"/staff/notifications/message/{plain.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/staff/notifications/message/add/").status_code == 403
    client.force_login(personas.resident)
    assert client.get("/staff/notifications/message/").status_code == 302


def test_a_booker_without_e_mail_gets_the_booking_message_by_sms(personas):
    from torget.booking.messages import CONFIRMED, booking_message_queue
    from torget.booking.services import BookingRequest, booking_create
    from torget.booking.tests.conftest import NOW, at
    from torget.places.tests.factories import SpaceFactory

    resident = personas.resident
    resident.email, resident.phone = "", "400 00 000"
    resident.save()
    room = SpaceFactory.meeting_room(personas.holmen)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        booking = booking_create(
            actor=resident,
            request=BookingRequest(
                space=room,
                start=at(24, 10),
                end=at(24, 12),
                title="Strikkekafé",
                organiser_type="resident",
                kind="meeting",
            ),
        )
    [message] = booking_message_queue(booking, CONFIRMED)
    assert (message.channel, message.to) == (Channel.SMS, "400 00 000")
    assert message.hub == personas.holmen  # Holmen's staff read it, no other hub's
    assert "Strikkekafé" in message.body
    assert "24.11.2026" in message.body
    again = booking_message_queue(booking, CONFIRMED)
    assert [m.pk for m in again] == [message.pk]
    resident.phone = ""
    resident.save()
    booking.booked_by = resident
    assert booking_message_queue(booking, "booking.cancelled") == []


def test_a_queued_message_is_a_job_the_worker_sends_after_commit(transactional_db, mailoutbox):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        with transaction.atomic():
            message = queue()
        assert mailoutbox == []  # the request sent nothing
        assert DBTaskResult.objects.get().args_kwargs["kwargs"]["args"] == [message.pk]
        call_command("worker", "--once", "--no-schedules")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [m.to for m in mailoutbox] == [["kari@example.no"]]
