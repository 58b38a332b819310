"""Change stamps: a cheap "has this changed?" for data that processes keep a copy of.

`stamp_bump(name)` runs inside the transaction that changes the data (signal handlers do
it), so the new token is committed exactly with the change. `stamp_read(name)` is one
primary-key look-up; None means there is no row (a flushed test database), and the caller
then must not trust any copy.
"""

from __future__ import annotations

import uuid

from torget.core.models import ChangeStamp


def stamp_read(name: str) -> str | None:
    return ChangeStamp.objects.filter(name=name).values_list("token", flat=True).first()


def stamps_read(names: list[str]) -> dict[str, str]:
    """Several stamps in one statement; a name without a row is left out."""
    return dict(ChangeStamp.objects.filter(name__in=names).values_list("name", "token"))


def stamp_bump(name: str) -> None:
    token = uuid.uuid4().hex
    updated = ChangeStamp.objects.filter(name=name).update(token=token)
    if not updated:
        ChangeStamp.objects.update_or_create(name=name, defaults={"token": token})
