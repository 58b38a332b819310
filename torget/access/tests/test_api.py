"""The meråpent API: the lock bridge's signed check and events (unsigned, wrongly signed,
stale and replayed requests refused with stable codes and logged; wrong codes limited as at
the keypad), and the staff's agreements and grants, scoped to their hubs."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from torget.access.doors import doors_changed
from torget.access.models import BookingGrant, Door, EntryAttempt, SelfServiceAgreement
from torget.access.services import code_for_booking
from torget.access.tests.bridge import SECRET, SYSTEM
from torget.access.tests.conftest import CARD, PIN, at, register
from torget.access.webhook import signed_headers
from torget.accounts.models import ApiToken
from torget.booking.models import Booking

CHECK = "/api/v1/access/check"
EVENTS = "/api/v1/access/events"


@pytest.fixture
def bridged(world, settings):
    settings.TORGET_ACCESS_BRIDGES = {SYSTEM: {"url": "http://127.0.0.1:9/", "secret": SECRET}}
    Door.objects.filter(pk__in=[world.entrance.pk, world.tofte_entrance.pk]).update(system=SYSTEM)
    Door.objects.filter(pk=world.room_door.pk).update(system=SYSTEM, external_id="H-2")
    doors_changed()  # the updates bypass the signals
    return world


def post(
    client, path, body, *, event_id=None, at_time=None, secret=SECRET, system=SYSTEM, raw=None
):
    data = raw if raw is not None else json.dumps(body).encode()
    headers = signed_headers(system, secret.encode(), data, event_id=event_id, at=at_time)
    extra = {
        f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"
    }
    return client.post(path, data=data, content_type="application/json", **extra)


def _frozen(instant):
    return mock.patch("django.utils.timezone.now", return_value=instant)


def test_the_bridge_asks_and_torget_answers_with_a_reason(client, bridged):
    register(bridged)
    with _frozen(at(2026, 11, 23, 21)):
        yes = post(client, CHECK, {"door": "H-1", "credential": CARD, "pin": PIN}, event_id="e-1")
        wrong_pin = post(client, CHECK, {"door": "H-1", "credential": CARD, "pin": "0000"})
        room = post(client, CHECK, {"door": "H-2", "credential": CARD, "pin": PIN})
        other_hub = post(client, CHECK, {"door": "T-1", "credential": CARD, "pin": PIN})
    assert yes.status_code == 200, yes.content
    body = yes.json()
    agreement = SelfServiceAgreement.objects.get()
    assert body == {
        "allowed": True,
        "reason": "agreement",
        "grant_id": agreement.ref,
        "event_id": "e-1",
    }
    assert wrong_pin.json()["reason"] == "wrong_pin"
    assert room.json()["reason"] == "wrong_door"
    assert other_hub.json()["reason"] == "wrong_door"
    logged = EntryAttempt.objects.get(event_id="e-1")
    assert logged.via == "bridge" and logged.allowed and logged.grant_ref == agreement.ref


def test_a_booking_code_through_the_bridge_and_after_its_cancel(client, bridged):
    Door.objects.filter(pk=bridged.room_door.pk).update(always_locked=True)
    now = timezone.now()
    booking = Booking.objects.create(
        space=bridged.room,
        start=now - timedelta(minutes=30),
        end=now + timedelta(hours=1),
        title="Styremøte",
        organiser_type="resident",
        kind="meeting",
        booked_by=bridged.resident,
    )
    code = code_for_booking(booking).code
    assert post(client, CHECK, {"door": "H-2", "credential": code}).json()["allowed"]
    booking.status = "cancelled"
    booking.save()
    assert post(client, CHECK, {"door": "H-2", "credential": code}).json()["reason"] == "cancelled"


@pytest.mark.parametrize(
    "how, status, code",
    [
        ("unsigned", 401, "access.unsigned"),
        ("unknown_system", 401, "access.unsigned"),
        ("bad_signature", 401, "access.bad_signature"),
        ("body_changed", 401, "access.bad_signature"),
        ("stale", 401, "access.stale"),
        ("future", 401, "access.stale"),
    ],
)
def test_unsigned_or_stale_requests_are_refused_and_logged(
    client, bridged, caplog, how, status, code
):
    body = json.dumps({"door": "H-1", "credential": CARD, "pin": PIN}).encode()
    if how == "unsigned":
        response = client.post(CHECK, data=body, content_type="application/json")
    elif how == "unknown_system":
        response = post(client, CHECK, None, raw=body, system="another")
    elif how == "bad_signature":
        response = post(client, CHECK, None, raw=body, secret="guessed")
    elif how == "body_changed":
        headers = signed_headers(SYSTEM, SECRET.encode(), body)
        extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
        response = client.post(
            CHECK, data=body.replace(b"H-1", b"T-1"), content_type="application/json", **extra
        )
    elif how == "stale":
        response = post(client, CHECK, None, raw=body, at_time=time.time() - 301)
    else:
        # 302: the timestamp is whole seconds (rounded down), and the request takes a while.
        response = post(client, CHECK, None, raw=body, at_time=time.time() + 302)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert "Lock bridge request refused" in caplog.text
    assert not EntryAttempt.objects.exists()  # nothing changed


def test_a_replayed_check_is_refused_and_changes_nothing(client, bridged, caplog):
    body = json.dumps({"door": "H-1", "credential": "999999"}).encode()
    first = post(client, CHECK, None, raw=body, event_id="same-id")
    assert first.json()["reason"] == "unknown"
    again = post(client, CHECK, None, raw=body, event_id="same-id")
    assert again.status_code == 409 and again.json()["code"] == "access.replayed"
    assert EntryAttempt.objects.count() == 1
    # The refused replay did not count as a second wrong code.
    from torget.core import ratelimit

    assert ratelimit.count(f"torget:access:wrong:{bridged.entrance.pk}") == 1


def test_wrong_codes_at_the_bridge_lock_the_door_as_at_the_keypad(client, bridged, settings):
    register(bridged)
    for n in range(settings.TORGET_ACCESS_WRONG_CODES):
        assert (
            post(client, CHECK, {"door": "H-1", "credential": f"11{n}11"}).json()["reason"]
            == "unknown"
        )
    with _frozen(at(2026, 11, 23, 21)):
        locked = post(client, CHECK, {"door": "H-1", "credential": CARD, "pin": PIN}).json()
    assert locked["reason"] == "rate_limited" and not locked["allowed"]
    # Another hub's door is not locked by them.
    assert post(client, CHECK, {"door": "T-1", "credential": "123"}).json()["reason"] == "unknown"
    # The lock ends with its window, in every process's copy of the doors.
    later = timezone.now() + timedelta(minutes=settings.TORGET_ACCESS_WRONG_CODE_MINUTES + 1)
    with _frozen(later):
        after = post(client, CHECK, {"door": "H-1", "credential": CARD, "pin": PIN}).json()
    assert after["reason"] != "rate_limited"


def test_an_unknown_door_or_another_system_s_door(client, bridged):
    response = post(client, CHECK, {"door": "X-9", "credential": CARD})
    assert response.status_code == 404 and response.json()["code"] == "access.unknown_door"
    door = Door.objects.get(pk=bridged.entrance.pk)
    door.system = "fake"
    door.save()  # the copy of the doors follows
    assert post(client, CHECK, {"door": "H-1", "credential": CARD}).status_code == 404


def test_events_are_logged_once_per_event_id(client, bridged):
    agreement = register(bridged)
    body = {
        "door": "H-1",
        "event": "offline_open",
        "at": "2026-11-23T21:00:00+01:00",
        "grant_id": agreement.ref,
    }
    first = post(client, EVENTS, body, event_id="ev-1")
    assert first.status_code == 201, first.content
    assert first.json() == {"event_id": "ev-1", "duplicate": False, "result": "offline_open"}
    again = post(client, EVENTS, body, event_id="ev-1")
    assert again.status_code == 200 and again.json()["duplicate"] is True
    forced = post(client, EVENTS, {"door": "H-1", "event": "forced", "at": "2026-11-23T23:00:00Z"})
    assert forced.json()["result"] == "door_forced"
    rows = EntryAttempt.objects.order_by("at")
    assert [(r.result_code, r.allowed, r.self_service) for r in rows] == [
        ("offline_open", True, True),
        ("door_forced", False, False),
    ]
    bad = post(client, EVENTS, {"door": "H-1", "event": "opened", "at": "2026-11-23T21:00:00"})
    assert bad.status_code == 422


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(
    body=st.one_of(
        st.dictionaries(
            st.sampled_from(["door", "credential", "pin", "event", "at", "grant_id", "x"]),
            st.one_of(st.text(max_size=30), st.integers(), st.none(), st.booleans()),
            max_size=6,
        ),
        st.lists(st.integers(), max_size=3),
        st.text(max_size=20),
    ),
    path=st.sampled_from([CHECK, EVENTS]),
)
def test_signed_nonsense_never_fails(client, bridged, body, path):
    response = post(client, path, body)
    assert response.status_code in (200, 201, 404, 409, 422), response.content
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


# --- staff ------------------------------------------------------------------------------------


def _token(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_staff_register_list_and_revoke_agreements_of_their_own_hubs(client, world):
    desk = _token(world.desk_holmen)
    created = client.post(
        "/api/v1/access/agreements",
        data={
            "hubs": ["holmen"],
            "birth_date": "1990-05-17",
            "id_checked": True,
            "accepted": True,
            "credential": CARD,
            "pin": PIN,
            "name": "Ola Nordmann",
            "phone": "40000001",
        },
        content_type="application/json",
        **desk,
    )
    assert created.status_code == 201, created.content
    agreement = created.json()
    assert agreement["status"] == "active" and agreement["holder"] == "Ola Nordmann"
    assert CARD not in created.content.decode() and PIN not in created.content.decode()
    twice = client.post(
        "/api/v1/access/agreements",
        data={
            "hubs": ["holmen"],
            "birth_date": "1990-05-17",
            "id_checked": True,
            "accepted": True,
            "credential": CARD,
            "pin": PIN,
            "name": "Per",
            "phone": "4",
        },
        content_type="application/json",
        **desk,
    )
    assert twice.status_code == 409 and twice.json()["code"] == "access.credential_taken"
    young = client.post(
        "/api/v1/access/agreements",
        data={
            "hubs": ["holmen"],
            "birth_date": str(timezone.localdate() - timedelta(days=365 * 17)),
            "id_checked": True,
            "accepted": True,
            "credential": "5555 6666",
            "pin": PIN,
            "name": "Unge",
            "phone": "4",
        },
        content_type="application/json",
        **desk,
    )
    assert young.status_code == 422 and young.json()["code"] == "access.age_limit"

    listed = client.get("/api/v1/access/agreements", **desk).json()
    assert listed["count"] == 1
    # Desk staff of another hub see none of it, and cannot revoke it.
    tofte = _token(world.desk_tofte)
    assert client.get("/api/v1/access/agreements", **tofte).json()["count"] == 0
    assert client.get("/api/v1/access/agreements?hub=holmen", **tofte).status_code == 403
    path = f"/api/v1/access/agreements/{agreement['id']}/revoke"
    refused = client.post(path, data={"reason": "Nei"}, content_type="application/json", **tofte)
    assert refused.status_code == 404
    revoked = client.post(
        path, data={"reason": "Regelbrudd"}, content_type="application/json", **desk
    )
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert client.get("/api/v1/access/agreements?status=active", **desk).json()["count"] == 0


def test_revoke_all_of_a_hub_at_once(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mine = register(world)
        theirs = register(
            world,
            user=None,
            name="Tor",
            phone="40000002",
            credential="7777 8888",
            hubs=[world.tofte],
            actor=world.desk_tofte,
            pin="",
        )
    Door.objects.filter(pk=world.room_door.pk).update(always_locked=True)
    now = timezone.now()
    booking = Booking.objects.create(
        space=world.room,
        start=now,
        end=now + timedelta(hours=1),
        title="Møte",
        organiser_type="resident",
        kind="meeting",
        booked_by=world.resident,
    )
    code = code_for_booking(booking).code
    grants = f"/api/v1/access/hubs/{world.holmen.slug}/grants"
    assert client.get(grants, **_token(world.desk_holmen)).json()["count"] == 1
    assert client.get(grants, **_token(world.desk_tofte)).status_code == 403
    url = f"/api/v1/access/hubs/{world.holmen.slug}/revoke-all"
    assert (
        client.post(
            url, data={"reason": "x"}, content_type="application/json", **_token(world.desk_tofte)
        ).status_code
        == 403
    )
    blank = client.post(
        url, data={"reason": " "}, content_type="application/json", **_token(world.desk_holmen)
    )
    assert blank.status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            data={"reason": "Nøkkelliste på avveie"},
            content_type="application/json",
            **_token(world.desk_holmen),
        )
    assert done.status_code == 200 and done.json() == {"agreements": 1, "codes": 1}
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at and mine.revoke_reason == "Nøkkelliste på avveie"
    assert theirs.revoked_at is None  # another hub's agreement
    assert BookingGrant.objects.get().revoked_at is not None
    from torget.access.services import door_check

    assert door_check(door=world.room_door, credential=code, via="keypad").reason == "revoked"
    assert ("revoke", (mine.ref, ("H-1",))) in world.fake.sent
