"""Change stamps: a cheap "has this changed?" for data that processes keep a copy of.

`stamp_bump(name)` runs inside the transaction that changes the data (signal handlers do
it), so the new token is committed exactly with the change. `stamp_read(name)` is one
primary-key look-up; None means there is no row (a flushed test database), and the caller
then must not trust any copy.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Generic, TypeVar

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


T = TypeVar("T")


class StampedCopy(Generic[T]):
    """This process's copy of some data, filed under the stamp token it was loaded under:
    kept while the token holds, loaded afresh when it moves. One thread loads; the others
    wait for it rather than load too. A None token (no stamp row: a flushed test database)
    is never trusted: the data is loaded and not kept."""

    def __init__(self, load: Callable[[str | None], T]) -> None:
        self._load = load
        self._token: str | None = None
        self._value: T | None = None
        self._lock = threading.Lock()

    def kept(self) -> T | None:
        """The copy as it is, unchecked (None before the first load)."""
        return self._value

    def get(self, token: str | None) -> T:
        value = self._value
        if token is not None and value is not None and self._token == token:
            return value
        with self._lock:
            if token is not None and self._value is not None and self._token == token:
                return self._value
            fresh = self._load(token)
            if token is not None:
                self._token, self._value = token, fresh
            return fresh
