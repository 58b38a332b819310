"""Weekly series: the same local wall time every week, checked and created in one go.

One query loads every existing occupancy in the series' span, so 52 occurrences cost
about as much as one booking, and bulk inserts write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub
from torget.booking.errors import (
    BookingConflict,
    InvalidInterval,
    NotActive,
    ResourceUnavailable,
    RuleViolation,
    SeriesTooLong,
)
from torget.booking.models import Booking, BookingSeries, BookingStatus, Occupancy
from torget.booking.services.changes import release
from torget.booking.services.effects import ledger_fact
from torget.booking.services.request import (
    BookingRequest,
    authorise,
    buffered,
    check_rules,
    future_count_at_hub,
    load_context,
    new_booking,
    normalised,
    status_for,
)
from torget.booking.services.slots import insert_occupancies
from torget.core import bookinghooks
from torget.core.db import serialized_write
from torget.core.errors import NotFound, ValidationFailed
from torget.core.timeutil import NonExistentLocalTime, make_local
from torget.ledger.models import EntrySource
from torget.ledger.services import ledger_record_many

MAX_WEEKS = 53
ON_CONFLICT = ("skip", "reject")
SKIP_DATE_MESSAGE = gettext_lazy("Skipped date")


@dataclass
class Skipped:
    date: date
    code: str
    message: str
    conflicts: list[tuple[datetime, datetime]] = field(default_factory=list)


@dataclass
class SeriesResult:
    series: BookingSeries | None
    created: list[Booking]
    skipped: list[Skipped]


def occurrence_dates(first: date, until: date) -> list[date]:
    return [first + timedelta(weeks=i) for i in range((until - first).days // 7 + 1)]


def _occurrences(
    req: BookingRequest, dates: list[date], skip: set[date]
) -> tuple[list[BookingRequest], list[Skipped]]:
    """Requests for each week at the first occurrence's local wall times."""
    local_start, local_end = timezone.localtime(req.start), timezone.localtime(req.end)
    day_offset = (local_end.date() - local_start.date()).days
    wanted, skipped = [], []
    for day in dates:
        if day in skip:
            skipped.append(Skipped(day, "series.skip_date", str(SKIP_DATE_MESSAGE)))
            continue
        try:
            # The same wall time each week, kept as UTC instants (see request.normalised).
            start = make_local(day, local_start.time()).astimezone(UTC)
            end = make_local(day + timedelta(days=day_offset), local_end.time()).astimezone(UTC)
        except NonExistentLocalTime as exc:
            skipped.append(Skipped(day, exc.code, str(exc.message)))
            continue
        wanted.append(replace(req, start=start, end=end))
    return wanted, skipped


@serialized_write
def booking_series_create(
    *,
    actor: User,
    request: BookingRequest,
    until: date,
    skip_dates: list[date] | None = None,
    on_conflict: str = "reject",
    series: BookingSeries | None = None,
) -> SeriesResult:
    """Create a weekly series. `reject`: nothing is created if any week clashes or breaks a
    rule, and every such week is listed. `skip`: the rest are created and the others listed."""
    if on_conflict not in ON_CONFLICT:
        raise ValidationFailed(errors=[{"field": "on_conflict", "message": _("Skip or reject.")}])
    request = normalised(request)
    if request.end - request.start > timedelta(days=7):
        raise InvalidInterval(
            errors=[
                {
                    "field": "end",
                    "message": _("An occurrence of a weekly series lasts at most a week."),
                }
            ]
        )
    first = timezone.localdate(request.start)
    if until < first:
        raise ValidationFailed(
            errors=[{"field": "until", "message": _("Must be on or after the first date.")}]
        )
    if (until - first).days > MAX_WEEKS * 7:
        raise SeriesTooLong()
    wanted, skipped = _occurrences(request, occurrence_dates(first, until), set(skip_dates or []))
    if not wanted:
        raise ValidationFailed(
            errors=[{"field": "skip_dates", "message": _("Every week of the series is skipped.")}]
        )

    ctx = load_context(
        actor,
        request.space,
        wanted[0].start - timedelta(days=1),
        wanted[-1].end + timedelta(days=1),
    )
    authorise(actor, request, ctx.is_staff)
    if not ctx.is_staff and series is None:
        # A series counts as one upcoming booking towards the booker's limit at the hub.
        limit = check_rules(
            wanted[0],
            ctx,
            future_count=future_count_at_hub(
                actor, ctx.hub_id, ctx.now, up_to=ctx.policy.max_future_bookings
            ),
        )
        too_many = [v for v in limit if v.code == "booking.too_many_future"]
        if too_many:
            raise RuleViolation(too_many[0].message, code=too_many[0].code)
    span_start = buffered(wanted[0], ctx.policy)[0]
    span_end = buffered(wanted[-1], ctx.policy)[1]
    taken = sorted(
        (s, e) for _u, s, e in Occupancy.objects.unit_spans(ctx.units, span_start, span_end)
    )
    resource_taken = _resource_occupancy(request, span_start, span_end)

    keep: list[tuple[BookingRequest, list[str]]] = []
    problems: list[Skipped] = []
    for occ in wanted:
        lo, hi = buffered(occ, ctx.policy)
        clashing = [(s, e) for s, e in taken if s < hi and e > lo]
        if clashing:
            problems.append(
                Skipped(
                    timezone.localdate(occ.start),
                    "booking.conflict",
                    str(BookingConflict.default_message),
                    clashing,
                )
            )
            continue
        if any(_resource_full(resource_taken, r.pk, r.quantity, lo, hi) for r in request.resources):
            problems.append(
                Skipped(
                    timezone.localdate(occ.start),
                    "booking.resource_unavailable",
                    str(ResourceUnavailable.default_message),
                )
            )
            continue
        broken = check_rules(occ, ctx)
        if broken and not (ctx.is_staff and request.override_reason.strip()):
            problems.append(
                Skipped(timezone.localdate(occ.start), broken[0].code, broken[0].message)
            )
            continue
        keep.append((occ, [b.code for b in broken]))

    if problems and (on_conflict == "reject" or not keep):
        raise _series_conflict(problems)

    series = series or BookingSeries.objects.create(
        space=request.space,
        title=request.title.strip(),
        first_start=keep[0][0].start,
        first_end=keep[0][0].end,
        until=until,
        skip_dates=sorted(d.isoformat() for d in (skip_dates or [])),
        created_by=actor,
    )
    bookings = []
    for occ, overridden in keep:
        status, pending = status_for(occ, ctx)
        booking = new_booking(occ, actor, ctx, status, pending, overridden)
        booking.series = series
        # What the answer lists per occurrence, known without asking the database 52 times.
        booking.booked_resources = list(request.resources)  # type: ignore[attr-defined]
        bookings.append(booking)
    Booking.objects.bulk_create(bookings)
    rows = []
    through = []
    for booking, (occ, _o) in zip(bookings, keep, strict=True):
        lo, hi = buffered(occ, ctx.policy)
        rows += [Occupancy.held(booking, lo, hi, unit_id=u) for u in ctx.units]
        rows += [Occupancy.held(booking, lo, hi, resource=r) for r in request.resources]
        through += [
            Booking.resources.through(booking_id=booking.pk, resource_id=r.pk)
            for r in request.resources
        ]
    insert_occupancies(rows)
    if through:
        Booking.resources.through.objects.bulk_create(through)
    ledger_record_many(
        source=EntrySource.BOOKING,
        facts=[
            (b.pk, ledger_fact(b))
            for b in bookings
            if b.status == BookingStatus.CONFIRMED and not b.for_event
        ],
        new=True,
    )
    confirmed = [b for b in bookings if b.status == BookingStatus.CONFIRMED]
    if confirmed:  # the apps above booking have their say once (meråpent: the series' code)
        bookinghooks.booking_changed(confirmed[0], "series")
    return SeriesResult(series=series, created=bookings, skipped=skipped + problems)


def _series_conflict(problems: list[Skipped]) -> BookingConflict:
    return BookingConflict(
        errors=[
            {"field": p.date.isoformat(), "message": p.message, "code": p.code} for p in problems
        ],
        extra={
            "conflicts": [
                {
                    "date": p.date.isoformat(),
                    "code": p.code,
                    "start": s.isoformat(),
                    "end": e.isoformat(),
                }
                for p in problems
                for s, e in (p.conflicts or [])
            ],
            "clashes": [
                {"date": p.date.isoformat(), "code": p.code, "message": p.message} for p in problems
            ],
        },
    )


def _resource_occupancy(
    request: BookingRequest, start: datetime, end: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    if not request.resources:
        return {}
    from torget.places.models import Resource

    ids = sorted(r.pk for r in request.resources)
    list(Resource.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    result: dict[int, list[tuple[datetime, datetime]]] = {pk: [] for pk in ids}
    for pk, s, e in (
        Occupancy.objects.overlapping(start, end)
        .filter(resource_id__in=ids)
        .values_list("resource_id", "start", "end")
    ):
        result[pk].append((s, e))
    return result


def _resource_full(
    taken: dict[int, list[tuple[datetime, datetime]]],
    pk: int,
    quantity: int,
    lo: datetime,
    hi: datetime,
) -> bool:
    return sum(1 for s, e in taken.get(pk, []) if s < hi and e > lo) >= quantity


@serialized_write
def booking_series_cancel(
    *, actor: User, series_id: int, from_date: date | None = None, reason: str = ""
) -> list[Booking]:
    """Cancel the rest of a series (from a date, or every occurrence still ahead)."""
    series = BookingSeries.objects.select_related("space__hub").filter(pk=series_id).first()
    if series is None:
        raise NotFound()
    if series.created_by_id != actor.pk and not can_manage_hub(actor, series.space.hub):
        raise NotFound()
    since = make_local(from_date, datetime.min.time()) if from_date else timezone.now()
    if not can_manage_hub(actor, series.space.hub):
        # What has happened stays in the key figures: bookers cancel only what is ahead.
        since = max(since, timezone.now())
    active = list(
        Booking.objects.select_for_update()
        .filter(
            series=series,
            status__in=[BookingStatus.PENDING, BookingStatus.CONFIRMED],
            start__gte=since,
        )
        .order_by("start")
    )
    if not active:
        raise NotActive()
    return [release(b, BookingStatus.CANCELLED, reason) for b in active]


@serialized_write
def booking_series_change(
    *,
    actor: User,
    series_id: int,
    from_date: date,
    request: BookingRequest,
    until: date,
    on_conflict: str = "reject",
) -> SeriesResult:
    """Change the rest of a series: cancel it from a date and create the new weeks in the
    same transaction — if the new weeks are rejected, the old ones stay as they were."""
    series = BookingSeries.objects.select_related("space__hub").filter(pk=series_id).first()
    if series is None or (
        series.created_by_id != actor.pk and not can_manage_hub(actor, series.space.hub)
    ):
        raise NotFound()
    if timezone.localdate(request.start) < from_date:
        raise ValidationFailed(
            errors=[{"field": "start", "message": "the new weeks must start on or after from_date"}]
        )
    booking_series_cancel(
        actor=actor, series_id=series_id, from_date=from_date, reason="series changed"
    )
    series.until = until
    series.save(update_fields=["until"])
    return booking_series_create(
        actor=actor, request=request, until=until, on_conflict=on_conflict, series=series
    )


__all__ = ["booking_series_cancel", "booking_series_change", "booking_series_create"]
