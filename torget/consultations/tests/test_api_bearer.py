"""Issue 17.9: a public endpoint that shows staff more counts a bearer token as it counts
the session. Staff read an unpublished summary with their token; anyone else gets 404."""

import pytest

from torget.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


def test_staff_read_an_unpublished_summary_with_a_bearer_token(client, personas, autumn):
    url = f"/api/v1/consultations/{autumn.pk}/summary"
    assert client.get(url).status_code == 404
    response = client.get(url, **bearer(personas.desk_holmen))
    assert response.status_code == 200
    assert response.json()["id"] == autumn.pk
    # A resident's token is no more than a resident's session.
    assert client.get(url, **bearer(personas.resident)).status_code == 404
    # A token that does not check out is a 401, not a quiet anonymous answer.
    wrong = client.get(url, HTTP_AUTHORIZATION="Bearer not-a-token")
    assert wrong.status_code == 401
    assert wrong["Content-Type"] == "application/problem+json"
    # The session still counts.
    client.force_login(personas.desk_holmen)
    assert client.get(url).status_code == 200


def test_the_document_says_the_summary_takes_a_token_or_nothing(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][
        "/api/v1/consultations/{consultation_id}/summary"
    ]["get"]
    assert operation["security"] == [{"BearerToken": []}, {"Session": []}, {}]
    assert "401" in operation["responses"]
