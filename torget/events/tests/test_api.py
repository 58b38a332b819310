"""GET /events, GET /events/{id}, POST /events/{id}/registrations, as API.md says."""

import pytest

from torget.events.models import Registration
from torget.events.tests.conftest import at

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def events(make_event):
    seniors = make_event(capacity=1).occurrences.get()
    chess = make_event(
        title="Sjakkveld",
        audience="youth",
        registration="none",
        capacity=None,
        start=at(26, 18),
        end=at(26, 20),
    ).occurrences.get()
    return seniors, chess


def test_the_list_is_upcoming_soonest_first_and_filters(client, events):
    seniors, chess = events
    body = client.get("/api/v1/events").json()
    assert body["count"] == 2
    assert [e["id"] for e in body["items"]] == [seniors.pk, chess.pk]
    first = body["items"][0]
    assert first["start"] == "2026-11-25T09:00:00Z" or first["start"].startswith("2026-11-25T")
    assert first["hub"] == "holmen" and first["url"].endswith(f"/arrangementer/{seniors.pk}/")
    assert client.get("/api/v1/events?audience=seniors").json()["count"] == 1
    assert client.get("/api/v1/events?q=sjakk").json()["items"][0]["id"] == chess.pk
    assert client.get("/api/v1/events?from=2026-11-26").json()["count"] == 1
    assert client.get("/api/v1/events?to=2026-11-25").json()["count"] == 1
    window = "from=2026-11-26T00:00:00%2B01:00&to=2026-11-27T00:00:00%2B01:00"
    assert client.get(f"/api/v1/events?{window}").json()["count"] == 1
    assert client.get("/api/v1/events?hub=nowhere").status_code == 422
    assert client.get("/api/v1/events?hub=tofte").json()["count"] == 0
    page = client.get("/api/v1/events?limit=1&offset=1").json()
    assert page["count"] == 2 and [e["id"] for e in page["items"]] == [chess.pk]


@pytest.mark.parametrize(
    "query",
    [
        "from=2026-11-26T10:00:00",
        "from=yesterday",
        "from=2026-02-31",
        "to=2026-11-20&from=2026-11-25",
        "audience=pets",
        "limit=0",
        "q=" + "x" * 200,
    ],
)
def test_bad_queries_are_422_problems(client, events, query):
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_one_event_with_seats_left_and_waitlist(client, events):
    seniors, _chess = events
    url = f"/api/v1/events/{seniors.pk}"
    body = client.get(url).json()
    assert (body["capacity"], body["seats_left"], body["waitlist_length"]) == (1, 1, 0)
    assert body["fee"] in ("0", "0.00", 0) and body["free"] is True
    assert client.get("/api/v1/events/999999").status_code == 404


def test_register_confirmed_then_waitlisted_with_position(client, events):
    seniors, chess = events
    url = f"/api/v1/events/{seniors.pk}/registrations"
    first = client.post(
        url, {"name": "Kari", "email": "kari@example.no"}, content_type="application/json"
    )
    assert first.status_code == 201
    assert (first.json()["status"], first.json()["position"]) == ("confirmed", None)
    second = client.post(
        url, {"name": "Ola", "phone": "91234567", "seats": 2}, content_type="application/json"
    )
    assert (second.json()["status"], second.json()["position"]) == ("waitlisted", 1)
    assert "/arrangementer/pamelding/" in second.json()["cancel_url"]
    body = client.get(f"/api/v1/events/{seniors.pk}").json()
    assert (body["seats_left"], body["waitlist_length"]) == (0, 1)
    # Drop-in: nothing to register for.
    drop_in = client.post(
        f"/api/v1/events/{chess.pk}/registrations",
        {"name": "Per", "email": "per@example.no"},
        content_type="application/json",
    )
    assert (drop_in.status_code, drop_in.json()["code"]) == (409, "event.no_registration")


def test_bad_registrations_write_nothing(client, events):
    seniors, _ = events
    url = f"/api/v1/events/{seniors.pk}/registrations"
    for body in (
        {"name": "Kari"},
        {"name": "Kari", "email": "not-an-address"},
        {"name": "Kari", "email": "k@example.no", "seats": 0},
        {"name": "x" * 201, "email": "k@example.no"},
    ):
        response = client.post(url, body, content_type="application/json")
        assert response.status_code == 422, body
    assert client.post(url, "{", content_type="application/json").status_code == 400
    assert (
        client.post(
            "/api/v1/events/999999/registrations",
            {"name": "Kari", "email": "k@example.no"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert not Registration.objects.exists()


def test_a_bearer_token_registers_as_its_owner(client, events, personas):
    from torget.accounts.models import ApiToken

    personas.resident.email = "innbygger@example.no"
    personas.resident.save()
    _token, raw = ApiToken.issue(personas.resident)
    seniors, _ = events
    response = client.post(
        f"/api/v1/events/{seniors.pk}/registrations",
        {},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201
    assert Registration.objects.get().user == personas.resident
    bad = client.post(
        f"/api/v1/events/{seniors.pk}/registrations",
        {},
        content_type="application/json",
        headers={"Authorization": "Bearer nope"},
    )
    assert bad.status_code == 401


def test_anonymous_registrations_are_rate_limited(client, events, settings, monkeypatch):
    from torget.events import api

    monkeypatch.setattr(api, "REGISTRATION_RATE", 2)
    seniors, _ = events
    url = f"/api/v1/events/{seniors.pk}/registrations"
    codes = [
        client.post(
            url, {"name": "K", "email": f"k{i}@example.no"}, content_type="application/json"
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]
