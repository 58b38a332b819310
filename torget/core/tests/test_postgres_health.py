"""A connection the server closed is replaced before a request uses it, without a round trip
to find out (torget/core/postgres/base.py)."""

import select
import time

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend's own health check"
)


def _driver():
    """The driver's connection under Django's: this file tests the backend's own health
    check, which works on the socket below Django's cursor."""
    return connections["default"].connection


def _terminate(pid: int) -> None:
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_closed_is_replaced_without_an_error():
    connection.ensure_connection()
    assert connection.is_usable()
    old_pid = _driver().info.backend_pid
    _terminate(old_pid)
    deadline = time.monotonic() + 5
    while not select.select([_driver().fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server never closed the connection"
    assert not connection.is_usable()
    # What Django does as a request starts, then the request's first statement.
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid


@pytest.mark.django_db(transaction=True)
def test_a_healthy_idle_connection_is_kept_without_a_statement(monkeypatch):
    connection.ensure_connection()
    pid = _driver().info.backend_pid

    def no_statement(*args, **kwargs):
        raise AssertionError("the health check sent a statement")

    monkeypatch.setattr(_driver(), "cursor", no_statement)
    assert connection.is_usable()
    monkeypatch.undo()
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == pid


@pytest.mark.django_db(transaction=True)
def test_a_token_look_up_after_a_server_restart_gets_a_fresh_connection():
    """The token look-up, a signed-in API call's first statement: after a server restart
    it is answered, not failed."""
    from torget.accounts.models import ApiToken, User

    user = User.objects.create_user("kari", email="kari@example.no")
    _token, raw = ApiToken.issue(user, name="test")
    assert ApiToken.holder(raw) is not None
    old_pid = _driver().info.backend_pid
    _terminate(old_pid)
    deadline = time.monotonic() + 5
    while not select.select([_driver().fileno()], [], [], 0.05)[0]:
        assert time.monotonic() < deadline, "the server never closed the connection"
    connection.health_check_done = False  # as every request starts (request_started)
    found = ApiToken.holder(raw)
    assert found is not None and found[0].pk == user.pk
    assert _driver().info.backend_pid != old_pid
