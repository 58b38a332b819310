"""Password guessing on the back office's sign-in (/staff/login/) is locked out per account
and per client address; administrators see and lift the locks."""

from datetime import timedelta
from unittest import mock

from django.test import Client
from django.utils import timezone

from torget.accounts import lockout

PASSWORD = "demo-passord-123"  # the factories' password
LOGIN = "/staff/login/"
WRONG = "feil-passord"
LOCKED_NB = "For mange mislykkede innlogginger"


def _try(client: Client, username: str, password: str = WRONG):
    return client.post(LOGIN, {"username": username, "password": password})


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_forty_wrong_passwords_lock_the_account_and_the_right_one_does_not_sign_in(personas):
    client = Client()
    answers = [_try(client, "desk-holmen") for _ in range(40)]
    statuses = [a.status_code for a in answers]
    # The tenth failure locks; every answer from then on says so, in Norwegian.
    assert statuses[: lockout.FAILURES_PER_ACCOUNT - 1] == [200] * 9
    assert set(statuses[lockout.FAILURES_PER_ACCOUNT - 1 :]) == {429}
    assert LOCKED_NB in answers[-1].content.decode()
    assert answers[-1]["Retry-After"] == str(lockout.WINDOW)
    right = _try(client, "desk-holmen", PASSWORD)
    assert right.status_code == 429 and not _signed_in(client)
    # Another address is locked out of this account too: the lock is the account's.
    assert _try(Client(REMOTE_ADDR="192.0.2.44"), "desk-holmen", PASSWORD).status_code == 429


def test_the_message_is_in_english_too(personas):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(lockout.FAILURES_PER_ACCOUNT):
        answer = _try(client, "desk-holmen")
    assert "Too many failed sign-ins" in answer.content.decode()


def test_an_account_that_does_not_exist_gets_the_same_answers(personas):
    def answers(username: str) -> list[tuple[int, str]]:
        client = Client(REMOTE_ADDR=f"192.0.2.{len(username)}")
        out = []
        for _ in range(lockout.FAILURES_PER_ACCOUNT + 2):
            response = _try(client, username)
            body = response.content.decode().replace(username, "NAME")
            out.append((response.status_code, body.split('name="csrfmiddlewaretoken"')[0]))
        return out

    # Names of the same length, from addresses of their own.
    assert answers("desk-holmen") == answers("desk-nobody")


def test_the_lock_runs_out(personas):
    client = Client()
    for _ in range(lockout.FAILURES_PER_ACCOUNT):
        _try(client, "desk-holmen")
    assert _try(client, "desk-holmen", PASSWORD).status_code == 429
    later = timezone.now() + timedelta(seconds=lockout.WINDOW + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = _try(client, "desk-holmen", PASSWORD)
    assert response.status_code == 302 and _signed_in(client)


def test_one_address_trying_many_accounts_is_locked(personas):
    client = Client(REMOTE_ADDR="198.51.100.8")
    names = [f"guess-{n}" for n in range(lockout.FAILURES_PER_CLIENT)]
    statuses = [_try(client, name).status_code for name in names]
    assert statuses[-1] == 429 and statuses[0] == 200
    # Even a real account with its right password, from that address.
    assert _try(client, "leder", PASSWORD).status_code == 429 and not _signed_in(client)
    # From elsewhere it signs in.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert _try(other, "leder", PASSWORD).status_code == 302


def test_behind_a_declared_proxy_the_forwarded_client_is_locked(personas, settings):
    settings.TORGET_TRUSTED_PROXIES = ["10.0.0.0/8"]
    attacker = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.20")
    for n in range(lockout.FAILURES_PER_CLIENT):
        _try(attacker, f"guess-{n}")
    assert _try(attacker, "leder", PASSWORD).status_code == 429
    # Another resident behind the same balancer is not.
    colleague = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.21")
    assert _try(colleague, "leder", PASSWORD).status_code == 302


def test_administrators_see_the_locks_and_lift_them(personas):
    for _ in range(lockout.FAILURES_PER_ACCOUNT):
        _try(Client(REMOTE_ADDR="203.0.113.50"), "desk-holmen")
    for n in range(lockout.FAILURES_PER_CLIENT):
        _try(Client(REMOTE_ADDR="203.0.113.60"), f"guess-{n}")
    admin = Client()
    admin.force_login(personas.admin)
    assert "Låste innlogginger" in admin.get("/staff/").content.decode()
    page = admin.get("/staff/lockouts/").content.decode()
    assert "desk-holmen" in page and "203.0.113.60" in page
    assert "guess-" not in page  # names that are not accounts are counted, not listed
    keys = [lock.key for lock in lockout.locks(["desk-holmen"])]
    response = admin.post("/staff/lockouts/", {"key": keys})
    assert response.status_code == 302
    assert "desk-holmen" not in admin.get("/staff/lockouts/").content.decode()
    client = Client(REMOTE_ADDR="203.0.113.50")
    assert _try(client, "desk-holmen", PASSWORD).status_code == 302


def test_only_administrators_reach_the_locks(personas):
    desk = Client()
    desk.force_login(personas.desk_holmen)
    assert desk.get("/staff/lockouts/").status_code == 403
    assert "/staff/lockouts/" not in desk.get("/staff/").content.decode()
    assert Client().get("/staff/lockouts/").status_code == 302  # to the sign-in
