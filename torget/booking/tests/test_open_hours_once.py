"""Issue 15: "do these open intervals cover this slot?" is answered once
(`torget.places.hours.covers`), and the week page, the booking API and the free-space
search give the same answer for the same slot.

The room's own hours on Tuesday 24 November 2026 are built so each answer depends on the
rule: 08:00–10:30 self-service touching 10:30–12:00 staffed (10–11 is open only through
the union of two intervals of different kinds), a gap 12–13, 13–15 staffed, and
15:00–15:30 self-service (15–16 is partly open). A booking 14–15 makes that hour busy.
"""

import json
from datetime import time

import pytest

from torget.accounts.models import ApiToken
from torget.booking.tests.conftest import at
from torget.booking.tests.test_views import TUESDAY, existing
from torget.places.codes import HoursKind
from torget.places.models import OpeningHoursRule

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

TUESDAY_WEEKDAY = 1
# hour → what the week page must say for the hour starting then
EXPECTED = {
    8: "free",
    9: "free",
    10: "free",  # only through the union of self-service and staffed hours
    11: "free",
    12: "closed",
    13: "free",
    14: "busy",
    15: "partly",
}


@pytest.fixture
def room_with_gaps(room, personas):
    for kind, opens, closes in [
        (HoursKind.SELF_SERVICE, time(8), time(10, 30)),
        (HoursKind.STAFFED, time(10, 30), time(12)),
        (HoursKind.STAFFED, time(13), time(15)),
        (HoursKind.SELF_SERVICE, time(15), time(15, 30)),
    ]:
        OpeningHoursRule.objects.create(
            hub=room.hub,
            space=room,
            kind=kind,
            weekday=TUESDAY_WEEKDAY,
            opens=opens,
            closes=closes,
        )
    existing(personas.org_contact, room, day=24, start=14, end=15)
    return room


def _week_states(client, room) -> dict[int, str]:
    response = client.get(f"/booking/rom/{room.pk}/", {"uke": TUESDAY})
    assert response.status_code == 200
    return {row["hour"]: row["cells"][TUESDAY_WEEKDAY]["state"] for row in response.context["rows"]}


def test_the_week_page_shows_the_rule_s_answer(client, room_with_gaps):
    states = _week_states(client, room_with_gaps)
    assert {hour: states[hour] for hour in EXPECTED} == EXPECTED


def test_the_api_books_exactly_the_hours_the_week_page_calls_free(client, personas, room_with_gaps):
    states = _week_states(client, room_with_gaps)
    _token, raw = ApiToken.issue(personas.resident)
    answers = {}
    for hour in EXPECTED:
        response = client.post(
            "/api/v1/bookings",
            data=json.dumps(
                {
                    "space": room_with_gaps.pk,
                    "start": at(24, hour).isoformat(),
                    "end": at(24, hour + 1).isoformat(),
                    "title": "Styremøte",
                    "organiser_type": "resident",
                    "kind": "meeting",
                    "expected_participants": 4,
                }
            ),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        answers[hour] = response.status_code, response.json().get("code")
    for hour, state in EXPECTED.items():
        assert states[hour] == state
        if state == "free":
            assert answers[hour] == (201, None), hour
        elif state == "busy":
            assert answers[hour] == (409, "booking.conflict"), hour
        else:
            assert answers[hour] == (422, "booking.outside_opening_hours"), hour


def test_the_free_space_search_finds_the_room_in_exactly_the_hours_the_week_page_calls_free(
    client, room_with_gaps
):
    states = _week_states(client, room_with_gaps)
    for hour in EXPECTED:
        response = client.get(
            "/api/v1/spaces",
            {
                "free_from": at(24, hour).isoformat(),
                "free_to": at(24, hour + 1).isoformat(),
                "hub": room_with_gaps.hub.slug,
            },
        )
        assert response.status_code == 200, response.content
        found = room_with_gaps.pk in [s["id"] for s in response.json()["items"]]
        assert found == (states[hour] == "free"), hour
