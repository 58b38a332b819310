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


def test_whole_series_sign_up_registers_for_every_later_date(client, make_event):
    from datetime import date

    event = make_event(capacity=1, until=date(2026, 12, 9))
    first, second, third = event.occurrences.order_by("booking__start")
    # Someone already has the second week's only place: that week is waitlisted.
    client.post(
        f"/api/v1/events/{second.pk}/registrations",
        {"name": "Anne", "email": "anne@example.no"},
        content_type="application/json",
    )
    response = client.post(
        f"/api/v1/events/{first.pk}/registrations",
        {"name": "Kari", "email": "kari@example.no", "series": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["event_id"], body["status"]) == (first.pk, "confirmed")
    assert [(r["event_id"], r["status"], r["position"]) for r in body["later"]] == [
        (second.pk, "waitlisted", 1),
        (third.pk, "confirmed", None),
    ]
    assert len({body["cancel_url"], *(r["cancel_url"] for r in body["later"])}) == 3
    assert Registration.objects.filter(email="kari@example.no").count() == 3
    # Without `series`, one date only; `later` is empty.
    single = client.post(
        f"/api/v1/events/{first.pk}/registrations",
        {"name": "Ola", "email": "ola@example.no"},
        content_type="application/json",
    ).json()
    assert single["later"] == []


def test_a_fee_registration_says_how_it_is_paid_and_bad_input_is_problem_json(client, make_event):
    from decimal import Decimal

    occurrence = make_event(fee=Decimal("95")).occurrences.get()
    url = f"/api/v1/events/{occurrence.pk}/registrations"
    body = client.post(
        url,
        {"name": "Kari", "email": "kari@example.no", "payment_method": "invoice"},
        content_type="application/json",
    ).json()
    assert body["payment_method"] == "invoice"
    bad = client.post(
        url,
        {"name": "Ola", "email": "ola@example.no", "payment_method": "bitcoin", "series": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad["Content-Type"].startswith("application/problem+json")
    assert not Registration.objects.filter(email="ola@example.no").exists()


def test_an_event_waiting_for_approval_is_not_in_the_api(client, personas, room):
    from torget.events import self_service
    from torget.events.services import EventDetails

    event = self_service.organiser_event_create(
        actor=personas.org_contact,
        organisation=personas.organisation,
        details=EventDetails(
            title="Sjakkveld",
            category="meeting_place",
            organiser_type="voluntary",
            capacity=5,
            registration="required",
        ),
        space=room,
        start=at(26, 18),
        end=at(26, 20),
    )
    occurrence = event.occurrences.get()
    assert client.get("/api/v1/events").json()["count"] == 0
    assert client.get(f"/api/v1/events/{occurrence.pk}").status_code == 404
    response = client.post(
        f"/api/v1/events/{occurrence.pk}/registrations",
        {"name": "Kari", "email": "kari@example.no"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()
