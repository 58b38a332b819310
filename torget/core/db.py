"""Database helpers for writes that must be serialised or retried."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection, transaction

P = ParamSpec("P")
R = TypeVar("R")

_sqlite_writers = threading.Lock()
DEADLOCK_RETRIES = 3


@contextmanager
def sqlite_writer_turn() -> Iterator[None]:
    """On SQLite, let this process's threads take turns before BEGIN IMMEDIATE.

    SQLite serialises writers anyway, but a waiting connection polls with growing sleeps,
    so fifty threads queueing on the file lock take seconds per turn. A process-wide lock
    hands the turn over at once; other processes still queue on SQLite's own lock.
    Taken only outside a transaction: inside one this connection already holds the lock.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _sqlite_writers:
        yield


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(getattr(exc, "__cause__", None), "sqlstate", None)


def serialized_write(func: Callable[P, R]) -> Callable[P, R]:
    """One atomic write transaction, serialised on SQLite and retried after a PostgreSQL
    deadlock (40P01) — the caller gets an answer, never a 500 for a lost race."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(DEADLOCK_RETRIES):
            try:
                with sqlite_writer_turn(), transaction.atomic():
                    return func(*args, **kwargs)
            except OperationalError as exc:
                retry = _sqlstate(exc) == "40P01" and not connection.in_atomic_block
                if not retry or attempt == DEADLOCK_RETRIES - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    return wrapper
