"""Database helpers: writes that must be serialised, and retried after a deadlock.

Everything else goes through Django's ORM; the few statements it cannot express (the
ledger rollup's increment-on-conflict upsert, advisory locks) run on Django's own cursor
where they are needed (see docs/decisions/)."""

from __future__ import annotations

import fcntl
import functools
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection, transaction

P = ParamSpec("P")
R = TypeVar("R")

_sqlite_writers = threading.Lock()
_turn_files: dict[tuple[int, str], int] = {}
_turn_files_lock = threading.Lock()
DEADLOCK_RETRIES = 3


def _turn_file(database: str) -> int | None:
    """This process's descriptor of the lock file beside a SQLite database file (None for
    an in-memory database). Per process id: a descriptor inherited across a fork shares
    its lock with the parent, so it could not keep the two apart."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    key = (os.getpid(), database)
    fd = _turn_files.get(key)
    if fd is None:
        with _turn_files_lock:
            fd = _turn_files.get(key)
            if fd is None:
                fd = _turn_files[key] = os.open(f"{database}.writer", os.O_RDWR | os.O_CREAT, 0o600)
    return fd


@contextmanager
def sqlite_writer_turn() -> Iterator[None]:
    """On SQLite, let writers take turns before BEGIN IMMEDIATE.

    SQLite serialises writers anyway, but a waiting connection polls with growing sleeps
    (1, 2, 5, 10 … 100 ms), so writers queueing on its file lock wait far longer than the
    few milliseconds a turn takes. A process-wide lock hands the turn between this
    process's threads at once, and an advisory lock on a file beside the database (flock)
    between processes — the web server's workers — where the kernel wakes the next waiter as
    soon as the lock is free. Taken only outside a transaction: inside one this connection
    already holds SQLite's lock.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with _sqlite_writers:
        fd = _turn_file(str(connection.settings_dict["NAME"]))
        if fd is None:
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


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


def advisory_xact_locks(namespace: int, keys: Iterable[int]) -> None:
    """On PostgreSQL, one transaction-level advisory lock per key of this namespace, taken
    in ascending order (so two writers never wait for each other in a circle) and held
    until the commit. The ORM has no way to say it; on SQLite the writer's turn already
    serialises every write. See docs/decisions/0002-advisory-locks.md."""
    ordered = sorted(set(keys))
    if connection.vendor != "postgresql" or not ordered:
        return
    calls = ", ".join(["pg_advisory_xact_lock(%s::integer, %s::integer)"] * len(ordered))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", [v for key in ordered for v in (namespace, key)])
