"""The inquiries endpoints of API.md: status codes and problem+json with stable codes."""

import uuid
from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from torget.desk.models import Inquiry
from torget.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

URL = "/api/v1/inquiries"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client, **body):
    body.setdefault("hub", "holmen")
    body.setdefault("topic", "tax")
    body.setdefault("channel", "walk_in")
    return client.post(URL, body, content_type="application/json")


def problem(response) -> dict:
    assert response["Content-Type"].startswith("application/problem+json"), response.content
    return response.json()


def test_topics_for_hub_staff_translated(personas):
    client = client_for(personas.desk_holmen)
    items = client.get(f"{URL}/topics", HTTP_ACCEPT_LANGUAGE="en").json()
    assert items[0] == {"code": "building_guidance", "label": "Building and planning guidance"}
    assert len(items) == 14
    nb = client.get(f"{URL}/topics", HTTP_ACCEPT_LANGUAGE="nb").json()
    assert nb[0]["label"] == "Byggesaksveiledning"


@pytest.mark.parametrize("who,status", [("resident", 403), ("management", 403), (None, 401)])
def test_topics_for_others(personas, who, status):
    client = client_for(getattr(personas, who)) if who else Client()
    assert problem(client.get(f"{URL}/topics"))["status"] == status


def test_log_answers_201_with_the_id_and_200_with_the_same_id_for_a_resend(personas):
    client = client_for(personas.desk_holmen)
    client_id = str(uuid.uuid4())
    an_hour_ago = (timezone.localtime() - timedelta(hours=1)).isoformat()
    first = post(client, client_id=client_id, occurred_at=an_hour_ago)
    assert first.status_code == 201, first.content
    again = post(client, client_id=client_id, occurred_at=an_hour_ago)
    assert again.status_code == 200
    assert again.json() == first.json() == {"id": Inquiry.objects.get().pk}
    assert LedgerEntry.objects.count() == 1


def test_log_with_bearer_token_and_all_optional_fields(personas):
    from torget.accounts.models import ApiToken

    _token, secret = ApiToken.issue(personas.desk_tofte)
    response = Client().post(
        URL,
        {
            "hub": "tofte",
            "topic": "housing",
            "channel": "video",
            "resolved_at_desk": False,
            "referred_to": "Boligkontoret",
            "duration": "5_15",
            "note": "",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201, response.content
    inquiry = Inquiry.objects.get()
    assert (inquiry.referred_to, inquiry.duration, inquiry.resolved_at_desk) == (
        "Boligkontoret",
        "5_15",
        False,
    )


def test_desk_tofte_cannot_log_at_holmen(personas):
    response = post(client_for(personas.desk_tofte))
    assert response.status_code == 403
    assert problem(response)["code"] == "permission_denied"
    assert not Inquiry.objects.exists()


def test_anonymous_gets_401(personas):
    assert problem(post(Client()))["code"] == "not_authenticated"


@pytest.mark.parametrize(
    "body,field",
    [
        ({"hub": "atlantis"}, "hub"),
        ({"topic": "astrology"}, "topic"),
        ({"channel": "pigeon"}, "channel"),
        ({"occurred_at": "2026-11-24T10:00:00"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"note": "x" * 10_000}, "note"),
        ({"hub": "Ø" * 3}, "hub"),
    ],
)
def test_bad_input_is_422_on_its_field(personas, body, field):
    response = post(client_for(personas.desk_holmen), **body)
    assert response.status_code == 422, response.content
    body = problem(response)
    assert body["code"] == "validation"
    assert field in [e["field"] for e in body["errors"]]
    assert not Inquiry.objects.exists()


def test_malformed_json_is_a_problem_not_a_500(personas):
    response = client_for(personas.desk_holmen).post(
        URL, "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    problem(response)


def test_undo_by_delete_answers_204_then_404(personas):
    client = client_for(personas.desk_holmen)
    inquiry_id = post(client).json()["id"]
    assert client.delete(f"{URL}/{inquiry_id}").status_code == 204
    assert not LedgerEntry.objects.exists()
    assert problem(client.delete(f"{URL}/{inquiry_id}"))["code"] == "not_found"


def test_undo_of_someone_elses_inquiry_is_403(personas):
    inquiry_id = post(client_for(personas.desk_holmen)).json()["id"]
    response = client_for(personas.leader).delete(f"{URL}/{inquiry_id}")
    assert problem(response)["code"] == "inquiry.not_yours"
    assert response.status_code == 403


def test_undo_after_ten_minutes_is_409_undo_expired(personas):
    client = client_for(personas.desk_holmen)
    inquiry_id = post(client).json()["id"]
    later = timezone.now() + timedelta(minutes=11)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.delete(f"{URL}/{inquiry_id}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    body = problem(response)
    assert body["code"] == "inquiry.undo_expired"
    assert "10 minutes" in body["detail"]


def test_session_writes_need_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.desk_holmen)
    response = post(client)
    assert response.status_code == 403
    client.get("/skranke/holmen/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(
        URL,
        {"hub": "holmen", "topic": "tax", "channel": "walk_in"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201


def test_today_counts_per_topic(personas):
    client = client_for(personas.desk_holmen)
    post(client, topic="tax")
    post(client, topic="tax")
    post(client, topic="nav")
    post(client_for(personas.desk_tofte), hub="tofte", topic="tax")
    body = client.get(f"{URL}/today?hub=holmen").json()
    assert body["hub"] == "holmen"
    assert body["total"] == 3
    assert body["by_topic"]["tax"] == 2
    assert body["by_topic"]["nav"] == 1
    assert body["by_topic"]["other"] == 0
    assert len(body["by_topic"]) == 14


def test_today_counts_are_for_the_hubs_staff(personas):
    response = client_for(personas.desk_tofte).get(f"{URL}/today?hub=holmen")
    assert problem(response)["status"] == 403
    response = client_for(personas.desk_tofte).get(f"{URL}/today?hub=atlantis")
    assert problem(response)["status"] == 404
