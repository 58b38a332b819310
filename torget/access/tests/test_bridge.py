"""The lock bridge: the HTTP webhook adapter against a small local bridge (signed, each
event once, a bridge that is down and up again, retried by the worker), and nothing
personal in anything any door system is sent."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from torget.access.models import BookingGrant, Door
from torget.access.services import (
    agreement_revoke,
    code_for_booking,
    door_check,
    door_remote_open,
)
from torget.access.tests.bridge import SYSTEM, Bridge
from torget.access.tests.conftest import CARD, PIN, at, register
from torget.access.webhook import BridgeUnavailable, WebhookDoor
from torget.booking.models import Booking, BookingStatus
from torget.core.worker import Worker

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def bridge(settings):
    found = Bridge()
    found.start()
    settings.TORGET_ACCESS_BRIDGES = found.config
    yield found
    found.stop()


def _now_booking(world) -> Booking:
    Door.objects.filter(pk=world.room_door.pk).update(always_locked=True)
    now = timezone.now()
    return Booking.objects.create(
        space=world.room,
        start=now - timedelta(minutes=30),
        end=now + timedelta(hours=1),
        title="Lesesirkel for Kari",
        organiser_type="resident",
        kind="meeting",
        booked_by=world.resident,
    )


def test_a_full_flow_sends_only_opaque_ids_to_every_door_system(
    world, bridge, django_capture_on_commit_callbacks
):
    """Register, a booking code, revoke, cancel, remote open: the entrance on the webhook
    bridge, the room doors on the fake. Nothing personal in any payload or header."""
    Door.objects.filter(pk=world.entrance.pk).update(system=SYSTEM)
    world.resident.first_name, world.resident.last_name = "Kari", "Nordmann"
    world.resident.phone = "40000000"
    world.resident.email = "kari@example.org"
    world.resident.save()
    with django_capture_on_commit_callbacks(execute=True):
        agreement = register(world)
    with django_capture_on_commit_callbacks(execute=True):
        booking = _now_booking(world)
        code = code_for_booking(booking).code
    with django_capture_on_commit_callbacks(execute=True):
        agreement_revoke(actor=world.desk_holmen, agreement_id=agreement.pk, reason="Regelbrudd")
    with django_capture_on_commit_callbacks(execute=True):
        booking.status = BookingStatus.CANCELLED
        booking.save()
    with django_capture_on_commit_callbacks(execute=True):
        door_remote_open(actor=world.desk_holmen, door=Door.objects.get(pk=world.entrance.pk))
        door_remote_open(actor=world.desk_holmen, door=world.room_door)
    grant_ref = BookingGrant.objects.get().ref

    types = [m["type"] for m in bridge.applied]
    assert types == ["grant", "grant", "revoke", "revoke", "remote_open"]
    assert bridge.grants == {agreement.ref: "revoked", grant_ref: "revoked"}
    assert bridge.opened == ["H-1"]
    assert [kind for kind, _payload in world.fake.sent] == ["grant", "revoke", "remote_open"]

    sent = repr(world.fake.sent) + json.dumps(bridge.received)
    for secret in (
        CARD,
        CARD.replace(" ", ""),
        PIN,
        code,
        "Kari",
        "Nordmann",
        "40000000",
        "kari@example.org",
        world.resident.username,
        "Regelbrudd",
        "Lesesirkel",
        world.desk_holmen.username,
    ):
        assert secret not in sent, secret
    assert agreement.ref in sent and grant_ref in sent and "H-1" in sent
    # What a grant looks like on the wire: the grant id, the doors, the windows in UTC.
    first = bridge.applied[0]["data"]
    assert set(first) == {"grant_id", "doors", "windows"}
    assert first["doors"] == ["H-1"] and first["windows"][0]["from"].endswith("Z")


def test_the_same_message_is_the_same_event_and_the_bridge_keeps_it_once(world, bridge):
    door = WebhookDoor(key=SYSTEM, url=bridge.url, secret=b"bridge-secret-for-tests")
    door.revoke("abc123", ("H-1",))
    door.revoke("abc123", ("H-1",))  # a retry after a lost answer: 409 from the bridge, done
    assert len(bridge.received) == 2
    ids = {
        r["headers"][k]
        for r in bridge.received
        for k in r["headers"]
        if k.lower() == "x-torget-event-id"
    }
    assert len(ids) == 1 and len(bridge.applied) == 1
    # A wrong secret: the bridge refuses (401) and the adapter says the bridge did not take it.
    with pytest.raises(BridgeUnavailable):
        WebhookDoor(key=SYSTEM, url=bridge.url, secret=b"wrong").revoke("abc123", ("H-1",))


def test_a_bridge_that_is_down_gets_it_later_and_the_check_answers_meanwhile(
    world, bridge, django_capture_on_commit_callbacks, caplog
):
    Door.objects.filter(pk=world.entrance.pk).update(system=SYSTEM)
    entrance = Door.objects.get(pk=world.entrance.pk)
    bridge.stop()
    # The immediate queue of the tests runs the job at commit: it fails, nothing is lost in
    # the request, and the agreement is registered all the same.
    with django_capture_on_commit_callbacks(execute=True):
        agreement = register(world)
    assert "BridgeUnavailable" in caplog.text and bridge.received == []
    evening = at(2026, 11, 23, 21)  # self-service hours
    assert door_check(door=entrance, credential=CARD, pin=PIN, at=evening, via="bridge").allowed
    with django_capture_on_commit_callbacks(execute=True):
        agreement_revoke(actor=world.desk_holmen, agreement_id=agreement.pk, reason="Regelbrudd")
    # Revoked at once while the bridge is down: Torget's own check refuses.
    refused = door_check(door=entrance, credential=CARD, pin=PIN, at=evening, via="bridge")
    assert refused.reason == "revoked"


@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_with_backoff_until_the_bridge_is_up(personas, settings):
    from torget.access.tests.conftest import policy

    bridge = Bridge()  # not started: down
    settings.TORGET_ACCESS_BRIDGES = bridge.config
    policy(personas.holmen, age_limit=18)
    Door.objects.create(hub=personas.holmen, label="Hovedinngang", system=SYSTEM, external_id="H-1")

    class W:  # register() wants these of a "world"
        desk_holmen, holmen, resident = personas.desk_holmen, personas.holmen, personas.resident

    with override_settings(TASKS=DATABASE_QUEUE):
        agreement = register(W)
        start = timezone.now()
        Worker(once=True, schedules=False).run()
        assert DBTaskResult.objects.filter(status="FAILED").count() == 1
        retry = DBTaskResult.objects.get(status="READY")
        assert retry.args_kwargs["kwargs"]["attempt"] == 2
        assert timedelta(seconds=55) < retry.run_after - start < timedelta(seconds=65)
        # Revoked while the bridge is down: a second job, failing too.
        agreement_revoke(actor=personas.desk_holmen, agreement_id=agreement.pk, reason="Brudd")
        Worker(once=True, schedules=False).run()
        assert DBTaskResult.objects.filter(status="READY").count() == 2
        # Up again; the retries are due.
        bridge.start()
        try:
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
            Worker(once=True, schedules=False).run()
        finally:
            bridge.stop()
        assert not DBTaskResult.objects.filter(status="READY").exists()
    # Each job sends what is true when it runs: the grant's retry sends the revocation too,
    # as the same event, which the bridge keeps once.
    assert bridge.grants == {agreement.ref: "revoked"}
    assert [m["type"] for m in bridge.applied] == ["revoke"]
    assert len(bridge.received) == 2


def test_a_remote_open_that_cannot_be_sent_at_once_is_dropped(world, bridge, caplog):
    from torget.access.jobs import remote_open

    old = (timezone.now() - timedelta(minutes=2)).isoformat()
    remote_open(SYSTEM, "H-1", "e1", old)
    assert bridge.received == [] and "dropped" in caplog.text
    remote_open(SYSTEM, "H-1", "e2", timezone.now().isoformat())
    assert bridge.opened == ["H-1"]
