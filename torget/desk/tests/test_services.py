"""The desk's rules: who may log and undo, idempotent client ids, the ledger row, purges."""

import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command

from torget.core.errors import NotFound, ValidationFailed
from torget.desk.errors import ClientIdReused, NotYourInquiry, UndoExpired
from torget.desk.models import Inquiry, InquiryTopic
from torget.desk.services import inquiry_log, inquiry_notes_purge, inquiry_undo
from torget.ledger.codes import Channel, DefaultTopic
from torget.ledger.models import LedgerEntry
from torget.places.staffing import NotHubStaff

pytestmark = pytest.mark.django_db


def log(actor, hub, **kwargs):
    kwargs.setdefault("topic", "tax")
    kwargs.setdefault("channel", Channel.WALK_IN)
    return inquiry_log(actor=actor, hub=hub, **kwargs)


def test_default_topics_are_seeded_with_the_codes_of_the_api():
    assert list(InquiryTopic.objects.values_list("code", flat=True)) == list(DefaultTopic.values)
    assert InquiryTopic.objects.get(code="nav").label("en") == "NAV"


def test_desk_staff_logs_an_inquiry_and_the_ledger_gets_one_row(personas, frozen_now):
    inquiry = log(personas.desk_holmen, personas.holmen, channel=Channel.PHONE)
    assert inquiry.occurred_at == frozen_now
    assert inquiry.logged_by == personas.desk_holmen
    assert not inquiry.replayed
    row = LedgerEntry.objects.get(source="inquiry", source_id=str(inquiry.pk))
    assert (row.kind, row.category, row.channel, row.hub, row.date) == (
        "inquiry",
        "tax",
        "phone",
        personas.holmen,
        frozen_now.date(),
    )


def test_ledger_date_is_the_local_date_of_occurred_at(personas, frozen_now):
    # 23:30 in Oslo is 22:30 UTC the same day; 00:30 Oslo is the day before in UTC.
    just_after_midnight = frozen_now.replace(hour=0, minute=30)
    inquiry = log(personas.desk_holmen, personas.holmen, occurred_at=just_after_midnight)
    row = LedgerEntry.objects.get(source="inquiry", source_id=str(inquiry.pk))
    assert row.date == just_after_midnight.date()


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("desk_holmen", True),
        ("leader", True),
        ("admin", True),
        ("desk_tofte", False),
        ("resident", False),
        ("org_contact", False),
        ("management", False),
        ("case_officer", False),
    ],
)
def test_only_staff_of_the_hub_may_log(personas, who, allowed):
    actor = getattr(personas, who)
    if allowed:
        assert log(actor, personas.holmen).pk
    else:
        with pytest.raises(NotHubStaff):
            log(actor, personas.holmen)
        assert not Inquiry.objects.exists()
        assert not LedgerEntry.objects.exists()


def test_desk_tofte_logs_at_tofte(personas):
    assert log(personas.desk_tofte, personas.tofte).hub == personas.tofte


def test_the_same_client_id_twice_records_once(personas):
    client_id = uuid.uuid4()
    first = log(personas.desk_holmen, personas.holmen, client_id=client_id)
    again = log(personas.desk_holmen, personas.holmen, client_id=client_id, topic="nav")
    assert again.pk == first.pk
    assert again.replayed
    assert again.topic == "tax", "the first tap wins; the resend changes nothing"
    assert Inquiry.objects.count() == 1
    assert LedgerEntry.objects.filter(source="inquiry").count() == 1


def test_a_client_id_from_another_hub_is_a_conflict(personas):
    client_id = uuid.uuid4()
    log(personas.desk_holmen, personas.holmen, client_id=client_id)
    with pytest.raises(ClientIdReused):
        log(personas.admin, personas.tofte, client_id=client_id)


def test_a_replay_still_checks_permission(personas):
    client_id = uuid.uuid4()
    log(personas.desk_holmen, personas.holmen, client_id=client_id)
    with pytest.raises(NotHubStaff):
        log(personas.desk_tofte, personas.holmen, client_id=client_id)


@pytest.mark.parametrize(
    "field,kwargs",
    [
        ("topic", {"topic": "astrology"}),
        ("channel", {"channel": "pigeon"}),
        ("duration", {"duration": "forever"}),
        ("occurred_at", {"occurred_at_delta": timedelta(hours=1)}),
        ("occurred_at", {"occurred_at_delta": -timedelta(days=31)}),
        ("note", {"note": "x" * 501}),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(personas, frozen_now, field, kwargs):
    delta = kwargs.pop("occurred_at_delta", None)
    if delta is not None:
        kwargs["occurred_at"] = frozen_now + delta
    with pytest.raises(ValidationFailed) as caught:
        log(personas.desk_holmen, personas.holmen, **kwargs)
    assert [e["field"] for e in caught.value.errors] == [field]
    assert not Inquiry.objects.exists()


def test_an_inactive_topic_cannot_be_logged(personas):
    InquiryTopic.objects.filter(code="tax").update(active=False)
    with pytest.raises(ValidationFailed):
        log(personas.desk_holmen, personas.holmen)


def test_a_slightly_fast_tablet_clock_is_fine(personas, frozen_now):
    assert log(
        personas.desk_holmen, personas.holmen, occurred_at=frozen_now + timedelta(minutes=2)
    ).pk


def test_undo_within_ten_minutes_removes_the_inquiry_and_its_ledger_row(personas, frozen_now):
    inquiry = log(personas.desk_holmen, personas.holmen)
    with mock.patch(
        "django.utils.timezone.now", return_value=frozen_now + timedelta(minutes=9, seconds=59)
    ):
        inquiry_undo(actor=personas.desk_holmen, inquiry_id=inquiry.pk)
    assert not Inquiry.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_undo_after_ten_minutes_is_refused(personas, frozen_now):
    inquiry = log(personas.desk_holmen, personas.holmen)
    with (
        mock.patch(
            "django.utils.timezone.now", return_value=frozen_now + timedelta(minutes=10, seconds=1)
        ),
        pytest.raises(UndoExpired) as caught,
    ):
        inquiry_undo(actor=personas.desk_holmen, inquiry_id=inquiry.pk)
    assert caught.value.code == "inquiry.undo_expired"
    assert Inquiry.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


def test_the_undo_window_runs_from_arrival_not_from_occurred_at(personas, frozen_now):
    """An offline tap from an hour ago that arrives now can still be undone."""
    inquiry = log(
        personas.desk_holmen, personas.holmen, occurred_at=frozen_now - timedelta(hours=1)
    )
    inquiry_undo(actor=personas.desk_holmen, inquiry_id=inquiry.pk)
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("who", ["leader", "admin", "desk_tofte", "resident"])
def test_only_who_logged_it_may_undo(personas, who):
    inquiry = log(personas.desk_holmen, personas.holmen)
    with pytest.raises(NotYourInquiry):
        inquiry_undo(actor=getattr(personas, who), inquiry_id=inquiry.pk)
    assert Inquiry.objects.count() == 1


def test_undo_of_an_unknown_inquiry_is_not_found(personas):
    with pytest.raises(NotFound):
        inquiry_undo(actor=personas.desk_holmen, inquiry_id=999_999)


def test_notes_are_blanked_after_the_retention_period(personas, frozen_now):
    old = log(personas.desk_holmen, personas.holmen, note="henvist til NAV")
    with mock.patch("django.utils.timezone.now", return_value=frozen_now + timedelta(days=60)):
        recent = log(personas.desk_holmen, personas.holmen, note="skjema for startlån")
    assert inquiry_notes_purge(now=frozen_now + timedelta(days=91)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.note, recent.note) == ("", "skjema for startlån")
    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_only_staff_of_the_hub_work_its_callback_queue(personas):
    from torget.desk.models import CallbackRequest, CallbackStatus
    from torget.desk.services import callback_request_advance, callback_request_create

    callback = callback_request_create(
        hub=personas.holmen, phone="400 00 000", topic="tax", consent=True
    )
    for outsider in (personas.desk_tofte, personas.resident, personas.management):
        for action in ("take", "resolve"):
            with pytest.raises(NotHubStaff):
                callback_request_advance(actor=outsider, callback_id=callback.pk, action=action)
    callback = CallbackRequest.objects.get()
    assert (callback.status, callback.taken_by, callback.inquiry) == (
        CallbackStatus.NEW,
        None,
        None,
    )
    assert not Inquiry.objects.exists() and not LedgerEntry.objects.exists()
