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
from dataclasses import dataclass
from datetime import date, datetime
from typing import ParamSpec, TypeVar

from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    connection,
    connections,
    models,
    transaction,
)
from django.db.backends.base.base import BaseDatabaseWrapper
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
    made = _insert_statement(model)
    readers, width = made.readers, len(made.readers)
    # The connection itself, not the `connection` proxy: a reader that converts asks for
    # it, and the proxy's look-up per value was a tenth of a weekly series.
    db = connections[DEFAULT_DB_ALIAS]
    row_marks = "(" + ", ".join(["%s"] * width) + ")"
    for offset in range(0, len(objs), INSERT_BATCH):
        batch = objs[offset : offset + INSERT_BATCH]
        params = [read(obj, db) for obj in batch for read in readers]
        keys = _insert_batch(made.head, row_marks, width, batch, params)
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
    raw = driver_cursor()
    # In a transaction only: outside one, each pipelined row would commit on its own,
    # where one statement is all or nothing.
    if raw is not None and len(batch) > 1 and connection.in_atomic_block:
        rows = [params[i : i + width] for i in range(0, len(params), width)]
        keys = []
        with connection.wrap_database_errors:
            raw.executemany(head.format(values=row_marks), rows, returning=True)
            while True:
                keys.append(raw.fetchone()[0])
                if not raw.nextset():
                    break
        return keys
    sql = head.format(values=", ".join([row_marks] * len(batch)))
    return [row[0] for row in _run(raw, sql, params)]


def driver_cursor():
    """On PostgreSQL, the driver's own cursor of this thread's connection (kept with it),
    for the hot path's statements: Django's cursor wrapper, made anew for each statement,
    cost more than psycopg and the server together. None where Django's must be used:
    SQLite (its wrapper turns `%s` into `?`), or while a query log or an execute wrapper
    watches (DEBUG, `django_assert_num_queries`), so that they see every statement."""
    if (
        connection.vendor != "postgresql"
        or connection.execute_wrappers
        or connection.queries_logged
    ):
        return None
    # As Django's own cursor does: a connection the server has closed (a restart) is
    # replaced before its first statement of the request, not found broken by it.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    connection.validate_no_broken_transaction()
    raw = connection.connection
    kept = getattr(connection, "_torget_driver_cursor", None)
    if kept is None or kept.connection is not raw or kept.closed:
        kept = raw.cursor()
        connection._torget_driver_cursor = kept  # type: ignore[attr-defined]
    return kept


def run_sql(sql: str, params: Sequence = ()) -> list[tuple]:
    """Run one statement of our own (`%s` for each value) and return its rows (none for a
    statement without). The driver's errors come out as Django's (IntegrityError …)."""
    return _run(driver_cursor(), sql, params)


def _run(raw, sql: str, params: Sequence) -> list[tuple]:
    """`run_sql` on the cursor `driver_cursor()` gave (Django's where it gave None)."""
    if raw is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    with connection.wrap_database_errors:
        raw.execute(sql, params)
        return raw.fetchall() if raw.description else []


# How one field's database value is read from a new object, on a given connection.
Reader = Callable[[models.Model, BaseDatabaseWrapper], object]


@dataclass(frozen=True)
class _Insert:
    head: str  # INSERT INTO t (…) VALUES {values} RETURNING pk
    fields: list
    readers: list[Reader]


_INSERTS: dict[tuple[type, str], _Insert] = {}

# Field classes whose value, of these types, goes to the database as it is (what
# `get_db_prep_save` would return anyway); any other value goes through the field.
# Exact classes: a subclass may convert. core/tests/test_insert_row.py holds every field
# of every model to this against `get_db_prep_save`.
_AS_IS: dict[type, tuple[type, ...]] = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.SlugField: (str,),
    models.EmailField: (str,),
    models.URLField: (str,),
    models.BooleanField: (bool,),
    # Not the IntegerField family: on PostgreSQL those send their size's type (Int4 …), so
    # one prepared statement fits every value.
    models.AutoField: (int,),
    models.BigAutoField: (int,),
    models.ForeignKey: (int,),
    models.OneToOneField: (int,),
}
# On PostgreSQL the driver takes a date as it is too (SQLite wants text); an aware
# datetime is read by `_aware_reader`.
_AS_IS_POSTGRESQL: dict[type, tuple[type, ...]] = {models.DateField: (date,)}


def _reader(field: models.Field, vendor: str) -> Reader:
    """How to get one field's database value from a new object, as `save()` would."""
    prepare = field.get_db_prep_save
    attname = field.attname
    plain_pre_save = type(field).pre_save in (
        models.Field.pre_save,
        models.DateField.pre_save,
        models.DateTimeField.pre_save,
    ) and not (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
    if not plain_pre_save:  # auto_now_add and the like: the field sets the value
        return lambda obj, db: prepare(field.pre_save(obj, True), db)
    if type(field) is models.DateTimeField and vendor == "postgresql":
        return _aware_reader(attname, prepare)
    kinds = _AS_IS.get(type(field)) or (
        _AS_IS_POSTGRESQL.get(type(field)) if vendor == "postgresql" else None
    )
    if kinds is None:
        return lambda obj, db: prepare(getattr(obj, attname), db)
    # Exact types: True for an integer column (bool is an int) goes through the field.
    accepted = {*kinds, type(None)}

    def read(obj: models.Model, db: BaseDatabaseWrapper) -> object:
        value = getattr(obj, attname)
        return value if type(value) in accepted else prepare(value, db)

    return read


def _aware_reader(attname: str, prepare: Callable) -> Reader:
    """A datetime with its offset as it is; a naive one through the field, which warns and
    takes it as local time, as `save()` does."""

    def read(obj: models.Model, db: BaseDatabaseWrapper) -> object:
        value = getattr(obj, attname)
        if value is None or (type(value) is datetime and value.utcoffset() is not None):
            return value
        return prepare(value, db)

    return read


def _insert_statement(model: type[models.Model]) -> _Insert:
    """`INSERT INTO t (…) VALUES {values} RETURNING pk`, the fields it fills and how to read
    each one's value, made once per model and database."""
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
        readers = [_reader(f, connection.vendor) for f in fields]
        made = _INSERTS[key] = _Insert(sql, fields, readers)
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
    rows = run_sql(sql, list(params))
    return [
        model.from_db(connection.alias, names, converted(row, converters, connection))
        for row in rows
    ]
