"""Issue 16.9 across the API: instants only as RFC 3339 with an offset, days only as
`YYYY-MM-DD`, in bodies and query strings alike. A number is a 422 problem, never a date
in 1970."""

import json

import pytest

from torget.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def assert_422_on(response, field: str) -> None:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "validation"
    assert field in [e["field"] for e in problem["errors"]]


@pytest.mark.parametrize("value", ["0", "20261124", "2026-11-24T00:00:00+01:00", "24.11.2026"])
def test_the_agenda_date_is_a_plain_day(client, personas, value):
    response = client.get(f"/api/v1/agenda?date={value}", **bearer(personas.desk_holmen))
    assert_422_on(response, "date")
    ok = client.get("/api/v1/agenda?date=2026-11-24", **bearer(personas.desk_holmen))
    assert ok.status_code == 200


@pytest.mark.parametrize("value", ["0", "1800000000", "2026-01-01T00:00:00Z"])
def test_the_key_figures_period_is_in_plain_days(client, personas, value):
    response = client.get(
        f"/api/v1/reports/key-figures?from={value}&to=2026-12-31", **bearer(personas.management)
    )
    assert_422_on(response, "from")


@pytest.mark.parametrize(
    "value", ["0", "1800000000", "2026-11-24T10:00:00", "2026-11-24T10:00+01:00", "2026-11-24T10"]
)
def test_the_events_window_is_a_day_or_an_instant_with_an_offset(client, value):
    assert_422_on(client.get(f"/api/v1/events?from={value}"), "from")
    assert client.get("/api/v1/events?from=2026-11-24T10:00:00%2B01:00").status_code == 200
    assert client.get("/api/v1/events?from=2026-11-24").status_code == 200


@pytest.mark.parametrize("opens", [0, 20260101, "2026-01-01T00:00:00+01:00"])
def test_a_consultation_opens_on_a_plain_day(client, personas, opens):
    body = {
        "title": "Bibliotek",
        "opens": opens,
        "closes": "2099-01-31",
        "questions": [{"text": "Hva betyr biblioteket for deg?", "type": "free_text"}],
    }
    response = client.post(
        "/api/v1/consultations",
        data=json.dumps(body),
        content_type="application/json",
        **bearer(personas.admin),
    )
    assert_422_on(response, "opens")


def test_an_inquiry_time_is_never_a_number(client, personas):
    body = {"hub": "holmen", "topic": "other", "channel": "walk_in", "occurred_at": 0}
    response = client.post(
        "/api/v1/inquiries",
        data=json.dumps(body),
        content_type="application/json",
        **bearer(personas.desk_holmen),
    )
    assert_422_on(response, "occurred_at")
