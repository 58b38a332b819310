"""Database helpers: writes that must be serialised or retried, and the hot path's inserts
and look-ups with statements made once."""

from __future__ import annotations

import fcntl
import functools
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection, models, transaction
from django.db.models.signals import post_save, pre_save

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)

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


def insert_row(obj: models.Model) -> None:
    """Insert a new row as `obj.save(force_insert=True)` would — defaults and `pre_save`
    (so `auto_now_add` is set), the primary key read back — with a statement made from
    the model's fields once.

    For the booking service's hot path, where building Django's insert cost more than
    running it. Model signals are sent as `save()` sends them, but a `save()` override is
    not run: use it only for models without one (core/tests/test_insert_row.py checks the
    ones that use it).
    """
    insert_rows([obj])


INSERT_BATCH = 500


def insert_rows(objs: Sequence[models.Model]) -> None:
    """`insert_row` for many new rows of one model: one statement per 500 rows, as
    `bulk_create` would, each object given its primary key (in order, as Django's own
    bulk insert relies on for both databases) and its signals, as `save()` would."""
    if not objs:
        return
    model = type(objs[0])
    if pre_save.has_listeners(model):
        for obj in objs:
            pre_save.send(
                sender=model, instance=obj, raw=False, using=connection.alias, update_fields=None
            )
    head, fields = _insert_statement(model)
    row_marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    prepare = [f.get_db_prep_save for f in fields]
    for offset in range(0, len(objs), INSERT_BATCH):
        batch = objs[offset : offset + INSERT_BATCH]
        params = [
            prep(f.pre_save(obj, True), connection)
            for obj in batch
            for f, prep in zip(fields, prepare, strict=True)
        ]
        keys = _insert_batch(head, row_marks, len(fields), batch, params)
        for obj, key in zip(batch, keys, strict=True):
            obj.pk = key
            obj._state.adding = False
            obj._state.db = connection.alias
    if post_save.has_listeners(model):
        for obj in objs:
            post_save.send(
                sender=model,
                instance=obj,
                created=True,
                update_fields=None,
                raw=False,
                using=connection.alias,
            )


def _insert_batch(head: str, row_marks: str, width: int, batch: Sequence, params: list) -> list:
    """Insert the rows; their primary keys in order.

    PostgreSQL, several rows: the one-row statement sent once per row in a pipeline
    (psycopg's `executemany`), not one statement with a row of placeholders per row. Its
    text is the same for any number of rows, so the driver parses it once and the server
    prepares it, where a long statement of its own length each time was parsed anew on
    every call: a 52-week series spent more time there than in the database."""
    with connection.cursor() as cursor:
        # In a transaction only: outside one, each pipelined row would commit on its own,
        # where one statement is all or nothing.
        if connection.vendor == "postgresql" and len(batch) > 1 and connection.in_atomic_block:
            rows = [params[i : i + width] for i in range(0, len(params), width)]
            raw = cursor.cursor  # Django's wrapper has no `returning`
            keys = []
            # As Django's wrapper would: the driver's errors as Django's (IntegrityError …).
            with connection.wrap_database_errors:
                raw.executemany(head.format(values=row_marks), rows, returning=True)
                while True:
                    keys.append(raw.fetchone()[0])
                    if not raw.nextset():
                        break
            return keys
        cursor.execute(head.format(values=", ".join([row_marks] * len(batch))), params)
        return [row[0] for row in cursor.fetchall()]


_INSERTS: dict[tuple[type, str], tuple[str, list]] = {}


def _insert_statement(model: type[models.Model]) -> tuple[str, list]:
    """`INSERT INTO t (…) VALUES {values} RETURNING pk` and the fields it fills."""
    key = (model, connection.vendor)
    made = _INSERTS.get(key)
    if made is None:
        meta = model._meta
        fields = [f for f in meta.concrete_fields if f is not meta.auto_field]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {{values}} "  # noqa: S608
            f"RETURNING {quote(meta.pk.column)}"
        )
        made = _INSERTS[key] = (sql, fields)
    return made


def column_converters(fields: Sequence[models.Field], table: str, conn) -> list:
    """For each field: the column expression and the converters the ORM would apply to its
    value as read (SQLite returns datetimes as text, for one)."""
    result = []
    for field in fields:
        expression = field.get_col(table)
        converters = [*conn.ops.get_db_converters(expression), *expression.get_db_converters(conn)]
        result.append((expression, converters))
    return result


def converted(row: Sequence, converters: list, conn) -> list:
    values = []
    for value, (expression, convert_all) in zip(row, converters, strict=True):
        for convert in convert_all:
            value = convert(value, expression, conn)
        values.append(value)
    return values


_SELECTS: dict[tuple[type, str, str], tuple[str, list, list[str]]] = {}


def select_rows(model: type[M], where: str, params: Sequence) -> list[M]:
    """The rows of `model` that meet `where` (a condition on its own columns, `%s` for each
    value), as instances, with the statement and converters made once per model, condition
    and database.

    For look-ups on every request of a hot path (the booker's roles, an organisation by
    id), where building the ORM's query took longer than running it."""
    key = (model, where, connection.vendor)
    made = _SELECTS.get(key)
    if made is None:
        meta = model._meta
        fields = list(meta.concrete_fields)
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where}"  # noqa: S608
        converters = column_converters(fields, meta.db_table, connection)
        made = _SELECTS[key] = (sql, converters, [f.attname for f in fields])
    sql, converters, names = made
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = cursor.fetchall()
    return [
        model.from_db(connection.alias, names, converted(row, converters, connection))
        for row in rows
    ]
