"""The fake door (adapter payloads, the demo keypad), the entry log's purge and the monthly
count, and a person's export and erasure."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from torget.access.models import Door, EntryAttempt, SelfServiceVisits
from torget.access.services import (
    access_purge,
    agreement_revoke,
    code_for_booking,
    door_check,
)
from torget.access.tests.conftest import CARD, PIN, at, register
from torget.booking.models import Booking
from torget.core import personal_data


def _now_booking(world) -> Booking:
    """A booking going on now in the room, whose door stays locked (so it has a code)."""
    Door.objects.filter(pk=world.room_door.pk).update(always_locked=True)
    now = timezone.now()
    return Booking.objects.create(
        space=world.room,
        start=now - timedelta(minutes=30),
        end=now + timedelta(hours=1),
        title="Lesesirkel",
        organiser_type="resident",
        kind="meeting",
        booked_by=world.resident,
    )


def test_nothing_personal_reaches_the_door_system(world, django_capture_on_commit_callbacks):
    world.resident.phone = "40000000"
    world.resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        agreement = register(world)
    with django_capture_on_commit_callbacks(execute=True):
        booking = _now_booking(world)
        code = code_for_booking(booking).code
    with django_capture_on_commit_callbacks(execute=True):
        agreement_revoke(actor=world.desk_holmen, agreement_id=agreement.pk, reason="Regelbrudd")
    kinds = [kind for kind, _payload in world.fake.sent]
    assert kinds.count("grant") == 2 and kinds.count("revoke") == 1
    sent = repr(world.fake.sent)
    for secret in (
        CARD,
        CARD.replace(" ", ""),
        PIN,
        code,
        world.resident.email,
        world.resident.phone,
        world.resident.get_full_name(),
        "Regelbrudd",
        "Lesesirkel",
    ):
        assert secret not in sent, secret
    assert agreement.ref in sent and "H-1" in sent


def test_the_keypad_opens_or_refuses_and_never_says_why(world):
    booking = _now_booking(world)
    code = code_for_booking(booking).code
    url = f"/meraapent/dor/{world.room_door.pk}/"
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and "Fjorden" in page.content.decode()
    is_open, no = gettext("The door is open"), gettext("Refused")
    opened = client.post(url, {"code": code}).content.decode()
    assert is_open in opened and no not in opened
    refused = client.post(url, {"code": "0000000"}).content.decode()
    assert no in refused and is_open not in refused
    assert "unknown" not in refused and "ukjent" not in refused.lower()
    other = client.post(f"/meraapent/dor/{world.other_door.pk}/", {"code": code}).content.decode()
    assert no in other
    assert EntryAttempt.objects.filter(via="keypad").count() == 3


def test_a_real_door_has_no_keypad_page(world):
    Door.objects.filter(pk=world.entrance.pk).update(system="webhook")
    assert Client().get(f"/meraapent/dor/{world.entrance.pk}/").status_code == 404


def test_the_keypad_refuses_empty_input_with_a_message(world):
    response = Client().post(f"/meraapent/dor/{world.entrance.pk}/", {"code": ""})
    assert response.status_code == 422
    assert "ds-error-summary" in response.content.decode()


def test_the_log_is_counted_per_month_then_purged_after_its_period(world, settings):
    settings.TORGET_ACCESS_LOG_RETENTION_DAYS = 30
    register(world, valid_from=timezone.localdate() - timedelta(days=400))
    old, recent = timezone.now() - timedelta(days=40), timezone.now() - timedelta(days=2)
    for moment in (old, recent):
        EntryAttempt.objects.create(
            door=world.entrance,
            at=moment,
            allowed=True,
            result_code="agreement",
            via="bridge",
            self_service=True,
        )
    EntryAttempt.objects.create(
        door=world.entrance, at=old, allowed=False, result_code="unknown", via="keypad"
    )
    access_purge()
    assert list(EntryAttempt.objects.values_list("at", flat=True)) == [recent]
    assert sum(SelfServiceVisits.objects.values_list("visits", flat=True)) == 2
    access_purge()  # counted once, not again
    assert sum(SelfServiceVisits.objects.values_list("visits", flat=True)) == 2


def test_a_person_s_agreement_and_entries_are_exported_and_erased(world):
    register(world)
    door_check(door=world.entrance, credential=CARD, pin=PIN, at=at(2026, 11, 23, 20), via="bridge")
    found = dict((kind.name, rows) for kind, rows in personal_data.export_person(world.resident))
    assert len(found["access.self_service_agreements"]) == 1
    assert len(found["access.entry_log"]) == 1
    assert "1234" not in repr(found)
    counts = personal_data.erase_person(world.resident)
    assert counts["access.self_service_agreements"] == 1 and counts["access.entry_log"] == 1
    assert (
        door_check(
            door=world.entrance, credential=CARD, pin=PIN, at=at(2026, 11, 23, 20), via="bridge"
        ).reason
        == "unknown"
    )
    assert SelfServiceVisits.objects.get().visits == 1  # the month still counts the visit
