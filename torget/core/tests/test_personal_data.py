"""The personal-data registry and its one purge (`manage.py purge_personal_data`): the
outbox, unused accounts and booking titles go when their period is over."""

from datetime import datetime, timedelta
from io import StringIO
from unittest import mock

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from torget.accounts.models import User
from torget.core.personal_data import kinds
from torget.notifications.models import Channel, Message, MessageStatus
from torget.notifications.services import message_queue

pytestmark = pytest.mark.django_db


def purge(now: datetime | None = None) -> str:
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=now or timezone.now()):
        call_command("purge_personal_data", stdout=out)
    return out.getvalue()


def test_every_kind_names_its_model_fields_period_and_description():
    names = [kind.name for kind in kinds()]
    for expected in (
        "accounts.admin_log",
        "accounts.inactive",
        "accounts.sessions",
        "accounts.unused",
        "appointments.details",
        "booking.details",
        "consultations.identities",
        "desk.callback_requests",
        "desk.inquiry_notes",
        "events.registrations",
        "notifications.sent",
        "notifications.unsent",
    ):
        assert expected in names
    for kind in kinds():
        model = apps.get_model(kind.model)
        for field in kind.fields:
            model._meta.get_field(field)  # raises for a field that is not there
        assert kind.retention_days > 0
        assert str(kind.description)


def test_the_outbox_forgets_sent_and_failed_messages_after_their_periods(settings):
    settings.TORGET_OUTBOX_RETENTION_DAYS = 30
    settings.TORGET_OUTBOX_FAILED_RETENTION_DAYS = 90
    now = timezone.now()

    def message(key: str, status: str, days_ago: int) -> Message:
        queued = message_queue(
            channel=Channel.SMS, to="400 00 000", subject="", body="Hei", key=key, template="t"
        )
        Message.objects.filter(pk=queued.pk).update(
            status=status,
            created=now - timedelta(days=days_ago),
            sent_at=now - timedelta(days=days_ago) if status == MessageStatus.SENT else None,
        )
        return queued

    old_sent = message("a", MessageStatus.SENT, 31)
    new_sent = message("b", MessageStatus.SENT, 29)
    old_failed = message("c", MessageStatus.FAILED, 91)
    new_failed = message("d", MessageStatus.FAILED, 31)
    out = purge(now)
    left = set(Message.objects.values_list("pk", flat=True))
    assert left == {new_sent.pk, new_failed.pk}
    assert old_sent.pk not in left and old_failed.pk not in left
    assert "notifications.sent: 1" in out and "notifications.unsent: 1" in out


def test_after_the_purge_no_sms_keeps_the_booking_or_the_phone(personas, settings):
    """The probe: the booking purge blanked a name and phone, the SMS with both stayed."""
    from torget.booking.services import BookingRequest, booking_create
    from torget.booking.tests.conftest import NOW, at
    from torget.places.tests.factories import SpaceFactory

    room = SpaceFactory.meeting_room(personas.holmen)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        booking = booking_create(
            actor=personas.desk_holmen,
            request=BookingRequest(
                space=room,
                start=at(25, 10),
                end=at(25, 11),
                title="Samtale med Ola",
                organiser_type="resident",
                kind="meeting",
                on_behalf_name="Ola Nordmann",
                on_behalf_phone="99887766",
            ),
        )
    assert Message.objects.filter(to="99887766", body__contains="Samtale med Ola").exists()
    purge(at(26, 10) + timedelta(days=settings.TORGET_BOOKING_RETENTION_DAYS))
    booking.refresh_from_db()
    assert (booking.title, booking.on_behalf_name, booking.on_behalf_phone) == ("Møte", "", "")
    assert not Message.objects.filter(to="99887766").exists()
    assert not Message.objects.filter(body__contains="Samtale med Ola").exists()


def test_an_address_typed_for_a_sign_in_link_is_forgotten_when_never_used(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.TORGET_UNUSED_ACCOUNT_DAYS = 30
    User.objects.filter(pk=personas.resident.pk).update(last_login=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/logg-inn/", {"email": "skrevet-feil@example.no"})
    assert User.objects.filter(email="skrevet-feil@example.no").exists()
    purge(timezone.now() + timedelta(days=29))
    assert User.objects.filter(email="skrevet-feil@example.no").exists()  # not yet
    out = purge(timezone.now() + timedelta(days=31))
    assert not User.objects.filter(email="skrevet-feil@example.no").exists()
    assert "accounts.unused: 1" in out
    # Accounts that signed in or hold something (a role) stay.
    assert User.objects.filter(pk__in=[personas.resident.pk, personas.desk_holmen.pk]).count() == 2


def test_long_unused_resident_accounts_go_unless_something_is_ahead(personas, settings):
    from torget.booking.services import BookingRequest, booking_create
    from torget.booking.tests.conftest import NOW, at
    from torget.places.tests.factories import SpaceFactory

    settings.TORGET_INACTIVE_ACCOUNT_DAYS = 3 * 365
    later = at(28, 12)  # after the first booking below, before the second
    long_ago = later - timedelta(days=4 * 365)
    room = SpaceFactory.meeting_room(personas.holmen)

    def resident(name: str, booked: datetime | None = None) -> User:
        user = User.objects.create(username=name, email=f"{name}@example.no")
        if booked is not None:
            with mock.patch("django.utils.timezone.now", return_value=NOW):
                booking_create(
                    actor=user,
                    request=BookingRequest(
                        space=room,
                        start=booked,
                        end=booked + timedelta(hours=1),
                        title="Strikkekafé",
                        organiser_type="resident",
                        kind="meeting",
                    ),
                )
        User.objects.filter(pk=user.pk).update(last_login=long_ago, date_joined=long_ago)
        return user

    gone = resident("borte")
    booked_once = resident("bookett", booked=at(25, 10))
    ahead = resident("framover", booked=at(2, 10, month=12))
    User.objects.filter(pk=personas.desk_holmen.pk).update(last_login=long_ago)

    out = purge(later)
    assert not User.objects.filter(pk=gone.pk).exists()
    # An old booking still points at the account: it stays, emptied of the person.
    erased = User.objects.get(pk=booked_once.pk)
    assert (erased.email, erased.is_active, erased.has_usable_password()) == ("", False, False)
    assert "bookett" not in erased.username
    assert User.objects.get(pk=ahead.pk).email == "framover@example.no"  # a booking ahead
    assert User.objects.filter(pk=personas.desk_holmen.pk).exists()  # staff: by hand
    assert "accounts.inactive: 2" in out
    assert "accounts.inactive: 0" in purge(later)  # erased accounts are not erased again


def test_the_back_office_history_forgets_what_was_changed_after_its_period(personas, settings):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    settings.TORGET_ADMIN_LOG_RETENTION_DAYS = 365
    entry = LogEntry.objects.create(
        user=personas.admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(personas.resident.pk),
        object_repr="Samtale med Ola",
        action_flag=CHANGE,
    )
    purge(timezone.now() + timedelta(days=364))
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    purge(timezone.now() + timedelta(days=366))
    assert not LogEntry.objects.filter(pk=entry.pk).exists()


def test_a_returned_key_loan_is_deleted_after_the_booking_period(personas, settings):
    from datetime import date

    from torget.booking.models import KeyLoan

    settings.TORGET_BOOKING_RETENTION_DAYS = 365
    returned = date(2026, 1, 5)
    loan = KeyLoan.objects.create(
        hub=personas.holmen,
        label="Kort 14",
        holder="Ola Nordmann",
        phone="99887766",
        handed_out=date(2026, 1, 2),
        returned=returned,
    )
    out_still = KeyLoan.objects.create(
        hub=personas.holmen, label="Kort 15", holder="Kari Nordmann", handed_out=date(2025, 1, 2)
    )
    purge(timezone.make_aware(datetime(2026, 12, 1)))
    assert KeyLoan.objects.filter(pk=loan.pk).exists()  # less than a year since it came back
    purge(timezone.make_aware(datetime(2027, 1, 10)))
    assert not KeyLoan.objects.filter(pk=loan.pk).exists()
    assert KeyLoan.objects.filter(pk=out_still.pk).exists()  # the key is still out
