"""Sign-in by a one-time link: the link works once, for 15 minutes, and only a POST signs in."""

import re
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache

from torget.accounts.login import RATE_PER_EMAIL, email_link
from torget.accounts.models import User
from torget.notifications.models import Message, MessageStatus

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/logg-inn/[^/\s]+/)(\?next=\S+)?")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()  # rate limits count in the shared cache
    yield
    cache.clear()


def ask_for_link(client, capture, email="ny@example.no", **extra):
    with capture(execute=True):
        response = client.post("/logg-inn/", {"email": email, **extra})
    return response


def link_in(message: Message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1) + (found.group(2) or "")


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_asking_twice_in_the_same_second_sends_one_message(
    client, django_capture_on_commit_callbacks
):
    with mock.patch("django.core.signing.time.time", return_value=time.time()):
        ask_for_link(client, django_capture_on_commit_callbacks)
        ask_for_link(client, django_capture_on_commit_callbacks)
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_new_address_gets_a_user_without_password_and_one_link(
    client, django_capture_on_commit_callbacks
):
    response = ask_for_link(client, django_capture_on_commit_callbacks, email=" Ny@Example.no ")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/sendt/"
    user = User.objects.get(email="ny@example.no")
    assert user.username == "ny@example.no"
    assert not user.has_usable_password()
    message = Message.objects.get()
    assert message.template == "signin.link"
    assert message.sensitive
    assert message.to == "ny@example.no"
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1
    assert link_in(message) in mail.outbox[0].body
    page = client.get("/logg-inn/sendt/")
    assert "ny@example.no" in page.content.decode()


def test_an_invalid_address_is_refused_and_nothing_is_sent(client):
    response = client.post("/logg-inn/", {"email": "not-an-address"})
    assert response.status_code == 422
    assert 'href="#id_email"' in response.content.decode()
    assert not Message.objects.exists()
    assert not User.objects.exists()


def test_get_on_the_link_does_not_sign_in_and_the_post_does(
    client, personas, django_capture_on_commit_callbacks
):
    ask_for_link(client, django_capture_on_commit_callbacks, email=personas.resident.email)
    link = link_in(Message.objects.get())
    page = client.get(link)
    assert page.status_code == 200
    assert signed_in_user_id(client) is None
    html = page.content.decode()
    assert 'method="post"' in html
    assert personas.resident.email in html

    response = client.post(link)
    assert response.status_code == 302
    # Every sign-in lands on the staff home, which sends a resident on to their bookings.
    assert response["Location"] == "/ansatt/"
    assert client.get("/ansatt/")["Location"] == "/booking/mine/"
    assert signed_in_user_id(client) == str(personas.resident.pk)
    assert client.get("/booking/mine/").status_code == 200


def test_the_link_works_once(client, personas, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks, email=personas.resident.email)
    link = link_in(Message.objects.get())
    assert client.post(link).status_code == 302
    client.logout()
    again = client.post(link)
    assert again.status_code == 404
    assert again.context["error"].code == "signin.invalid"
    assert signed_in_user_id(client) is None
    assert client.get(link).status_code == 404


def test_the_link_expires_after_15_minutes(client, personas, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks, email=personas.resident.email)
    link = link_in(Message.objects.get())
    later = time.time() + 15 * 60 + 5
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(link)
    assert response.status_code == 404
    assert response.context["error"].code == "signin.expired"
    assert "15" in response.content.decode()
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    "token", ["999999.1abc.xyz", "garbage", "1.1abc.forged-signature", "9" * 40 + ".a.b"]
)
def test_an_unknown_or_forged_token_is_a_clear_404(client, personas, token):
    response = client.get(f"/logg-inn/{token}/")
    assert response.status_code == 404
    assert response.context["error"].code == "signin.invalid"
    assert client.post(f"/logg-inn/{token}/").status_code == 404
    assert signed_in_user_id(client) is None


def test_a_link_is_bound_to_its_user(client, personas):
    token = email_link.make_token(personas.resident)
    other = str(personas.org_contact.pk)
    forged = other + token[token.index(".") :]
    assert client.post(f"/logg-inn/{forged}/").status_code == 404


def test_asking_too_often_is_rate_limited(client, django_capture_on_commit_callbacks):
    start = time.time()
    for n in range(RATE_PER_EMAIL):
        # A minute apart: each request is a new link (the same second gives the same link).
        with mock.patch("django.core.signing.time.time", return_value=start + 60 * n):
            assert ask_for_link(client, django_capture_on_commit_callbacks).status_code == 302
    response = ask_for_link(client, django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert response["Retry-After"]
    assert Message.objects.count() == RATE_PER_EMAIL
    # Another address is still served.
    other = ask_for_link(client, django_capture_on_commit_callbacks, "annen@example.no")
    assert other.status_code == 302


def test_staff_accounts_get_no_link(client, personas, django_capture_on_commit_callbacks):
    ask_for_link(client, django_capture_on_commit_callbacks, email=personas.desk_holmen.email)
    message = Message.objects.get()
    assert message.template == "signin.staff"
    assert "/staff/login/" in message.body
    assert "/logg-inn/" not in message.body
    token = email_link.make_token(personas.desk_holmen)
    assert client.post(f"/logg-inn/{token}/").status_code == 404


def test_an_inactive_account_gets_nothing(client, personas, django_capture_on_commit_callbacks):
    User.objects.filter(pk=personas.resident.pk).update(is_active=False)
    response = ask_for_link(client, django_capture_on_commit_callbacks, personas.resident.email)
    assert response.status_code == 302  # the same answer: whether an account exists is not told
    assert not Message.objects.exists()


def test_next_is_kept_when_local_and_dropped_when_not(
    client, personas, django_capture_on_commit_callbacks
):
    ask_for_link(
        client, django_capture_on_commit_callbacks, personas.resident.email, next="/booking/"
    )
    link = link_in(Message.objects.get())
    assert "next=%2Fbooking%2F" in link
    assert client.post(link)["Location"] == "/booking/"

    client.logout()
    token = email_link.make_token(User.objects.get(pk=personas.resident.pk))
    response = client.post(f"/logg-inn/{token}/?next=https://evil.example/")
    assert response["Location"] == "/ansatt/"


def test_logout_is_a_post(client, personas):
    client.force_login(personas.resident)
    page = client.get("/logg-ut/")
    assert page.status_code == 200
    assert signed_in_user_id(client) is not None
    response = client.post("/logg-ut/")
    assert response.status_code == 302
    assert signed_in_user_id(client) is None
    assert client.get(response["Location"]).status_code == 200


def test_login_required_pages_send_people_to_the_sign_in_page(client, db):
    response = client.get("/booking/mine/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=")
    page = client.get(response["Location"])
    assert 'name="next" value="/booking/mine/"' in page.content.decode()
