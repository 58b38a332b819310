"""Password sign-in (the staff back office): failed attempts locked out per account and per
client, with the shared counters of `torget.core.ratelimit`.

While either is over its limit, no password is checked at all — the right one neither signs
in nor tells that it was right — and the answer is the same whether the account exists:
names that are not accounts are counted and locked just like real ones. The lock lifts when
the window of the first failure has passed, or when an administrator unlocks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy

from torget.core.ratelimit import clear, client_key, count, current, hit

FAILURES_PER_ACCOUNT = 10
# Per client: more, since one office address may have several staff mistyping, but still
# far too few to try a password list across many accounts.
FAILURES_PER_CLIENT = 30
WINDOW = 15 * 60  # seconds

PREFIX = "torget:rate:password:"
ACCOUNT = PREFIX + "account:"
CLIENT = PREFIX + "client:"

LOCKED_MESSAGE = gettext_lazy(
    "Too many failed sign-ins. Wait 15 minutes and try again, or ask an administrator "
    "to unlock the account."
)


def _normalised(username: str) -> str:
    return username.strip().lower()


def account_key(username: str) -> str:
    # A keyed digest, not the name: people type passwords into the name field too.
    digest = salted_hmac("torget.accounts.lockout", _normalised(username)).hexdigest()[:32]
    return ACCOUNT + digest


def client_key_of(request: HttpRequest) -> str:
    return CLIENT + client_key(request)


def is_locked(request: HttpRequest, username: str) -> bool:
    """True while this account name or this client has failed too often."""
    return (
        count(account_key(username)) >= FAILURES_PER_ACCOUNT
        or count(client_key_of(request)) >= FAILURES_PER_CLIENT
    )


def record_failure(request: HttpRequest, username: str) -> None:
    hit(account_key(username), window=WINDOW)
    hit(client_key_of(request), window=WINDOW)


@dataclass(frozen=True)
class Lock:
    key: str
    kind: str  # "account" or "client"
    label: str  # the account's username, or the client's address
    failures: int
    until: datetime


def locks(usernames: list[str]) -> list[Lock]:
    """The locks in force now. A locked account is named when it is one of `usernames`
    (the accounts that sign in with a password); other names only count."""
    names = {account_key(name): name for name in usernames}
    found: list[Lock] = []
    for row in current(ACCOUNT, at_least=FAILURES_PER_ACCOUNT):
        if row.key in names:
            found.append(Lock(row.key, "account", names[row.key], row.count, row.expires))
    for row in current(CLIENT, at_least=FAILURES_PER_CLIENT):
        found.append(Lock(row.key, "client", row.key[len(CLIENT) :], row.count, row.expires))
    return found


def unlock(*keys: str) -> int:
    """Lift these locks (keys from `locks`); only lockout counters are touched."""
    return clear(*(key for key in keys if key.startswith(PREFIX)))
