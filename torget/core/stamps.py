"""Change stamps: a cheap "has this changed?" for data that processes keep a copy of.

`stamp_bump(name)` runs inside the transaction that changes the data (signal handlers do
it), so the new token is committed exactly with the change. `stamp_read(name)` is one
primary-key look-up; None means there is no row (a flushed test database), and the caller
then must not trust any copy.
"""

from __future__ import annotations

import uuid

from torget.core.db import run_sql
from torget.core.models import ChangeStamp

TABLE = ChangeStamp._meta.db_table


def stamp_read(name: str) -> str | None:
    # Raw SQL: this runs on every booking request, and the ORM's query building costs
    # more than the look-up itself.
    rows = run_sql(f"SELECT token FROM {TABLE} WHERE name = %s", [name])  # noqa: S608
    return rows[0][0] if rows else None


def stamp_bump(name: str) -> None:
    token = uuid.uuid4().hex
    updated = ChangeStamp.objects.filter(name=name).update(token=token)
    if not updated:
        ChangeStamp.objects.update_or_create(name=name, defaults={"token": token})
