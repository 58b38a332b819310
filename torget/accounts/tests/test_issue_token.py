"""`manage.py issue_token`: a bearer token printed once, for an existing, active user."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from torget.accounts.api_auth import BearerToken
from torget.accounts.models import ApiToken, hash_token
from torget.accounts.tests.factories import UserFactory


def issue(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("issue_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_the_printed_token_authenticates_the_api(client, personas):
    raw, note = issue("desk-holmen", "--name", "dørsystem")

    token = ApiToken.objects.get(user=personas.desk_holmen)
    assert token.name == "dørsystem"
    assert token.key_hash == hash_token(raw)
    assert raw.startswith(token.prefix)
    assert raw not in note  # standard output holds the token, and only the token

    response = client.get("/api/v1/hubs", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    # /hubs is public, so ask the API's bearer authentication itself too.
    request = RequestFactory().get("/api/v1/hubs", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert BearerToken()(request) == personas.desk_holmen
    wrong = RequestFactory().get("/api/v1/hubs", HTTP_AUTHORIZATION=f"Bearer {raw}x")
    assert BearerToken()(wrong) is None


def test_each_call_issues_a_new_token(db):
    UserFactory(username="kari")
    first, _ = issue("kari")
    second, _ = issue("kari")
    assert first != second
    assert ApiToken.objects.filter(user__username="kari").count() == 2


def test_an_unknown_user_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No user with the username 'ola'"):
        issue("ola")
    assert not ApiToken.objects.exists()


def test_an_inactive_user_gets_no_token(db):
    UserFactory(username="gone", is_active=False)
    with pytest.raises(CommandError, match="inactive"):
        issue("gone")
