"""Schemathesis against the OpenAPI document: no 5xx, no status the document does not
declare, every response as the document says, and no body that breaks the schema accepted.

Runs the Django WSGI application in-process, inside the test's database transaction, with
a few hubs and spaces present. On CI the examples are derandomised (the same inputs every
run); locally each run explores new ones.
"""

import os
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from urllib.parse import quote, urlencode

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from torget.core.schemas import ProblemOut
from torget.places.codes import Feature, HoursKind, ModuleCode
from torget.places.models import Module, OpeningException, OpeningHoursRule, SpaceFeature
from torget.places.schemas import HubDetailOut, HubPage, SpacePage
from torget.places.tests.factories import HubFactory, SpaceFactory

CHECKS = [
    not_a_server_error,
    # Issue 16.9: 400 on a NUL byte in a body and 422 on some paths were not declared.
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    # Issue 16.9: numbers accepted as date-times (`"start": 0` made a block from 1970).
    negative_data_rejection,
]
# Examples per operation: enough to find a class of mistake, few enough for a 2-core CI.
EXAMPLES = 30


@pytest.fixture
def fuzz_data(db):
    holmen = HubFactory.with_hours("Holmen")
    tofte = HubFactory.with_hours("Tofte")
    Module.objects.create(hub=holmen, code=ModuleCode.LIBRARY)
    SpaceFactory.meeting_room(holmen)
    hall, _north, _south = SpaceFactory.hall_with_halves(holmen)
    SpaceFeature.objects.create(space=hall, code=Feature.STAGE)
    studio = SpaceFactory(hub=tofte, name="Studio", capacity=4)
    OpeningHoursRule.objects.create(
        hub=tofte,
        space=studio,
        kind=HoursKind.SELF_SERVICE,
        weekday=6,
        opens=time(0),
        closes=time(0),
    )
    OpeningException.objects.create(hub=tofte, date=date(2026, 12, 24), reason="Julaften")
    return holmen, tofte


@pytest.fixture
def in_transaction_app() -> Iterator[None]:
    """Keep the test's connection (and its transaction) across the app's requests, as
    Django's test client does: the WSGI handler would otherwise close it after each one."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# Loaded at collection (the document needs no database): one test per operation.
# (`schemathesis.pytest.from_fixture` would load it per test, but fails on pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@pytest.mark.usefixtures("fuzz_data", "in_transaction_app")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # nothing written into the work tree
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_keeps_its_schema(case):
    response = case.call(headers={"Accept-Language": "en"})
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        assert response.headers["content-type"] == ["application/problem+json"]
        body = response.json()
        assert body["status"] == response.status_code
        assert body["code"]


@pytest.fixture
def staff_token(fuzz_data) -> str:
    from torget.accounts.models import ApiToken, RoleKind
    from torget.accounts.tests.factories import UserFactory

    holmen, _tofte = fuzz_data
    return ApiToken.issue(UserFactory.with_role("fuzz-desk", RoleKind.DESK_STAFF, hub=holmen))[1]


# The signed-in operations again as desk staff, so that bodies and parameters reach the
# services (anonymous, they stop at 401): bookings, blocks, the agenda's `date`, inquiries,
# office hours, consultations, the key figures' `from`/`to` and the scenarios (403 for desk staff),
# the agreements and a shift's sign-ups (403: desk staff are not volunteers), meråpent's
# agreements and a hub's grants (not the lock bridge's check and events: signed, not staff).
SIGNED_IN = (
    "bookings|booking-series|blocked-periods|feeds|agenda|inquiries|office-hours"
    "|consultations|reports|scenarios|agreements|volunteering|access/hubs"
)


@schema.include(path_regex=SIGNED_IN).parametrize()
@pytest.mark.usefixtures("in_transaction_app")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=list(HealthCheck),
)
def test_signed_in_writes_never_fail(case, staff_token):
    response = case.call(
        headers={"Accept-Language": "en", "Authorization": f"Bearer {staff_token}"}
    )
    case.validate_response(response, checks=CHECKS)
    assert response.status_code != 401
    if response.status_code >= 400:
        assert response.headers["content-type"] == ["application/problem+json"]


# --- Hypothesis on the query strings themselves ---------------------------------------------
# Schemathesis draws values from the document; these draw what a person types into a URL:
# windows anywhere in the calendar (its ends included), in every spelling of an offset,
# and raw strings in every parameter.

OFFSETS = st.one_of(
    st.just("Z"),
    st.integers(-18 * 60, 18 * 60).map(
        lambda m: f"{'+' if m >= 0 else '-'}{abs(m) // 60:02d}:{abs(m) % 60:02d}"
    ),
    st.integers(-14, 14).map(lambda h: f"{'+' if h >= 0 else '-'}{abs(h):02d}00"),
    st.integers(0, 14).map(lambda h: f" {h:02d}:00"),  # a "+" that arrived as a space
    st.just(""),  # no offset: 422
)


# The ends of the calendar and of the accepted years, and the nights the clocks change.
EDGES = [
    datetime(1, 1, 1),
    datetime(1, 1, 2, 12),
    datetime(1899, 12, 31, 23, 59, 59),
    datetime(1900, 1, 1),
    datetime(2026, 3, 29, 1, 59, 59),
    datetime(2026, 3, 29, 2, 30),
    datetime(2026, 10, 25, 2, 30),
    datetime(2999, 12, 31, 23, 59, 59),
    datetime(3000, 1, 1),
    datetime(9999, 12, 30),
    datetime(9999, 12, 31, 23, 59, 59),
]


@st.composite
def instants(draw) -> str:
    moment = draw(
        st.one_of(
            st.sampled_from(EDGES),
            st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
        )
    )
    separator = draw(st.sampled_from(["T", "t", " "]))
    text = (
        moment.strftime(f"%Y-%m-%d{separator}%H:%M:%S")
        if moment.year >= 1000
        else (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}{separator}{moment:%H:%M:%S}")
    )
    return text + draw(OFFSETS)


@st.composite
def windows(draw) -> tuple[str, str]:
    start = draw(instants())
    if draw(st.booleans()):
        return start, draw(instants())
    # A window of up to 32 days after a start, same offset: mostly valid.
    length = draw(st.integers(-3600, 32 * 24 * 3600))
    base = start[:19]
    offset = start[19:]
    try:
        parsed = datetime.strptime(base.replace("t", "T").replace(" ", "T", 1), "%Y-%m-%dT%H:%M:%S")
        end = parsed + timedelta(seconds=length)
    except (ValueError, OverflowError):
        return start, start
    return start, f"{end.year:04d}-{end:%m-%dT%H:%M:%S}{offset}"


PARAMS = ["limit", "offset", "hub", "min_capacity", "feature", "free_from", "free_to"]
VALUES = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["holmen", "tofte", "wifi", "projector", "", "0", "-0", "1e9", "null", "true"]),
    st.text(alphabet="0123456789-:+TZ .", max_size=40),
)


def _check(response, page_model) -> None:
    assert response.status_code < 500, response.content
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        ProblemOut.model_validate_json(response.content)
    else:
        assert response.status_code == 200
        page_model.model_validate_json(response.content)


FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    derandomize=os.environ.get("CI") == "true",
    suppress_health_check=list(HealthCheck),
)


@FUZZ
@given(window=windows(), extra=st.dictionaries(st.sampled_from(PARAMS[:5]), VALUES, max_size=2))
# Found on PostgreSQL: an offset beyond ±15:59 (RFC 3339 allows it, PostgreSQL does not).
@example(window=("1900-01-01T00:00:00-17:50", "1900-01-01T02:00:00-17:50"), extra={})
def test_space_windows_never_fail(client, fuzz_data, window, extra):
    params = {**extra, "free_from": window[0], "free_to": window[1]}
    _check(client.get("/api/v1/spaces?" + urlencode(params, quote_via=quote)), SpacePage)


@FUZZ
@given(
    path=st.sampled_from(["/api/v1/spaces", "/api/v1/hubs"]),
    params=st.lists(
        st.tuples(st.one_of(st.sampled_from(PARAMS), st.text(max_size=10)), VALUES), max_size=5
    ),
)
def test_any_query_string_never_fails(client, fuzz_data, path, params):
    page = SpacePage if path.endswith("spaces") else HubPage
    _check(client.get(path + "?" + urlencode(params, quote_via=quote)), page)


@FUZZ
@given(
    slug=st.one_of(st.text(max_size=200), st.sampled_from(["holmen", "tofte", "HOLMEN", "holmen/"]))
)
def test_any_slug_never_fails(client, fuzz_data, slug):
    response = client.get("/api/v1/hubs/" + quote(slug, safe=""))
    assert response.status_code in (200, 404), response.content
    _check(response, HubDetailOut)
