"""X-Forwarded-Proto is believed only from the proxies in TORGET_TRUSTED_PROXIES (issue 16):
a client that writes it itself is not taken to have come over https — it is still sent to
https when the site requires it, and gets no HSTS meant for https answers."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from torget.core.middleware import UntrustedForwardingMiddleware

PROXY = "10.0.0.5"
STRANGER = "203.0.113.9"
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture
def behind_a_proxy(settings):
    settings.TORGET_TRUSTED_PROXIES = ["10.0.0.0/24"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    return settings


def seen_as_secure(remote: str, **headers) -> bool:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    answer = UntrustedForwardingMiddleware(lambda r: HttpResponse(str(r.is_secure())))(request)
    return answer.content == b"True"


@pytest.mark.django_db
def test_a_forged_header_from_a_client_is_not_believed(behind_a_proxy):
    answer = Client(REMOTE_ADDR=STRANGER).get("/ping", **HTTPS)

    assert answer.status_code == 301
    assert answer["Location"] == "https://testserver/ping"
    assert not seen_as_secure(STRANGER, **HTTPS)


@pytest.mark.django_db
def test_the_declared_proxys_header_is_believed(behind_a_proxy):
    answer = Client(REMOTE_ADDR=PROXY).get("/ping", **HTTPS)

    assert answer.status_code == 200
    assert answer["Strict-Transport-Security"].startswith("max-age=3600")
    assert seen_as_secure(PROXY, **HTTPS)


@pytest.mark.django_db
def test_the_declared_proxys_plain_http_is_sent_to_https(behind_a_proxy):
    answer = Client(REMOTE_ADDR=PROXY).get("/ping", HTTP_X_FORWARDED_PROTO="http")
    assert answer.status_code == 301


def test_without_declared_proxies_nobody_is_believed(settings):
    settings.TORGET_TRUSTED_PROXIES = []
    assert not seen_as_secure("127.0.0.1", **HTTPS)
    assert not seen_as_secure(PROXY, **HTTPS)


def test_forwarded_host_and_port_are_dropped_too(settings):
    settings.TORGET_TRUSTED_PROXIES = [PROXY]
    settings.USE_X_FORWARDED_HOST = True
    settings.ALLOWED_HOSTS = ["*"]
    hosts = []
    for remote in (STRANGER, PROXY):
        request = RequestFactory().get(
            "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_HOST="evil.example"
        )
        UntrustedForwardingMiddleware(lambda r: hosts.append(r.get_host()) or HttpResponse())(
            request
        )
    assert hosts == ["testserver", "evil.example"]
