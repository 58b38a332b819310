"""The booking API: thin over the services — status codes, problem+json, permissions."""

import json

import pytest

from torget.accounts.models import ApiToken
from torget.booking.models import Booking
from torget.ledger.models import LedgerEntry

pytestmark = pytest.mark.usefixtures("frozen_now")


def bearer(user) -> dict:
    _token, raw = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def body(room, **kw):
    values = {
        "space": room.pk,
        "start": "2026-11-30T10:00:00+01:00",
        "end": "2026-11-30T12:00:00+01:00",
        "title": "Styremøte",
        "organiser_type": "resident",
        "kind": "meeting",
        "expected_participants": 8,
    }
    values.update(kw)
    return values


def post(client, path, data, headers, **extra):
    return client.post(
        path, data=json.dumps(data), content_type="application/json", **headers, **extra
    )


def test_create_get_and_cancel(client, personas, room):
    auth = bearer(personas.resident)
    created = post(client, "/api/v1/bookings", body(room), auth)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "confirmed" and data["hub"] == "holmen"
    assert client.get(f"/api/v1/bookings/{data['id']}", **auth).json()["title"] == "Styremøte"
    cancelled = post(client, f"/api/v1/bookings/{data['id']}/cancel", {"reason": "Syk"}, auth)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert not LedgerEntry.objects.exists()


def test_conflict_is_409_problem_naming_the_interval(client, personas, room):
    auth = bearer(personas.resident)
    post(client, "/api/v1/bookings", body(room), auth)
    clash = post(
        client,
        "/api/v1/bookings",
        body(room, start="2026-11-30T11:00:00+01:00", end="2026-11-30T13:00:00+01:00"),
        auth,
    )
    assert clash.status_code == 409
    assert clash["Content-Type"].startswith("application/problem+json")
    problem = clash.json()
    assert problem["code"] == "booking.conflict"
    assert problem["conflicts"] == [
        {"start": "2026-11-30T09:00:00+00:00", "end": "2026-11-30T11:00:00+00:00"}
    ]


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"start": "2026-11-30T10:00:00"}, 422, "validation"),
        ({"end": "2026-11-30T09:00:00+01:00"}, 422, "booking.invalid_interval"),
        ({"end": "2026-11-30T23:00:00+01:00"}, 422, "booking.too_long"),
        (
            {"start": "2026-11-30T21:00:00+01:00", "end": "2026-11-30T22:30:00+01:00"},
            422,
            "booking.outside_opening_hours",
        ),
        (
            {"start": "2026-11-20T10:00:00+01:00", "end": "2026-11-20T11:00:00+01:00"},
            422,
            "booking.in_past",
        ),
        ({"space": 999999}, 422, "validation"),
        ({"organisation": 999999}, 422, "validation"),
        ({"title": "x" * 5000}, 422, "validation"),
        ({"organiser_type": "alien"}, 422, "validation"),
        ({"override_reason": "fordi"}, 403, "booking.override_not_allowed"),
    ],
)
def test_bad_input_is_a_4xx_with_a_stable_code_and_writes_nothing(
    client, personas, room, changes, status, code
):
    response = post(client, "/api/v1/bookings", body(room, **changes), bearer(personas.resident))
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not Booking.objects.exists()


def test_malformed_json_is_a_4xx(client, personas, room):
    response = client.post(
        "/api/v1/bookings",
        data="{not json",
        content_type="application/json",
        **bearer(personas.resident),
    )
    assert 400 <= response.status_code < 500
    assert not Booking.objects.exists()


def test_anonymous_cannot_book(client, room):
    response = post(client, "/api/v1/bookings", body(room), {})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_others_cannot_see_or_cancel_a_booking(client, personas, room):
    created = post(client, "/api/v1/bookings", body(room), bearer(personas.resident)).json()
    assert (
        client.get(f"/api/v1/bookings/{created['id']}", **bearer(personas.org_contact)).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/bookings/{created['id']}", **bearer(personas.desk_tofte)).status_code
        == 404
    )
    assert (
        client.get(f"/api/v1/bookings/{created['id']}", **bearer(personas.desk_holmen)).status_code
        == 200
    )
    assert (
        post(
            client, f"/api/v1/bookings/{created['id']}/cancel", {}, bearer(personas.desk_tofte)
        ).status_code
        == 404
    )


def test_availability_shows_busy_with_buffers_and_the_hall(client, personas, hall):
    whole, north, _south = hall
    post(client, "/api/v1/bookings", body(north), bearer(personas.desk_holmen))
    response = client.get(
        f"/api/v1/spaces/{whole.pk}/availability",
        {"from": "2026-11-30T00:00:00+01:00", "to": "2026-12-01T00:00:00+01:00"},
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["busy"] == [
        {"start": "2026-11-30T09:00:00Z", "end": "2026-11-30T11:00:00Z"}
    ] or data["busy"] == [
        {"start": "2026-11-30T09:00:00+00:00", "end": "2026-11-30T11:00:00+00:00"}
    ]
    assert len(data["open"]) == 1  # self-service 07–22 covers staffed 09–15
    assert "title" not in json.dumps(data["busy"])


def test_availability_bad_window(client, room):
    url = f"/api/v1/spaces/{room.pk}/availability"
    assert (
        client.get(
            url, {"from": "2026-11-30T00:00:00", "to": "2026-12-01T00:00:00+01:00"}
        ).status_code
        == 422
    )
    assert (
        client.get(
            url, {"from": "2026-12-30T00:00:00+01:00", "to": "2026-12-01T00:00:00+01:00"}
        ).status_code
        == 422
    )
    assert (
        client.get(
            url, {"from": "2026-01-01T00:00:00+01:00", "to": "2027-12-01T00:00:00+01:00"}
        ).status_code
        == 422
    )
    assert (
        client.get(
            "/api/v1/spaces/999999/availability",
            {"from": "2026-11-30T00:00:00+01:00", "to": "2026-12-01T00:00:00+01:00"},
        ).status_code
        == 404
    )


def test_series_skip_and_reject(client, personas, room):
    auth = bearer(personas.org_contact)
    post(
        client,
        "/api/v1/bookings",
        body(room, start="2026-12-07T10:00:00+01:00", end="2026-12-07T11:00:00+01:00"),
        bearer(personas.resident),
    )
    series = body(room, until="2026-12-21", on_conflict="reject")
    rejected = post(client, "/api/v1/booking-series", series, auth)
    assert rejected.status_code == 409
    assert [c["date"] for c in rejected.json()["clashes"]] == ["2026-12-07"]
    skipped = post(client, "/api/v1/booking-series", {**series, "on_conflict": "skip"}, auth)
    assert skipped.status_code == 201, skipped.content
    data = skipped.json()
    assert len(data["created"]) == 3 and data["skipped"][0]["date"] == "2026-12-07"
    cancelled = post(
        client, f"/api/v1/booking-series/{data['id']}/cancel", {"from_date": "2026-12-14"}, auth
    )
    assert cancelled.status_code == 200 and cancelled.json()["count"] == 2


def test_series_of_ten_years_is_refused(client, personas, room):
    response = post(
        client,
        "/api/v1/booking-series",
        body(room, until="2036-11-30"),
        bearer(personas.org_contact),
    )
    assert response.status_code == 422 and response.json()["code"] == "booking.series_too_long"


def test_staff_block_and_residents_cannot(client, personas, room):
    block = {
        "spaces": [room.pk],
        "start": "2026-12-02T08:00:00+01:00",
        "end": "2026-12-02T20:00:00+01:00",
        "reason": "Valg",
    }
    assert (
        post(client, "/api/v1/blocked-periods", block, bearer(personas.resident)).status_code == 403
    )
    assert (
        post(client, "/api/v1/blocked-periods", block, bearer(personas.desk_tofte)).status_code
        == 403
    )
    created = post(client, "/api/v1/blocked-periods", block, bearer(personas.desk_holmen))
    assert created.status_code == 201 and created.json()["in_the_way"] == []


def test_space_search_with_a_window_leaves_out_booked_spaces(client, personas, room, hall):
    whole, north, south = hall
    post(client, "/api/v1/bookings", body(north), bearer(personas.desk_holmen))
    response = client.get(
        "/api/v1/spaces",
        {"free_from": "2026-11-30T10:30:00+01:00", "free_to": "2026-11-30T11:30:00+01:00"},
    )
    ids = {s["id"] for s in response.json()["items"]}
    assert room.pk in ids and south.pk in ids
    assert north.pk not in ids and whole.pk not in ids


def test_free_search_and_availability_respect_the_spaces_own_buffers(client, personas, room):
    """With 30 minutes' preparation before each booking, 10–12 after a booking that ends at
    10 is not free: the search must not offer what booking then refuses."""
    from torget.booking.models import BookingPolicy

    BookingPolicy.objects.create(hub=room.hub, space=room, buffer_before_minutes=30)
    auth = bearer(personas.desk_holmen)
    post(
        client,
        "/api/v1/bookings",
        body(room, start="2026-11-30T08:00:00+01:00", end="2026-11-30T10:00:00+01:00"),
        auth,
    )
    free = client.get(
        "/api/v1/spaces",
        {"free_from": "2026-11-30T10:00:00+01:00", "free_to": "2026-11-30T12:00:00+01:00"},
    )
    assert room.pk not in {s["id"] for s in free.json()["items"]}
    busy = client.get(
        f"/api/v1/spaces/{room.pk}/availability",
        {"from": "2026-11-30T00:00:00+01:00", "to": "2026-12-01T00:00:00+01:00"},
    ).json()["busy"]
    assert busy == [{"start": "2026-11-30T06:30:00Z", "end": "2026-11-30T09:30:00Z"}] or busy == [
        {"start": "2026-11-30T06:30:00+00:00", "end": "2026-11-30T09:30:00+00:00"}
    ]
    assert (
        post(
            client,
            "/api/v1/bookings",
            body(room, start="2026-11-30T10:00:00+01:00", end="2026-11-30T12:00:00+01:00"),
            auth,
        ).status_code
        == 409
    )
    assert (
        post(
            client,
            "/api/v1/bookings",
            body(room, start="2026-11-30T10:30:00+01:00", end="2026-11-30T12:00:00+01:00"),
            auth,
        ).status_code
        == 201
    )


@pytest.mark.parametrize(
    "changes",
    [{"resources": [2**70]}, {"title": "a\u0000b"}, {"space": 2**70}, {"staff_notes": "x\u0000"}],
)
def test_hostile_values_are_a_4xx(client, personas, room, changes):
    response = post(client, "/api/v1/bookings", body(room, **changes), bearer(personas.desk_holmen))
    assert response.status_code == 422, response.content
    assert not Booking.objects.exists()


def test_hostile_values_elsewhere_are_4xx(client, personas, room):
    auth = bearer(personas.desk_holmen)
    block = {
        "spaces": [2**70],
        "start": "2026-12-02T08:00:00+01:00",
        "end": "2026-12-02T20:00:00+01:00",
        "reason": "x",
    }
    assert post(client, "/api/v1/blocked-periods", block, auth).status_code == 422
    assert (
        post(
            client, "/api/v1/booking-series/1/cancel", {"from_date": "0001-01-01"}, auth
        ).status_code
        == 422
    )
