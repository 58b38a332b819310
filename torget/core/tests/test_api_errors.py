"""Every error under /api/ is RFC 9457 problem+json with a stable code, never a bare 500."""

import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone, translation

from torget.accounts.api_auth import BearerToken
from torget.accounts.models import ApiToken
from torget.accounts.tests.factories import UserFactory
from torget.core.errors import Conflict, DomainError, ValidationFailed
from torget.core.problems import error_field, problem_response, validation_errors

pytestmark = pytest.mark.django_db

PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "errors"}


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"/problems/{code}"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(e) == {"field", "message"} for e in body["errors"])
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/",
        "/api/v1/",
        "/api/v1/nope",
        "/api/v2/hubs",
        "/api/v1/hubs/",  # no trailing slash in the API
        "/api/v1/hubs/holmen/spaces",
        "/api/v1/codes/nope",
        "/api/v1/spaces/1",
        "/api/" + "x" * 5000,
    ],
)
def test_unknown_paths_under_api_are_404_problems(client, path):
    body = problem(client.get(path), 404, "not_found")
    assert body["errors"] == []


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("post", "/api/v1/hubs", "GET"),
        ("put", "/api/v1/hubs/holmen", "GET"),
        ("delete", "/api/v1/hubs/holmen", "GET"),
        ("patch", "/api/v1/spaces", "GET"),
        ("post", "/api/v1/codes/features", "GET"),
        ("delete", "/api/v1/codes", "GET"),
    ],
)
def test_wrong_method_is_405_problem_with_allow(client, method, path, allow):
    response = getattr(client, method)(path, data="{}", content_type="application/json")
    problem(response, 405, "method_not_allowed")
    assert response["Allow"] == allow


def test_problem_follows_accept_language(client):
    nb = client.get("/api/v1/nope")
    assert nb["Content-Language"] == "nb"  # the default
    en = client.get("/api/v1/nope", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert en["Content-Language"] == "en"
    assert problem(en, 404, "not_found")["title"] == "Not found"
    # A language we do not have falls back to Norwegian.
    assert client.get("/api/v1/nope", HTTP_ACCEPT_LANGUAGE="de")["Content-Language"] == "nb"
    # Codes and the document's shape do not depend on the language.
    assert set(problem(nb, 404, "not_found")) == set(problem(en, 404, "not_found"))


def test_validation_problem_lists_each_field(client):
    response = client.get(
        "/api/v1/spaces?limit=0&min_capacity=-5&feature=nope", HTTP_ACCEPT_LANGUAGE="en"
    )
    body = problem(response, 422, "validation")
    assert body["title"] == "Invalid input"
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert set(fields) == {"limit", "min_capacity", "feature.0"}
    assert fields["limit"] == "Must be at least 1."
    assert fields["min_capacity"] == "Must be at least 0."


@pytest.mark.parametrize(
    "query",
    [
        "limit=" + "9" * 5000,
        "limit=1e3",
        "limit=%00",
        "limit=NaN",
        "limit=true",
        "offset=-0.5",
        "min_capacity=" + "1" * 100,
        "hub=" + "h" * 100_000,
        "hub=%F0%9F%92%A9",
        "hub=%FF%FE",
        "feature=" + "&feature=".join(["wifi"] * 13),
        "feature=" + "x" * 10_000,
        "free_from=" + "2" * 10_000 + "&free_to=2026-01-01T00:00:00Z",
        "free_from=2026-01-01T00:00:00Z&free_to=%00",
        "free_from=-2026-01-01T00:00:00Z&free_to=2026-01-02T00:00:00Z",
        "free_from=2026-01-01T00:00:00.9999999999999Z&free_to=2026-01-02T00:00:00Z",
    ],
)
def test_absurd_query_values_are_4xx_problems(client, query):
    client.raise_request_exception = True
    response = client.get(f"/api/v1/spaces?{query}")
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/problem+json"


def test_many_query_fields_are_4xx(client, settings):
    # Django refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields (a SuspiciousOperation).
    query = "&".join(f"x{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 10))
    response = client.get(f"/api/v1/hubs?{query}")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_query_parameters_are_ignored(client):
    assert client.get("/api/v1/hubs?colour=blue").status_code == 200


def test_an_unexpected_error_is_a_500_problem_without_details(client):
    client.raise_request_exception = False
    with mock.patch(
        "torget.places.selectors.hub_summaries", side_effect=RuntimeError("secret detail")
    ):
        response = client.get("/api/v1/hubs", HTTP_ACCEPT_LANGUAGE="en")
    body = problem(response, 500, "server_error")
    assert "secret" not in response.content.decode()
    assert body["errors"] == []


def test_domain_errors_become_problems(client, rf):
    class Clash(Conflict):
        code = "booking.conflict"

    with mock.patch(
        "torget.places.selectors.hub_summaries",
        side_effect=Clash(
            errors=[{"field": "start", "message": "taken"}],
            extra={
                "clashes": [
                    {"start": "2026-01-12T10:00:00+01:00", "end": "2026-01-12T11:00:00+01:00"}
                ]
            },
        ),
    ):
        response = client.get("/api/v1/hubs", HTTP_ACCEPT_LANGUAGE="en")
    body = problem(response, 409, "booking.conflict")
    assert body["errors"] == [{"field": "start", "message": "taken"}]
    assert body["clashes"] == [
        {"start": "2026-01-12T10:00:00+01:00", "end": "2026-01-12T11:00:00+01:00"}
    ]
    assert body["detail"] == "This conflicts with something that already exists."


def test_extension_members_never_replace_standard_ones(rf):
    response = problem_response(
        rf.get("/api/v1/x"),
        status=422,
        code="validation",
        detail="d",
        extra={"status": 200, "hint": "h"},
    )
    body = json.loads(response.content)
    assert body["status"] == 422
    assert body["hint"] == "h"


def test_domain_error_default_message_is_translated_at_response_time(client):
    with mock.patch("torget.places.selectors.hub_summaries", side_effect=ValidationFailed()):
        en = client.get("/api/v1/hubs", HTTP_ACCEPT_LANGUAGE="en")
    assert problem(en, 422, "validation")["detail"] == "Some fields are not valid."
    with mock.patch("torget.places.selectors.hub_summaries", side_effect=DomainError()):
        problem(client.get("/api/v1/hubs"), 400, "domain_error")


def test_malformed_json_and_csrf_are_problems(client):
    # No write endpoint yet: a body sent to a GET-only address is a 405, whatever it holds.
    response = client.post("/api/v1/hubs", data="{not json", content_type="application/json")
    problem(response, 405, "method_not_allowed")
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post("/api/v1/hubs", data="{}", content_type="application/json")
    assert response["Content-Type"] == "application/problem+json"
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize(
    ("loc", "field"),
    [
        (("query", "limit"), "limit"),
        (("query", "feature", 1), "feature.1"),
        (("body", "payload", "items", 0, "start"), "items.0.start"),
        (("path", "slug"), "slug"),
        ((), ""),
    ],
)
def test_error_field_names(loc, field):
    assert error_field(loc) == field


def test_validation_messages_fall_back_to_pydantic_for_unknown_types():
    errors = validation_errors(
        [
            {"type": "weird_new_type", "loc": ("query", "x"), "msg": "Something odd"},
            {"type": "greater_than_equal", "loc": ("query", "n"), "msg": "…", "ctx": {"ge": 3}},
            {
                "type": "value_error",
                "loc": ("body", "a"),
                "msg": "Value error, bad",
                "ctx": {"error": "bad"},
            },
        ]
    )
    assert errors[0] == {"field": "x", "message": "Something odd"}
    assert errors[1]["field"] == "n" and "3" in errors[1]["message"]
    assert errors[2] == {"field": "a", "message": "bad"}


# --- Bearer tokens (for the signed-in endpoints to come) -----------------------------------


def _request(token: str) -> HttpRequest:
    request = HttpRequest()
    request.META["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return request


def test_bearer_token_authenticates_its_user():
    user = UserFactory(username="kari")
    token, raw = ApiToken.issue(user, name="integration")
    request = _request(raw)
    assert BearerToken()(request) == user
    assert request.user == user
    token.refresh_from_db()
    assert token.last_used is not None


def test_bearer_token_refused_when_unknown_revoked_or_user_inactive():
    user = UserFactory(username="ola")
    token, raw = ApiToken.issue(user)
    assert BearerToken()(_request("tg_not-a-token")) is None
    assert BearerToken()(_request("x" * 10_000)) is None
    token.revoked = True
    token.save()
    assert BearerToken()(_request(raw)) is None
    token.revoked = False
    token.save()
    user.is_active = False
    user.save()
    assert BearerToken()(_request(raw)) is None


def test_bearer_token_last_used_is_written_at_most_once_a_minute():
    user = UserFactory(username="per")
    token, raw = ApiToken.issue(user)
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=token.pk).update(last_used=recent)
    BearerToken()(_request(raw))
    token.refresh_from_db()
    assert token.last_used == recent


# --- Code lists ------------------------------------------------------------------------------


def test_code_lists_are_listed_with_their_addresses(client):
    from torget.site.api import CODE_LISTS

    response = client.get("/api/v1/codes", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    lists = response.json()
    assert [entry["code"] for entry in lists] == list(CODE_LISTS)
    assert {"modules", "features", "zones", "space-kinds", "organiser-types"} <= set(CODE_LISTS)
    for entry in lists:
        assert entry["url"] == f"/api/v1/codes/{entry['code']}"
        assert entry["label"]
        assert client.get(entry["url"]).status_code == 200


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_code_list_labels_follow_accept_language(client, lang):
    from torget.site.api import CODE_LISTS

    for name, entry in CODE_LISTS.items():
        response = client.get(f"/api/v1/codes/{name}", HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 200
        assert response["Content-Language"] == lang
        with translation.override(lang):
            expected = [
                {"code": value, "label": str(label)} for value, label in entry.choices.choices
            ]
        assert response.json() == expected
        for item in expected:  # stable snake_case English words
            assert re.fullmatch(r"[a-z]+(_[a-z]+)*", item["code"]), item["code"]
    with translation.override(lang):
        expected_titles = [str(entry.label) for entry in CODE_LISTS.values()]
    titles = [e["label"] for e in client.get("/api/v1/codes", HTTP_ACCEPT_LANGUAGE=lang).json()]
    assert titles == expected_titles


def test_head_and_options_are_not_errors_of_ours(client):
    for method in ("head", "options"):
        response = getattr(client, method)("/api/v1/hubs")
        assert response.status_code < 500
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json"
