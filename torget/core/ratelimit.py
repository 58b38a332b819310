"""Rate limits on public writes: one counter per key and window, shared by every process.

A hit is one statement — an upsert that starts a new window when the old one has expired —
so concurrent workers count exactly, and a registration or a booking pays one round trip
for it (the database cache it replaces took up to eleven: culling counts, add, incr).
The window starts at a key's first hit, as the cache's timeout did.

Every limit counts per client, and `client_address` is the one place that names the client:
the connection's address, or — behind the proxies the deployment declares in
`TORGET_TRUSTED_PROXIES`, and only then — the address they forwarded in X-Forwarded-For.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from torget.core.db import sqlite_writer_turn
from torget.core.models import RateCount

TABLE = RateCount._meta.db_table
# Expired counters are swept when a new window starts, at most this old, so the table stays
# about as large as the number of clients seen in a day.
SWEEP_AFTER = timedelta(days=1)

# Double-quoted names: both SQLite and PostgreSQL take them.
UPSERT = (
    f'INSERT INTO "{TABLE}" ("key", "count", "expires") VALUES (%s, 1, %s) '  # noqa: S608
    'ON CONFLICT ("key") DO UPDATE SET '
    f'"count" = CASE WHEN "{TABLE}"."expires" <= %s THEN 1 ELSE "{TABLE}"."count" + 1 END, '
    f'"expires" = CASE WHEN "{TABLE}"."expires" <= %s THEN excluded."expires" '
    f'ELSE "{TABLE}"."expires" END '
    'RETURNING "count"'
)
SWEEP = f'DELETE FROM "{TABLE}" WHERE "expires" < %s'  # noqa: S608


def hit(key: str, *, window: int) -> int:
    """Count one hit of `key`; returns the hits in its window so far, this one included."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    # A write: on SQLite it takes its turn with the other writers (see core.db).
    with sqlite_writer_turn(), connection.cursor() as cursor:
        cursor.execute(
            UPSERT,
            [key[:200], adapt(now + timedelta(seconds=window)), adapt(now), adapt(now)],
        )
        count = cursor.fetchone()[0]
        if count == 1:
            cursor.execute(SWEEP, [adapt(now - SWEEP_AFTER)])
    return count


def count(key: str) -> int:
    """The hits of `key` in its current window, without counting one (0 when expired)."""
    counts = RateCount.objects.filter(key=key[:200], expires__gt=timezone.now())
    found = list(counts.values_list("count", flat=True)[:1])  # the key is unique
    return found[0] if found else 0


def current(prefix: str, *, at_least: int = 1) -> list[RateCount]:
    """The unexpired counters whose key starts with `prefix` and that have at least
    `at_least` hits, most recent window first."""
    return list(
        RateCount.objects.filter(
            key__startswith=prefix, count__gte=at_least, expires__gt=timezone.now()
        ).order_by("-expires")
    )


def clear(*keys: str) -> int:
    """Forget these counters (an administrator lifting a lock); how many there were."""
    return RateCount.objects.filter(key__in=[k[:200] for k in keys]).delete()[0]


@lru_cache(maxsize=8)
def _networks(declared: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(item, strict=False) for item in declared)


def _bare(hop: str) -> str:
    """An address as proxies write it, without brackets or a port ("[::1]:80", "1.2.3.4:80")."""
    hop = hop.strip()
    if hop.startswith("["):
        return hop[1:].split("]", 1)[0]
    if hop.count(":") == 1:
        return hop.split(":", 1)[0]
    return hop


def _trusted(address: str, networks: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from a proxy declared in `TORGET_TRUSTED_PROXIES`: the
    one rule for which X-Forwarded-* headers are believed (here, and the scheme in
    `core.middleware.UntrustedForwardingMiddleware`)."""
    networks = _networks(tuple(settings.TORGET_TRUSTED_PROXIES))
    return bool(networks) and _trusted(request.META.get("REMOTE_ADDR", ""), networks)


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent this request: the only function that reads it.

    X-Forwarded-For is whatever the client says, unless a proxy we trust wrote it. So the
    header is read only when the connection comes from a declared proxy, from the right:
    each trusted proxy's hop is skipped, and the first hop that is not one of ours is the
    client (what stands left of it, the client wrote itself). No proxies declared (the
    default): the connection's address, whatever the header says.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if from_trusted_proxy(request):
        networks = _networks(tuple(settings.TORGET_TRUSTED_PROXIES))
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [_bare(hop) for hop in forwarded.split(",") if hop.strip()]
        while hops and _trusted(address, networks):
            address = hops.pop()
    return address[:100] or "unknown"


def client_key(request: HttpRequest) -> str:
    """What a limit counts the client by: its address, or for IPv6 its /64 (one household's
    or one server's network, where a new address costs the client nothing)."""
    address = client_address(request)
    try:
        ip = ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        mapped = ip.ipv4_mapped  # type: ignore[union-attr]
        if mapped is not None:
            return str(mapped)
        return str(ip_network(f"{ip}/64", strict=False))
    return str(ip)


def rate_limited(request: HttpRequest, scope: str, limit: int, window: int) -> bool:
    """Count one request from this client in `scope`; True when it is over `limit` in
    the window of `window` seconds."""
    return hit(f"torget:rate:{scope}:{client_key(request)}", window=window) > limit


def too_many(request: HttpRequest, window: int) -> HttpResponse:
    """The page for a client over a limit: 429, and when to try again."""
    response = render(
        request, "core/rate_limited.html", {"minutes": max(1, window // 60)}, status=429
    )
    response["Retry-After"] = str(window)
    return response


@dataclass(frozen=True)
class Limit:
    """At most `per_window` requests from one client in `window` seconds, in `scope`."""

    scope: str
    per_window: int
    window: int

    def exceeded(self, request: HttpRequest) -> bool:
        """Count this request; True when it is over the limit."""
        return rate_limited(request, self.scope, self.per_window, self.window)


# Changes through a private link (cancel or move an appointment, cancel a registration, use a
# sign-in link). Its key cannot be guessed, but every try is counted all the same, so nobody
# tries keys, or has messages sent again and again, without end.
PRIVATE_LINK = Limit("private-link", 30, 10 * 60)
