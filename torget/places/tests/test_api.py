"""GET /api/v1/hubs, /hubs/{slug} and /spaces as API.md promises them."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from unittest import mock
from urllib.parse import quote

import pytest

from torget.core.timeutil import OSLO
from torget.places.codes import Feature, HoursKind, ModuleCode
from torget.places.models import Module, OpeningHoursRule, SpaceFeature
from torget.places.tests.factories import HubFactory, SpaceFactory

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "errors"}


@contextmanager
def clock(*args: int):
    """The server's clock shows this Oslo wall time (timezone.now, and so today())."""
    moment = datetime(*args, tzinfo=OSLO)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def get(client, url: str, **params):
    return client.get(url, params, HTTP_ACCEPT_LANGUAGE="en")


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) == PROBLEM_KEYS
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"/problems/{code}"
    assert body["title"] and body["detail"]
    return body


@pytest.fixture
def rooms(holmen, tofte):
    """Holmen: a meeting room with a projector, a hall with halves; Tofte: a small studio."""
    fjorden = SpaceFactory.meeting_room(holmen, "Møterom Fjorden", capacity=12)
    SpaceFeature.objects.create(space=fjorden, code=Feature.WIFI)
    hall, north, south = SpaceFactory.hall_with_halves(holmen)
    SpaceFeature.objects.create(space=hall, code=Feature.STAGE)
    SpaceFeature.objects.create(space=hall, code=Feature.WIFI)
    studio = SpaceFactory(hub=tofte, name="Studio", capacity=4)
    SpaceFeature.objects.create(space=studio, code=Feature.PROJECTOR)
    SpaceFactory(hub=tofte, name="Lager", bookable=False)
    return {"fjorden": fjorden, "hall": hall, "north": north, "south": south, "studio": studio}


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


# --- GET /hubs ------------------------------------------------------------------------------


def test_hubs_list_has_the_promised_fields(client, holmen, tofte):
    Module.objects.create(hub=holmen, code=ModuleCode.LIBRARY)
    Module.objects.create(hub=holmen, code=ModuleCode.CITIZEN_SERVICE)
    with clock(2026, 1, 12, 10, 0):  # a Monday in January
        response = get(client, "/api/v1/hubs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["count"] == 2
    assert [h["slug"] for h in body["items"]] == ["holmen", "tofte"]
    first = body["items"][0]
    assert {"slug", "name", "address", "modules", "open_now"} <= set(first)
    assert first["name"] == "Holmen"
    assert first["address"] == "Eksempelveien 1"
    assert first["modules"] == ["citizen_service", "library"]
    assert body["items"][1]["modules"] == []
    assert first["url"] == "/holmen/" or first["url"].startswith("/")


@pytest.mark.parametrize(
    ("moment", "open_now", "kind"),
    [
        ((2026, 1, 12, 10, 0), True, "staffed"),  # Monday, staffed 09–15
        ((2026, 1, 12, 8, 59), True, "self_service"),  # before the staff come
        ((2026, 1, 12, 15, 0), True, "self_service"),  # the staff have just left
        ((2026, 1, 17, 12, 0), True, "self_service"),  # Saturday: self-service only
        ((2026, 1, 12, 22, 0), False, None),  # closes at 22:00 sharp
        ((2026, 1, 12, 6, 59), False, None),
        ((2026, 1, 1, 12, 0), False, None),  # New Year's Day: a public holiday
    ],
)
def test_open_now_follows_the_clock(client, holmen, moment, open_now, kind):
    with clock(*moment):
        item = get(client, "/api/v1/hubs").json()["items"][0]
    assert item["open_now"] is open_now
    assert item["open_kind"] == kind
    if open_now:
        assert item["next_opening"] is None
    else:
        assert item["next_opening"] is not None


def test_next_opening_carries_the_offset(client, holmen):
    with clock(2026, 1, 12, 23, 0):
        item = get(client, "/api/v1/hubs").json()["items"][0]
    assert item["open_now"] is False
    assert item["next_opening"] == "2026-01-13T07:00:00+01:00"
    with clock(2026, 3, 28, 23, 0):  # the night the clocks go forward
        item = get(client, "/api/v1/hubs").json()["items"][0]
    assert item["next_opening"] == "2026-03-29T07:00:00+02:00"


def test_hubs_are_paginated(client, holmen, tofte):
    HubFactory(name="Åsen")
    HubFactory(name="Bleiker")
    body = get(client, "/api/v1/hubs", limit=2).json()
    assert body["count"] == 4
    assert [h["name"] for h in body["items"]] == ["Bleiker", "Holmen"]
    body = get(client, "/api/v1/hubs", limit=2, offset=2).json()
    assert body["count"] == 4
    assert [h["name"] for h in body["items"]] == ["Tofte", "Åsen"]  # Å sorts last
    body = get(client, "/api/v1/hubs", offset=10).json()
    assert body == {"count": 4, "items": []}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": 10**12}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"offset": ""}, "offset"),
    ],
)
def test_page_bounds_are_422(client, params, field):
    for url in ("/api/v1/hubs", "/api/v1/spaces"):
        body = problem(get(client, url, **params), 422, "validation")
        assert [e["field"] for e in body["errors"]] == [field]
        assert body["errors"][0]["message"]


def test_page_bounds_are_inclusive(client, holmen):
    assert get(client, "/api/v1/hubs", limit=1).status_code == 200
    assert get(client, "/api/v1/hubs", limit=500).status_code == 200
    assert get(client, "/api/v1/spaces", limit=500, offset=0).status_code == 200


# --- GET /hubs/{slug} -----------------------------------------------------------------------


def test_hub_detail_has_spaces_and_fourteen_days_of_hours(client, rooms):
    with clock(2026, 1, 12, 10, 0):  # Monday
        response = get(client, "/api/v1/hubs/holmen")
    assert response.status_code == 200
    hub = response.json()
    assert hub["slug"] == "holmen"
    assert hub["open_now"] is True
    assert [s["name"] for s in hub["spaces"]] == [
        "Møterom Fjorden",
        "Storsalen",
        "Storsalen nord",
        "Storsalen sør",
    ]
    hall = next(s for s in hub["spaces"] if s["name"] == "Storsalen")
    north = next(s for s in hub["spaces"] if s["name"] == "Storsalen nord")
    assert north["parent"] == hall["id"]
    assert hall["features"] == ["stage", "wifi"]
    assert all(s["hub"] == "holmen" for s in hub["spaces"])

    days = hub["opening_hours"]
    assert len(days) == 14
    assert [d["date"] for d in days] == [
        (date(2026, 1, 12) + timedelta(days=i)).isoformat() for i in range(14)
    ]
    monday, saturday = days[0], days[5]
    assert monday["staffed"] == [
        {"start": "2026-01-12T09:00:00+01:00", "end": "2026-01-12T15:00:00+01:00"}
    ]
    assert monday["self_service"] == [
        {"start": "2026-01-12T07:00:00+01:00", "end": "2026-01-12T22:00:00+01:00"}
    ]
    assert saturday["date"] == "2026-01-17"
    assert saturday["staffed"] == []
    assert saturday["self_service"] == [
        {"start": "2026-01-17T07:00:00+01:00", "end": "2026-01-17T22:00:00+01:00"}
    ]
    assert all(d["note"] == "" for d in days)


def test_hub_detail_hours_change_offset_across_the_spring_night(client, holmen):
    with clock(2026, 3, 23, 12, 0):  # Monday before the clocks go forward on Sunday the 29th
        days = get(client, "/api/v1/hubs/holmen").json()["opening_hours"]
    by_date = {d["date"]: d for d in days}
    assert by_date["2026-03-28"]["self_service"][0]["start"] == "2026-03-28T07:00:00+01:00"
    assert by_date["2026-03-29"]["self_service"] == [
        {"start": "2026-03-29T07:00:00+02:00", "end": "2026-03-29T22:00:00+02:00"}
    ]
    assert by_date["2026-03-30"]["staffed"] == [
        {"start": "2026-03-30T09:00:00+02:00", "end": "2026-03-30T15:00:00+02:00"}
    ]
    # Easter: Maundy Thursday and Good Friday are public holidays, named in the note.
    assert by_date["2026-04-02"]["staffed"] == [] and by_date["2026-04-02"]["self_service"] == []
    assert by_date["2026-04-02"]["note"]


def test_hub_detail_open_state_follows_the_clock(client, holmen):
    with clock(2026, 1, 12, 23, 30):
        hub = get(client, "/api/v1/hubs/holmen").json()
    assert hub["open_now"] is False
    assert hub["next_opening"] == "2026-01-13T07:00:00+01:00"


@pytest.mark.parametrize(
    "slug",
    ["nope", "HOLMEN", "holmen-2", "a" * 121, "a" * 5000, "æøå", "%00", "holmen%00", "..", "%20"],
)
def test_unknown_slug_is_404_problem(client, holmen, slug):
    body = problem(get(client, f"/api/v1/hubs/{slug}"), 404, "not_found")
    assert body["errors"] == []


def test_unknown_slug_follows_accept_language(client, holmen):
    nb = client.get("/api/v1/hubs/nope")
    assert nb["Content-Language"] == "nb"
    problem(nb, 404, "not_found")
    en = client.get("/api/v1/hubs/nope", HTTP_ACCEPT_LANGUAGE="en")
    assert en["Content-Language"] == "en"
    assert problem(en, 404, "not_found")["title"] == "Not found"


# --- GET /spaces ----------------------------------------------------------------------------


def test_spaces_list_only_bookable_spaces_in_norwegian_order(client, rooms):
    response = get(client, "/api/v1/spaces")
    assert names(response) == [
        "Møterom Fjorden",
        "Storsalen",
        "Storsalen nord",
        "Storsalen sør",
        "Studio",
    ]
    space = response.json()["items"][0]
    assert set(space) >= {"id", "hub", "name", "kind", "capacity", "features", "parent"}
    assert space["hub"] == "holmen"
    assert space["features"] == ["projector", "wifi"]


def test_spaces_filter_by_hub(client, rooms):
    assert names(get(client, "/api/v1/spaces", hub="tofte")) == ["Studio"]
    assert len(names(get(client, "/api/v1/spaces", hub="holmen"))) == 4


def test_spaces_unknown_hub_is_422(client, rooms):
    body = problem(get(client, "/api/v1/spaces", hub="nowhere"), 422, "validation")
    assert body["errors"][0]["field"] == "hub"
    for bad in ("x" * 121, "hol men", "holmen\x00", "../holmen"):
        body = problem(get(client, "/api/v1/spaces", hub=bad), 422, "validation")
        assert body["errors"][0]["field"] == "hub"


def test_spaces_filter_by_min_capacity(client, rooms):
    # With a number of people, the best fit first: the halves (60) before the hall (120).
    assert names(get(client, "/api/v1/spaces", min_capacity=60)) == [
        "Storsalen nord",
        "Storsalen sør",
        "Storsalen",
    ]
    assert names(get(client, "/api/v1/spaces", min_capacity=61)) == ["Storsalen"]
    assert names(get(client, "/api/v1/spaces", min_capacity=0, hub="tofte")) == ["Studio"]
    assert names(get(client, "/api/v1/spaces", min_capacity=100_000)) == []
    for bad in (-1, 100_001, "many", 10**40):
        body = problem(get(client, "/api/v1/spaces", min_capacity=bad), 422, "validation")
        assert body["errors"][0]["field"] == "min_capacity"


def test_spaces_filter_by_feature(client, rooms):
    assert names(get(client, "/api/v1/spaces", feature="projector")) == [
        "Møterom Fjorden",
        "Studio",
    ]
    assert names(get(client, "/api/v1/spaces", feature="wifi")) == ["Møterom Fjorden", "Storsalen"]
    assert names(get(client, "/api/v1/spaces", feature="piano")) == []


def test_several_features_are_anded(client, rooms):
    assert names(get(client, "/api/v1/spaces", feature=["projector", "wifi"])) == [
        "Møterom Fjorden"
    ]
    assert names(get(client, "/api/v1/spaces", feature=["stage", "wifi"])) == ["Storsalen"]
    assert names(get(client, "/api/v1/spaces", feature=["stage", "projector"])) == []
    # The same feature twice is the same filter.
    assert names(get(client, "/api/v1/spaces", feature=["wifi", "wifi"])) == [
        "Møterom Fjorden",
        "Storsalen",
    ]


def test_unknown_feature_is_422(client, rooms):
    body = problem(get(client, "/api/v1/spaces", feature="jacuzzi"), 422, "validation")
    assert body["errors"][0]["field"] == "feature.0"
    assert "projector" in body["errors"][0]["message"]  # the message lists the known codes
    body = problem(get(client, "/api/v1/spaces", feature=["wifi", "jacuzzi"]), 422, "validation")
    assert [e["field"] for e in body["errors"]] == ["feature.1"]
    problem(
        get(client, "/api/v1/spaces", feature="Projector"), 422, "validation"
    )  # codes are exact


def window(client, start: str, end: str, **params):
    """A window passed as the standard library would encode it (`+` as %2B)."""
    return get(client, "/api/v1/spaces", free_from=start, free_to=end, **params)


def test_free_window_only_returns_spaces_open_for_all_of_it(client, rooms):
    # Monday 12 January: self-service 07–22, staffed 09–15 at both hubs.
    everything = ["Møterom Fjorden", "Storsalen", "Storsalen nord", "Storsalen sør", "Studio"]
    assert (
        names(window(client, "2026-01-12T10:00:00+01:00", "2026-01-12T12:00:00+01:00"))
        == everything
    )
    # Self-service and staffed hours together cover 07–22 without a gap.
    assert (
        names(window(client, "2026-01-12T07:00:00+01:00", "2026-01-12T22:00:00+01:00"))
        == everything
    )
    # The same instants in UTC.
    assert names(window(client, "2026-01-12T06:00:00Z", "2026-01-12T21:00:00Z")) == everything
    # A minute past closing, or before opening, and nothing is free for the whole window.
    assert names(window(client, "2026-01-12T20:00:00+01:00", "2026-01-12T22:01:00+01:00")) == []
    assert names(window(client, "2026-01-12T06:59:00+01:00", "2026-01-12T08:00:00+01:00")) == []
    # Overnight: closed between 22 and 07.
    assert names(window(client, "2026-01-12T21:00:00+01:00", "2026-01-13T08:00:00+01:00")) == []
    # New Year's Day is a public holiday.
    assert names(window(client, "2026-01-01T10:00:00+01:00", "2026-01-01T11:00:00+01:00")) == []


def test_free_window_combines_with_other_filters(client, rooms):
    found = window(
        client,
        "2026-01-12T10:00:00+01:00",
        "2026-01-12T12:00:00+01:00",
        hub="tofte",
        feature="projector",
    )
    assert names(found) == ["Studio"]
    found = window(
        client, "2026-01-12T10:00:00+01:00", "2026-01-12T12:00:00+01:00", min_capacity=100
    )
    assert names(found) == ["Storsalen"]


def test_a_space_with_its_own_hours_is_free_only_in_them(client, rooms):
    studio = rooms["studio"]
    OpeningHoursRule.objects.create(
        hub=studio.hub,
        space=studio,
        kind=HoursKind.SELF_SERVICE,
        weekday=0,
        opens=time(12),
        closes=time(14),
    )
    assert names(
        window(client, "2026-01-12T12:00:00+01:00", "2026-01-12T14:00:00+01:00", hub="tofte")
    ) == ["Studio"]
    # None of the hub's hours (staffed 09–15, self-service 07–22) apply to a space with hours
    # of its own.
    assert (
        names(window(client, "2026-01-12T10:00:00+01:00", "2026-01-12T12:00:00+01:00", hub="tofte"))
        == []
    )
    assert (
        names(window(client, "2026-01-12T16:00:00+01:00", "2026-01-12T17:00:00+01:00", hub="tofte"))
        == []
    )
    assert (
        names(
            window(client, "2026-01-12T16:00:00+01:00", "2026-01-12T17:00:00+01:00", hub="holmen")
        )
        != []
    )


@pytest.fixture
def all_night(db):
    """A hub with a self-service room open around the clock, every day."""
    hub = HubFactory(name="Døgnåpen")
    for weekday in range(7):
        OpeningHoursRule.objects.create(
            hub=hub, kind=HoursKind.SELF_SERVICE, weekday=weekday, opens=time(0), closes=time(0)
        )
    return SpaceFactory(hub=hub, name="Lesesal")


def test_free_window_on_the_spring_forward_night(client, all_night, rooms):
    # 2026-03-29: at 02:00 the clocks go to 03:00; 01:30+01:00 to 03:30+02:00 is one hour.
    assert names(window(client, "2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00")) == [
        "Lesesal"
    ]
    # The whole local night, 23 hours of it, around the clock only.
    assert names(window(client, "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00")) == [
        "Lesesal"
    ]
    # An instant with an offset always exists, even one that reads like the missing hour.
    assert names(window(client, "2026-03-29T02:30:00+02:00", "2026-03-29T04:00:00+02:00")) == [
        "Lesesal"
    ]
    # After the change the others open at 07:00 summer time (05:00 UTC).
    everyone = [
        "Lesesal",
        "Møterom Fjorden",
        "Storsalen",
        "Storsalen nord",
        "Storsalen sør",
        "Studio",
    ]
    assert names(window(client, "2026-03-29T05:00:00Z", "2026-03-29T06:00:00Z")) == everyone
    assert names(window(client, "2026-03-29T04:59:00Z", "2026-03-29T06:00:00Z")) == ["Lesesal"]


def test_free_window_on_the_autumn_night(client, all_night):
    # 2026-10-25: 03:00 summer time becomes 02:00 winter time; the night is 25 hours long.
    assert names(window(client, "2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00")) == [
        "Lesesal"
    ]


def test_a_plus_that_arrives_as_a_space_is_read_as_plus(client, all_night):
    # Written by hand into a URL, "+02:00" arrives as " 02:00".
    response = client.get(
        "/api/v1/spaces?free_from=2026-03-29T10:00:00+02:00&free_to=2026-03-29T12:00:00+02:00",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert names(response) == ["Lesesal"]
    # The same with the space spelled out, and with %2B.
    spaced = (
        "/api/v1/spaces?free_from="
        + quote("2026-03-29T10:00:00 02:00")
        + "&free_to="
        + quote("2026-03-29T12:00:00 02:00")
    )
    assert names(client.get(spaced)) == ["Lesesal"]
    assert names(
        client.get(
            "/api/v1/spaces?free_from=2026-03-29T10:00:00%2B02:00&free_to=2026-03-29T12:00:00%2B02:00"
        )
    ) == ["Lesesal"]
    # A negative offset has no such problem; 08:00-02:00 is 12:00+02:00.
    assert names(window(client, "2026-03-29T06:00:00-02:00", "2026-03-29T08:00:00-02:00")) == [
        "Lesesal"
    ]


@pytest.mark.parametrize(
    "naive",
    [
        "2026-03-29T10:00:00",
        "2026-03-29T10:00",
        "2026-03-29 10:00:00",
        "2026-03-29T10:00:00.123456",
    ],
)
def test_an_instant_without_an_offset_is_422(client, all_night, naive):
    body = problem(window(client, naive, "2026-03-29T12:00:00+02:00"), 422, "validation")
    assert [e["field"] for e in body["errors"]] == ["free_from"]
    assert "offset" in body["errors"][0]["message"]
    body = problem(window(client, naive, naive), 422, "validation")
    assert [e["field"] for e in body["errors"]] == ["free_from", "free_to"]


@pytest.mark.parametrize(
    "bad",
    [
        "tomorrow",
        "1774771200",  # a Unix time is not RFC 3339
        "2026-02-30T10:00:00+01:00",
        "2026-03-29T25:00:00+02:00",
        "2026-13-01T10:00:00+01:00",
        "0000-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+01:00",
        "1899-12-31T23:00:00+00:00",
        "3000-01-01T00:00:00Z",
        "9999-12-31T23:59:59-05:00",
        "99999-01-01T00:00:00Z",
        "2026-03-29T10:00:00+99:00",
        "2026-03-29",
        "",
        "x" * 10_000,
    ],
)
def test_impossible_instants_are_422(client, all_night, bad):
    body = problem(window(client, bad, "2026-03-29T12:00:00+02:00"), 422, "validation")
    assert body["errors"][0]["field"] == "free_from"
    assert body["errors"][0]["message"]


def test_window_rules(client, all_night):
    start, end = "2026-03-29T10:00:00+02:00", "2026-03-29T12:00:00+02:00"
    assert (
        problem(get(client, "/api/v1/spaces", free_from=start), 422, "validation")["errors"][0][
            "field"
        ]
        == "free_to"
    )
    assert (
        problem(get(client, "/api/v1/spaces", free_to=end), 422, "validation")["errors"][0]["field"]
        == "free_from"
    )
    assert problem(window(client, end, start), 422, "validation")["errors"][0]["field"] == "free_to"
    assert (
        problem(window(client, start, start), 422, "validation")["errors"][0]["field"] == "free_to"
    )
    # At most 31 days.
    assert names(window(client, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z")) == ["Lesesal"]
    assert problem(
        window(client, "2026-03-01T00:00:00Z", "2026-04-01T00:01:00Z"), 422, "validation"
    )
    # At the ends of the accepted years, still 2xx, never an overflow.
    assert (
        window(client, "1900-01-01T00:00:00+14:00", "1900-01-01T01:00:00+14:00").status_code == 200
    )
    assert (
        window(client, "2999-12-31T22:00:00-12:00", "2999-12-31T23:00:00-12:00").status_code == 200
    )
