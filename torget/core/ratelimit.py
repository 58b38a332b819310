"""Rate limits on public writes: one counter per key and window, shared by every process.

A hit is one statement — an upsert that starts a new window when the old one has expired —
so concurrent workers count exactly, and a registration or a booking pays one round trip
for it (the database cache it replaces took up to eleven: culling counts, add, incr).
The window starts at a key's first hit, as the cache's timeout did.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.http import HttpRequest
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


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a trusted proxy
    # sets it (a proxy setting is the lead's to add).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limited(request: HttpRequest, scope: str, limit: int, window: int) -> bool:
    """Count one request from this address in `scope`; True when it is over `limit` in
    the window of `window` seconds."""
    return hit(f"torget:rate:{scope}:{client_address(request)}", window=window) > limit
