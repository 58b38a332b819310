"""Logs an operator can follow: one id per request (taken from a trusted balancer or made),
on the response and on every log line; JSON lines when TORGET_LOG_FORMAT=json; error reports
to Sentry only when its DSN is set, without personal data."""

import io
import json
import logging
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from torget.core import requestid
from torget.core.logformat import JsonFormatter

ROOT = Path(__file__).resolve().parents[3]


def _serve(request):
    """The middleware around a view that logs a line and notes the id it ran under."""
    seen = {}

    def view(request):
        seen["id"] = requestid.get()
        logging.getLogger("torget.test").warning("inside the view")
        return HttpResponse("ok")

    response = requestid.RequestIdMiddleware(view)(request)
    return response, seen["id"]


def test_every_response_names_its_request_and_the_id_is_bound_while_it_is_served(client, db):
    first = client.get("/healthz")
    second = client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    response, inside = _serve(RequestFactory().get("/"))
    assert inside == response["X-Request-ID"]
    assert requestid.get() is None  # unbound after the request


def test_the_balancers_id_is_kept_and_a_clients_is_not(settings):
    settings.TORGET_TRUSTED_PROXIES = ["10.0.0.5"]
    factory = RequestFactory()
    from_balancer = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_REQUEST_ID="haproxy-7f3a:1")
    assert _serve(from_balancer)[0]["X-Request-ID"] == "haproxy-7f3a:1"
    # A client cannot choose what our logs say: its header is replaced.
    from_client = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_REQUEST_ID="my-own-id")
    assert _serve(from_client)[0]["X-Request-ID"] != "my-own-id"
    # Nor can a balancer pass on a value that would break a log line.
    broken = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_REQUEST_ID="a b\nforged line")
    assert len(_serve(broken)[0]["X-Request-ID"]) == 32


def _capture(kind: str):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(requestid.RequestIdFilter())
    if kind == "json":
        handler.setFormatter(JsonFormatter())
    else:
        from torget.core.logformat import TEXT_FORMAT

        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    logger = logging.getLogger(f"torget.test.{kind}")
    logger.addHandler(handler)
    logger.propagate = False
    return logger, stream


def test_json_lines_carry_the_request_id_the_traceback_and_plain_extras():
    logger, stream = _capture("json")
    with requestid.bind("abc123"):
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("Sending failed", extra={"attempt": 2, "request": object()})
    logger.info("outside")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["level"] == "ERROR" and first["logger"] == "torget.test.json"
    assert first["message"] == "Sending failed" and first["request_id"] == "abc123"
    assert first["attempt"] == 2
    assert "request" not in first  # objects (a request, its cookies) stay out of the log
    assert "ValueError: boom" in first["exception"]
    assert first["time"].endswith("Z")
    assert "request_id" not in second


def test_text_lines_carry_the_request_id_or_a_dash():
    logger, stream = _capture("text")
    with requestid.bind("abc123"):
        logger.warning("inside")
    logger.warning("outside")
    assert stream.getvalue().splitlines() == [
        "WARNING torget.test.text [abc123] inside",
        "WARNING torget.test.text [-] outside",
    ]


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "torget.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_setting_switches_the_whole_site_to_json_lines_and_refuses_a_typo():
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('torget.worker').warning('hei %s', 'der', extra={'job': 7})"
    )
    result = _python(code, TORGET_LOG_FORMAT="json")
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hei der" and line["job"] == 7 and line["level"] == "WARNING"
    result = _python("import django; django.setup()", TORGET_LOG_FORMAT="xml")
    assert result.returncode != 0 and "TORGET_LOG_FORMAT" in result.stderr


def test_sentry_is_started_only_with_a_dsn_and_sends_no_personal_data(monkeypatch):
    from torget.core import errorreports

    calls = []
    fake = types.SimpleNamespace(init=lambda **kwargs: calls.append(kwargs))
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)
    errorreports.init_sentry("https://key@errors.example.no/1", environment="test")
    (options,) = calls
    assert options["dsn"] == "https://key@errors.example.no/1"
    assert options["send_default_pii"] is False
    assert options["max_request_body_size"] == "never"
    event = {
        "request": {
            "url": "https://torget.kommune.no/logg-inn/16.1xagVF.9KfMabcdefghij/",
            "data": {"name": "Kari Nordmann"},
            "cookies": {"sessionid": "x"},
            "query_string": "email=kari@example.no",
            "headers": {"Cookie": "x", "User-Agent": "Firefox", "X-Forwarded-For": "1.2.3.4"},
        },
        "user": {"ip_address": "1.2.3.4"},
    }
    with requestid.bind("abc123"):
        scrubbed = options["before_send"](event, {})
    assert scrubbed["request"] == {
        "url": "https://torget.kommune.no/logg-inn/[token]/",
        "headers": {"User-Agent": "Firefox"},
    }
    assert "user" not in scrubbed and scrubbed["tags"] == {"request_id": "abc123"}


def test_a_dsn_without_the_sdk_stops_the_start_with_that_said(monkeypatch):
    from torget.core import errorreports

    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # import fails
    with pytest.raises(ImproperlyConfigured, match="torget\\[sentry\\]"):
        errorreports.init_sentry("https://key@errors.example.no/1")
