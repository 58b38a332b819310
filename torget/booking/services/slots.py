"""The slot a booking holds: its occupancies, and what is in their way.

Overlaps are not rules: nobody overrides them. On PostgreSQL an exclusion constraint
refuses them at insert time; elsewhere the callers ask first (`clashes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Count

from torget.booking.errors import BookingConflict, ResourceUnavailable
from torget.booking.models import Occupancy
from torget.core.db import advisory_xact_locks
from torget.core.templatetags.torget import format_span
from torget.places.models import Resource


def clashes(
    units: list[int], start: datetime, end: datetime, *, exclude_booking: int | None = None
) -> list[Occupancy]:
    qs = Occupancy.objects.overlapping(start, end).filter(unit_id__in=units)
    if exclude_booking:
        qs = qs.exclude(booking_id=exclude_booking)
    return list(qs.order_by("start")[:20])


def conflict_error(found: list[Occupancy]) -> BookingConflict:
    intervals = sorted({(o.start, o.end) for o in found})
    return BookingConflict(
        errors=[{"field": "start", "message": format_span(s, e)} for s, e in intervals],
        extra={"conflicts": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in intervals]},
    )


def check_resources(resources: Sequence[Resource], start: datetime, end: datetime) -> None:
    if not resources:
        return
    ids = sorted(r.pk for r in resources)
    # Row locks serialise concurrent takers of the same resource on PostgreSQL; SQLite's
    # IMMEDIATE transaction already serialises every writer.
    locked = {
        r.pk: r for r in Resource.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    taken = dict(
        Occupancy.objects.overlapping(start, end)
        .filter(resource_id__in=ids)
        .values_list("resource_id")
        .annotate(n=Count("id"))
    )
    for pk in ids:
        if taken.get(pk, 0) >= locked[pk].quantity:
            raise ResourceUnavailable(
                errors=[{"field": "resources", "message": str(locked[pk].name)}]
            )


# Advisory-lock namespace for "inserting occupancies of unit N" (any fixed int4 will do).
_UNIT_LOCKS = 0x544F


def _take_units(units: list[int]) -> None:
    """On PostgreSQL, queue writers of the same units before they insert.

    The exclusion constraint inserts the index entry first and checks after, so two
    transactions inserting overlapping rows at once can each wait for the other: a
    deadlock the server breaks after a second, and with many clients on one slot, again
    and again. Taking a lock per unit (in one order, until commit) makes the second
    writer wait for the first and then meet its committed row: a plain 23P01."""
    advisory_xact_locks(_UNIT_LOCKS, units)


def insert_occupancies(rows: list[Occupancy], *, savepoint: bool = True) -> None:
    """Insert under the exclusion constraint; a violation (SQLSTATE 23P01) is a 409.

    With a savepoint (only where the constraint lives: on SQLite the check before already
    ruled), so that a caller inside a larger transaction can go on after the 409;
    `savepoint=False` for a caller whose own transaction ends with the 409."""
    savepoint = savepoint and connection.vendor == "postgresql"
    try:
        with transaction.atomic(savepoint=savepoint):
            _take_units([row.unit_id for row in rows if row.unit_id])
            Occupancy.objects.bulk_create(rows)
    except IntegrityError as exc:
        if getattr(getattr(exc, "__cause__", None), "sqlstate", None) == "23P01":
            raise BookingConflict() from exc
        raise
