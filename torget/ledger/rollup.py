"""The monthly rollup (`LedgerMonth`): exact sums of the ledger per hub, month, kind, class,
topic and channel, kept in step by `ledger.services` inside the same transaction.

Each write applies its difference with one upsert per batch,
`INSERT … ON CONFLICT (…) DO UPDATE SET count = count + excluded.count` (SQLite ≥ 3.24 and
PostgreSQL alike), so concurrent writers add to the same row instead of overwriting it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection, models, transaction
from django.db.models import Func, IntegerField, Sum

# (hub id, month, kind, organiser class, category, channel)
Key = tuple[int, date, str, str, str, str]
Deltas = dict[Key, list[int]]  # key → [count, participants]

KEY_COLUMNS = ("month", "hub_id", "kind", "organiser_class", "category", "channel")
BATCH = 200


class MonthOf(Func):
    """The month of a date as an integer, `202303`, computed natively: Django's TruncMonth
    calls a Python function for every row on SQLite (seconds over a million rows), and on
    PostgreSQL casts through timestamptz."""

    output_field = IntegerField()
    template = "(EXTRACT(YEAR FROM %(expressions)s) * 100 + EXTRACT(MONTH FROM %(expressions)s))"

    def as_sqlite(self, compiler, connection, **extra_context):
        # Dates are stored as ISO text: 2023-03-01.
        template = "CAST(substr(%(expressions)s, 1, 4) || substr(%(expressions)s, 6, 2) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "(date_part('year', %(expressions)s::timestamp) * 100"
            " + date_part('month', %(expressions)s::timestamp))::integer"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


def month_of(day: date) -> date:
    return day.replace(day=1)


def key_of(entry) -> Key:
    return (
        entry.hub_id,
        month_of(entry.date),
        entry.kind,
        entry.organiser_class,
        entry.category,
        entry.channel,
    )


def add(deltas: Deltas, entries: Iterable, sign: int) -> None:
    """Add (sign 1) or take away (sign -1) these ledger rows' contribution."""
    for entry in entries:
        pair = deltas.setdefault(key_of(entry), [0, 0])
        pair[0] += sign * entry.count
        pair[1] += sign * (entry.participants or 0)


def apply(deltas: Deltas, month_model: type[models.Model] | None = None) -> None:
    """Add the differences to the rollup (inside the caller's transaction)."""
    if month_model is None:
        from torget.ledger.models import LedgerMonth

        month_model = LedgerMonth
    rows = [
        (key[1], key[0], *key[2:], n, people) for key, (n, people) in deltas.items() if n or people
    ]
    if not rows:
        return
    head = _upsert_head(month_model)
    row_marks = "(" + ", ".join(["%s"] * (len(KEY_COLUMNS) + 2)) + ")"
    # Hand-written on Django's cursor: the ORM's upsert (bulk_create's update_conflicts)
    # can only overwrite, not add (docs/decisions/0001-rollup-upsert.md).
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), BATCH):
            chunk = rows[offset : offset + BATCH]
            cursor.execute(
                head.format(values=", ".join([row_marks] * len(chunk))),
                [value for row in chunk for value in row],
            )


_UPSERTS: dict[tuple[type, str], str] = {}


def _upsert_head(month_model: type[models.Model]) -> str:
    """The upsert with `{values}` for its rows, made once per model and database."""
    key = (month_model, connection.vendor)
    if key not in _UPSERTS:
        quote = connection.ops.quote_name
        table = quote(month_model._meta.db_table)
        keys = ", ".join(quote(c) for c in KEY_COLUMNS)
        columns = f"{keys}, {quote('count')}, {quote('participants')}"
        update = ", ".join(
            f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}"
            for c in ("count", "participants")
        )
        _UPSERTS[key] = (
            f"INSERT INTO {table} ({columns}) VALUES {{values}} "  # noqa: S608 (names are ours)
            f"ON CONFLICT ({keys}) DO UPDATE SET {update}"
        )
    return _UPSERTS[key]


@transaction.atomic
def rebuild_months(
    entry_model: type[models.Model] | None = None, month_model: type[models.Model] | None = None
) -> int:
    """Recompute the whole rollup from the ledger rows (a bulk load, a migration). Returns the
    number of rollup rows."""
    if entry_model is None or month_model is None:
        from torget.ledger.models import LedgerEntry, LedgerMonth

        entry_model, month_model = LedgerEntry, LedgerMonth
    month_model._default_manager.all().delete()
    grouped = (
        entry_model._default_manager.annotate(m=MonthOf("date"))
        .values("hub_id", "m", "kind", "organiser_class", "category", "channel")
        .annotate(n=Sum("count"), people=Sum("participants"))
        .order_by()
    )
    rows = [
        month_model(
            month=date(row["m"] // 100, row["m"] % 100, 1),
            hub_id=row["hub_id"],
            kind=row["kind"],
            organiser_class=row["organiser_class"],
            category=row["category"],
            channel=row["channel"],
            count=row["n"] or 0,
            participants=row["people"] or 0,
        )
        for row in grouped
    ]
    month_model._default_manager.bulk_create(rows, batch_size=1000)
    return len(rows)
