"""Writing bookings: create, series, cancel, approve, reject, block.

Every write goes through here, whoever calls (pages, API, staff pages, the seasonal round,
events), so the rules and "never a double booking" are enforced once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation, OrganisationKind, User
from torget.accounts.permissions import (
    can_manage_hub,
    is_administrator,
    is_case_officer,
    is_management,
    is_organisation_contact,
)
from torget.booking import rules
from torget.booking.catalogue import Block, Catalogue, catalogue
from torget.booking.errors import (
    BookingConflict,
    InvalidInterval,
    NotActive,
    NotMunicipal,
    NotStartedYet,
    NotYourOrganisation,
    OrganiserMismatch,
    OverrideNotAllowed,
    ResourceUnavailable,
    RuleViolation,
)
from torget.booking.models import (
    ACTIVE_STATUSES,
    Approval,
    BlockedPeriod,
    Booking,
    BookingKind,
    BookingStatus,
    HoursRule,
    Occupancy,
)
from torget.booking.units import Hierarchy
from torget.core.db import advisory_xact_locks, serialized_write
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.ledger.models import EntrySource, OrganiserType
from torget.ledger.services import LedgerFact, ledger_record, ledger_reverse
from torget.notifications import bookings as messages
from torget.places.hours import HoursCalendar
from torget.places.models import Resource, Space
from torget.places.selectors import covers

MAX_TITLE = 200


@dataclass
class BookingRequest:
    """What someone asks for. The same shape for one booking and each occurrence of a series."""

    space: Space
    start: datetime
    end: datetime
    title: str
    organiser_type: str
    kind: str
    expected_participants: int = 0
    public: bool = False
    organisation: Organisation | None = None
    resources: Sequence[Resource] = ()
    on_behalf_name: str = ""
    on_behalf_phone: str = ""
    staff_notes: str = ""
    access_instructions: str = ""
    for_event: bool = False
    override_reason: str = ""
    # The adult (18 or over) responsible when a youth group books.
    responsible_adult: str = ""
    # The booker has read and accepted the hub's house rules (the public form asks).
    terms_accepted: bool = False
    # False when the caller tells the people concerned itself (an event's registrants).
    notify: bool = True


@dataclass
class Context:
    """What one check needs, loaded once (a series shares it across occurrences)."""

    policy: rules.Policy
    hierarchy: Hierarchy
    calendar: HoursCalendar | None
    blocks: list[Block]
    is_staff: bool
    now: datetime
    hub_id: int
    units: list[int] = field(default_factory=list)


def _is_municipal_actor(actor: User, space: Space) -> bool:
    return (
        can_manage_hub(actor, space.hub)
        or is_case_officer(actor)
        or is_management(actor)
        or actor.organisations.filter(kind=OrganisationKind.MUNICIPAL).exists()
    )


# An organisation of this kind may book as these organiser types (staff may book any).
ORGANISER_TYPES_OF_KIND: dict[str, set[str]] = {
    OrganisationKind.VOLUNTARY: {OrganiserType.VOLUNTARY},
    OrganisationKind.BUSINESS: {OrganiserType.PRIVATE},
    OrganisationKind.MUNICIPAL: {OrganiserType.MUNICIPAL},
}
STAFF_ONLY_FIELDS = ("on_behalf_name", "on_behalf_phone", "staff_notes", "access_instructions")


def _authorise(actor: User, req: BookingRequest, is_staff: bool) -> None:
    """Who may book as whom. The organiser type decides the price and the key figures, so a
    booker's own word is not enough: voluntary and private bookings come through an
    organisation the booker is a contact person for (hub staff may book for anyone)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied()
    if req.override_reason and not is_staff:
        raise OverrideNotAllowed()
    if is_staff or is_administrator(actor):
        return
    if any(r.hub_id is None for r in req.resources) and not _is_municipal_actor(actor, req.space):
        # A resource of every hub is a person (a case officer): only the municipality books it.
        raise ValidationFailed(
            errors=[
                {
                    "field": "resources",
                    "message": _("This resource cannot be booked with this space."),
                }
            ]
        )
    for name in STAFF_ONLY_FIELDS:
        if getattr(req, name):
            raise ValidationFailed(
                errors=[{"field": name, "message": _("Only hub staff can fill this in.")}]
            )
    if req.organisation is not None and not is_organisation_contact(actor, req.organisation.pk):
        raise NotYourOrganisation()
    if req.organiser_type == OrganiserType.MUNICIPAL:
        if not _is_municipal_actor(actor, req.space):
            raise NotMunicipal()
    elif req.organiser_type in (OrganiserType.VOLUNTARY, OrganiserType.PRIVATE):
        allowed = (
            ORGANISER_TYPES_OF_KIND.get(req.organisation.kind, set()) if req.organisation else set()
        )
        if req.organiser_type not in allowed:
            raise OrganiserMismatch()


def normalised(req: BookingRequest) -> BookingRequest:
    """The request checked for shape, with its instants in UTC.

    In UTC because Python subtracts two datetimes that share a tzinfo by wall time: across
    a daylight-saving night a 25-hour booking would otherwise measure 24 hours.
    """
    errors = []
    if req.start.tzinfo is None or req.end.tzinfo is None:
        raise ValidationFailed(
            errors=[{"field": "start", "message": _("Start and end need a UTC offset.")}]
        )
    req = replace(req, start=req.start.astimezone(UTC), end=req.end.astimezone(UTC))
    if req.end <= req.start:
        raise InvalidInterval(
            errors=[{"field": "end", "message": str(InvalidInterval.default_message)}]
        )
    if not req.title.strip():
        errors.append({"field": "title", "message": _("A title is required.")})
    if len(req.title) > MAX_TITLE:
        errors.append({"field": "title", "message": _("At most 200 characters.")})
    if req.organiser_type not in OrganiserType.values:
        errors.append({"field": "organiser_type", "message": _("Unknown organiser type.")})
    if req.kind not in BookingKind.values:
        errors.append({"field": "kind", "message": _("Unknown kind.")})
    if not (0 <= req.expected_participants <= 100_000):
        errors.append({"field": "expected_participants", "message": _("Out of range.")})
    if not req.space.bookable or not req.space.is_active:
        errors.append({"field": "space", "message": str(rules.MESSAGES["booking.not_bookable"])})
    for resource in req.resources:
        travels = resource.hub_id is None  # e.g. a case officer, at any hub
        if (not travels and resource.hub_id != req.space.hub_id) or not resource.bookable:
            errors.append(
                {
                    "field": "resources",
                    "message": _("This resource cannot be booked with this space."),
                }
            )
    if errors:
        raise ValidationFailed(errors=errors)
    return req


def load_context(
    actor: User, space: Space, first: datetime, last: datetime, *, known: Catalogue | None = None
) -> Context:
    known = known or catalogue()
    policy = known.policies.get(space.pk) or rules.policy_for(space)
    hierarchy = known.hierarchy
    calendar = None
    if policy.hours != HoursRule.ANY_TIME:
        start_day = timezone.localdate(first) - timedelta(days=1)
        calendar = known.hours([space.hub], start_day, timezone.localdate(last) + timedelta(days=1))
    blocks = known.blocks_over(hierarchy.related(space.pk), first, last)
    return Context(
        policy=policy,
        hierarchy=hierarchy,
        calendar=calendar,
        blocks=blocks,
        is_staff=can_manage_hub(actor, space.hub),
        now=timezone.now(),
        hub_id=space.hub_id,
        units=hierarchy.leaves(space.pk),
    )


def check_rules(
    req: BookingRequest, ctx: Context, *, future_count: int | None = None
) -> list[rules.Violation]:
    """Every rule the request breaks (empty when it keeps them all). Overlaps are not rules:
    they are checked at insert time and nobody overrides them."""
    policy = ctx.policy
    problems = rules.check_times(policy, req.start, req.end, ctx.now)
    if not policy.may_book(req.organiser_type):
        problems.append(rules.violation("booking.not_allowed_for_booker", "organiser_type"))
    if not policy.private_parties_allowed and rules.is_private_party(
        organiser_type=req.organiser_type, kind=req.kind, public=req.public
    ):
        problems.append(rules.violation("booking.private_party", "public"))
    if req.space.capacity and req.expected_participants > req.space.capacity:
        problems.append(
            rules.violation(
                "booking.over_capacity", "expected_participants", capacity=req.space.capacity
            )
        )
    long_booking = req.end - req.start > rules.LONG_BOOKING and policy.long_bookings_allowed
    if ctx.calendar is not None and not long_booking and not _within_hours(req, ctx):
        problems.append(rules.violation("booking.outside_opening_hours", "start"))
    for block in ctx.blocks:
        if block.start < req.end and block.end > req.start:
            problems.append(rules.violation("booking.blocked", "start", reason=block.reason))
            break
    if future_count is not None and future_count >= policy.max_future_bookings:
        problems.append(
            rules.violation("booking.too_many_future", count=policy.max_future_bookings)
        )
    return problems


def _within_hours(req: BookingRequest, ctx: Context) -> bool:
    assert ctx.calendar is not None
    return covers(rules.open_intervals(ctx.calendar, req.space, ctx.policy), req.start, req.end)


def _raise_or_override(
    problems: list[rules.Violation], req: BookingRequest, ctx: Context
) -> list[str]:
    """Staff may override rules with a recorded reason; others get every broken rule listed."""
    if not problems:
        return []
    if req.override_reason.strip() and ctx.is_staff:
        return [p.code for p in problems]
    raise RuleViolation(
        problems[0].message,
        code=problems[0].code,
        errors=[{"field": p.field, "message": p.message, "code": p.code} for p in problems],
    )


def _status(req: BookingRequest, ctx: Context) -> tuple[str, list[str]]:
    approval = ctx.policy.approval
    if ctx.is_staff or approval == Approval.AUTOMATIC:
        return BookingStatus.CONFIRMED, []
    if approval == Approval.REQUIRED:
        return BookingStatus.PENDING, ["approval.required"]
    if approval == Approval.NON_MUNICIPAL and req.organiser_type != OrganiserType.MUNICIPAL:
        return BookingStatus.PENDING, ["approval.non_municipal"]
    return BookingStatus.CONFIRMED, []


def price_for(req: BookingRequest, policy: rules.Policy) -> Decimal:
    hours = Decimal((req.end - req.start).total_seconds()) / Decimal(3600)
    return (policy.price_per_hour(req.organiser_type) * hours).quantize(Decimal("0.01"))


def buffered(req: BookingRequest, policy: rules.Policy) -> tuple[datetime, datetime]:
    return req.start - policy.buffer_before, req.end + policy.buffer_after


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
        errors=[{"field": "start", "message": f"{_local(s)}–{_local(e)}"} for s, e in intervals],
        extra={"conflicts": [{"start": s.isoformat(), "end": e.isoformat()} for s, e in intervals]},
    )


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def _check_resources(resources: Sequence[Resource], start: datetime, end: datetime) -> None:
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


def _insert_occupancies(rows: list[Occupancy], *, savepoint: bool = True) -> None:
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


def ledger_fact(booking: Booking) -> LedgerFact:
    return LedgerFact(
        hub_id=booking.space.hub_id,
        date=timezone.localdate(booking.start),
        kind=booking.kind,
        organiser_type=booking.organiser_type,
        category="",
        # No title: a booking's title can name a person ("Samtale med …"), and the ledger
        # keeps its rows for the key figures long after bookings are purged.
        title="",
        participants=booking.expected_participants or None,
        organisation_id=booking.organisation_id,
    )


def _write_ledger(booking: Booking, *, new: bool = False) -> None:
    if booking.status == BookingStatus.CONFIRMED and not booking.for_event:
        ledger_record(
            source=EntrySource.BOOKING, source_id=booking.pk, fact=ledger_fact(booking), new=new
        )


def _new_booking(
    req: BookingRequest,
    actor: User,
    ctx: Context,
    status: str,
    pending: list[str],
    overridden: list[str],
) -> Booking:
    return Booking(
        space=req.space,
        start=req.start,
        end=req.end,
        title=req.title.strip(),
        organiser_type=req.organiser_type,
        organisation=req.organisation,
        kind=req.kind,
        expected_participants=req.expected_participants,
        public=req.public,
        status=status,
        price_tier=req.organiser_type,
        price=price_for(req, ctx.policy),
        booked_by=actor,
        on_behalf_name=req.on_behalf_name,
        on_behalf_phone=req.on_behalf_phone,
        staff_notes=req.staff_notes,
        access_instructions=req.access_instructions,
        for_event=req.for_event,
        responsible_adult=req.responsible_adult.strip()[:200],
        terms_accepted_at=ctx.now if req.terms_accepted else None,
        override_reason=req.override_reason.strip() if overridden else "",
        overridden_rules=overridden,
        pending_reasons=pending,
    )


def _future_count(actor: User, ctx: Context) -> int | None:
    if ctx.is_staff:
        return None
    return future_count_at_hub(actor, ctx.hub_id, ctx.now)


def future_count_at_hub(actor: User, hub_id: int, now: datetime) -> int:
    """A booker's upcoming bookings at this hub, a weekly series counting as one."""
    counted = Booking.objects.filter(
        booked_by_id=actor.pk, status__in=ACTIVE_STATUSES, start__gt=now, space__hub_id=hub_id
    ).aggregate(
        singles=Count("id", filter=Q(series__isnull=True)),
        # COUNT(DISTINCT …) leaves out the NULLs.
        series=Count("series_id", distinct=True),
    )
    return counted["singles"] + counted["series"]


class _Overlapped(Exception):
    """The database refused the slot; what is in the way is asked after the rollback."""

    def __init__(self, units: list[int], start: datetime, end: datetime) -> None:
        self.units, self.start, self.end = units, start, end


def booking_create(*, actor: User, request: BookingRequest) -> Booking:
    """Create one booking: rules (or a staff override with a reason), then the slot, then
    the ledger row when confirmed. A pending booking holds its slot."""
    try:
        return _booking_create(actor=actor, request=request)
    except _Overlapped as lost:
        # Asked once the write (or, inside a caller's transaction, its savepoint) is rolled
        # back: that spares every booking a savepoint around its insert.
        raise conflict_error(clashes(lost.units, lost.start, lost.end)) from None


@serialized_write
def _booking_create(*, actor: User, request: BookingRequest) -> Booking:
    known = catalogue()
    # The space as the catalogue has it now (the caller's copy may be older, or gone).
    current = known.space(request.space.pk)
    if current is None:
        raise ValidationFailed(
            errors=[{"field": "space", "message": str(rules.MESSAGES["booking.not_bookable"])}]
        )
    request = replace(request, space=current)
    req = normalised(request)
    ctx = load_context(actor, req.space, req.start, req.end, known=known)
    _authorise(actor, req, ctx.is_staff)
    overridden = _raise_or_override(
        check_rules(req, ctx, future_count=_future_count(actor, ctx)), req, ctx
    )
    status, pending = _status(req, ctx)
    block_start, block_end = buffered(req, ctx.policy)
    # PostgreSQL's exclusion constraint refuses an overlap at the insert below, so asking
    # first would only cost time; SQLite has no such constraint and must ask.
    if connection.vendor != "postgresql" and Occupancy.objects.any_unit_overlapping(
        ctx.units, block_start, block_end
    ):
        raise conflict_error(clashes(ctx.units, block_start, block_end))
    _check_resources(req.resources, block_start, block_end)
    booking = _new_booking(req, actor, ctx, status, pending, overridden)
    booking.save(force_insert=True)
    if req.resources:
        booking.resources.set(req.resources)
    rows = [Occupancy.held(booking, block_start, block_end, unit_id=u) for u in ctx.units]
    rows += [Occupancy.held(booking, block_start, block_end, resource=r) for r in req.resources]
    try:
        _insert_occupancies(rows, savepoint=False)
    except BookingConflict:
        raise _Overlapped(ctx.units, block_start, block_end) from None
    booking.booked_resources = list(req.resources)  # type: ignore[attr-defined]
    if req.notify and not booking.for_event:  # an event tells its own participants
        template = messages.RECEIVED if status == BookingStatus.PENDING else messages.CONFIRMED
        _tell(booking, template, new=True)
    # Last before the commit: the monthly rollup's row is shared by every booking of the
    # hub, month and kind, and its lock is held from here until the commit (the caller's,
    # when an event or an appointment books inside its own transaction).
    _write_ledger(booking, new=True)
    return booking


def _tell(booking: Booking, template: str, **kwargs) -> None:
    """Queue the message about this change in the same transaction (sent after commit)."""
    messages.booking_message_queue(booking, template, **kwargs)


def can_change_booking(actor: User, booking: Booking) -> bool:
    return booking.booked_by_id == actor.pk or can_manage_hub(actor, booking.space.hub)


def booking_for(actor: User, booking_id: int) -> Booking:
    booking = (
        Booking.objects.select_related("space__hub", "organisation", "booked_by")
        .filter(pk=booking_id)
        .first()
    )
    if (
        booking is None
        or not getattr(actor, "is_authenticated", False)
        or not can_change_booking(actor, booking)
    ):
        # Someone else's booking is reported as missing: its existence is not theirs to learn.
        raise NotFound()
    return booking


def _release(booking: Booking, status: str, reason: str) -> Booking:
    booking.status = status
    booking.decision_reason = reason[:300]
    if status == BookingStatus.CANCELLED:
        booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "decision_reason", "cancelled_at", "updated"])
    Occupancy.objects.filter(booking=booking).update(active=False)
    ledger_reverse(source=EntrySource.BOOKING, source_id=booking.pk)
    return booking


@serialized_write
def booking_cancel(
    *, actor: User, booking_id: int, reason: str = "", notify: bool = True
) -> Booking:
    booking = booking_for(actor, booking_id)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("space__hub", "booked_by")
        .get(pk=booking.pk)
    )
    if not booking.is_active:
        raise NotActive()
    # What has happened stays in the key figures: only hub staff can cancel it afterwards.
    now = timezone.now()
    if not can_manage_hub(actor, booking.space.hub):
        locked = rules.booker_lock(booking.start, rules.policy_for(booking.space), now)
        if locked is not None:
            raise locked
    _release(booking, BookingStatus.CANCELLED, reason)
    if notify and not booking.for_event:
        by_booker = actor.pk == booking.booked_by_id and not booking.on_behalf_phone
        template = messages.CANCELLED if by_booker else messages.CANCELLED_BY_STAFF
        _tell(booking, template, reason="" if by_booker else reason)
    return booking


def _pending_for_staff(actor: User, booking_id: int) -> Booking:
    """A pending booking, locked, that this staff member may decide on."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("space__hub", "booked_by")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        raise NotFound()
    if not can_manage_hub(actor, booking.space.hub):
        raise PermissionDenied()
    if booking.status != BookingStatus.PENDING:
        raise NotActive()
    return booking


@serialized_write
def booking_approve(*, actor: User, booking_id: int) -> Booking:
    booking = _pending_for_staff(actor, booking_id)
    booking.status = BookingStatus.CONFIRMED
    booking.save(update_fields=["status", "updated"])
    if not booking.for_event:  # an event tells its organiser itself
        _tell(booking, messages.APPROVED)
    _write_ledger(booking)  # last: see _booking_create
    return booking


@serialized_write
def booking_reject(*, actor: User, booking_id: int, reason: str) -> Booking:
    if not reason.strip():
        raise ValidationFailed(errors=[{"field": "reason", "message": "a reason is required"}])
    booking = _pending_for_staff(actor, booking_id)
    _release(booking, BookingStatus.REJECTED, reason)
    _tell(booking, messages.REJECTED, reason=reason)
    return booking


def _staff_booking(actor: User, booking_id: int) -> Booking:
    """A booking, locked, at a hub this staff member works at (others: not found)."""
    booking = (
        # of=self: PostgreSQL locks no row on the nullable side of an outer join.
        Booking.objects.select_for_update(of=("self",))
        .select_related("space__hub", "booked_by", "organisation")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or not can_manage_hub(actor, booking.space.hub):
        raise NotFound()
    return booking


@serialized_write
def booking_move(
    *,
    actor: User,
    booking_id: int,
    start: datetime,
    end: datetime,
    space: Space | None = None,
    override_reason: str = "",
) -> Booking:
    """Move a booking to another time (staff: also another space at a hub they work at).
    The same rules as a new booking (staff may override them with a reason), never onto a
    taken slot; the price and the ledger row follow, and the booker is told.

    The booker may change the time of their own booking until the cancellation deadline."""
    booking = (
        # of=self: PostgreSQL locks no row on the nullable side of an outer join.
        Booking.objects.select_for_update(of=("self",))
        .select_related("space__hub", "booked_by", "organisation")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or not can_change_booking(actor, booking):
        raise NotFound()
    if not booking.is_active:
        raise NotActive()
    by_staff = can_manage_hub(actor, booking.space.hub)
    target = space or booking.space
    if by_staff and not can_manage_hub(actor, target.hub):
        raise PermissionDenied()
    if not by_staff:
        if target.pk != booking.space_id:
            raise PermissionDenied()
        if override_reason:
            raise OverrideNotAllowed()
        locked = rules.booker_lock(booking.start, rules.policy_for(booking.space), timezone.now())
        if locked is not None:
            raise locked
    resources = list(booking.resources.all())
    req = normalised(
        BookingRequest(
            space=target,
            start=start,
            end=end,
            title=booking.title,
            organiser_type=booking.organiser_type,
            kind=booking.kind,
            expected_participants=booking.expected_participants,
            public=booking.public,
            organisation=booking.organisation,
            resources=resources,
            for_event=booking.for_event,
            override_reason=override_reason,
        )
    )
    ctx = load_context(actor, target, req.start, req.end)
    overridden = _raise_or_override(check_rules(req, ctx), req, ctx)
    block_start, block_end = buffered(req, ctx.policy)
    found = clashes(ctx.units, block_start, block_end, exclude_booking=booking.pk)
    if found:
        raise conflict_error(found)
    # The old slot is given up first, so that the booking does not clash with itself.
    Occupancy.objects.filter(booking=booking).delete()
    _check_resources(resources, block_start, block_end)
    booking.space, booking.start, booking.end = target, req.start, req.end
    booking.price = price_for(req, ctx.policy)
    if overridden:
        booking.override_reason = req.override_reason.strip()
        booking.overridden_rules = sorted(set(booking.overridden_rules) | set(overridden))
    booking.save()
    rows = [Occupancy.held(booking, block_start, block_end, unit_id=u) for u in ctx.units]
    rows += [Occupancy.held(booking, block_start, block_end, resource=r) for r in resources]
    _insert_occupancies(rows)
    _write_ledger(booking)
    if not booking.for_event:
        template = messages.MOVED if by_staff else messages.CHANGED
        _tell(booking, template, occasion=f"moved:{req.start.isoformat()}:{target.pk}")
    return booking


@serialized_write
def booking_mark_no_show(*, actor: User, booking_id: int, no_show: bool = True) -> Booking:
    """Staff mark that nobody came (or undo it). Kept on the booker's history."""
    booking = _staff_booking(actor, booking_id)
    if booking.start > timezone.now():
        raise NotStartedYet()
    booking.no_show = no_show
    booking.save(update_fields=["no_show", "updated"])
    return booking


@dataclass
class BlockResult:
    block: BlockedPeriod
    in_the_way: list[Booking]


@serialized_write
def blocked_period_create(
    *, actor: User, spaces: Sequence[Space], start: datetime, end: datetime, reason: str
) -> BlockResult:
    """Block spaces (across hubs). Bookings already in the way are listed for staff to
    handle — moved or cancelled with a message — never silently deleted."""
    if end <= start:
        raise InvalidInterval()
    if not spaces:
        raise ValidationFailed(errors=[{"field": "spaces", "message": "choose at least one space"}])
    if not reason.strip():
        raise ValidationFailed(errors=[{"field": "reason", "message": "a reason is required"}])
    for space in spaces:
        if not can_manage_hub(actor, space.hub):
            raise PermissionDenied()
    block = BlockedPeriod.objects.create(
        reason=reason.strip()[:300], start=start, end=end, created_by=actor
    )
    block.spaces.set(spaces)
    hierarchy = Hierarchy({s.hub_id for s in spaces})
    units = sorted({u for s in spaces for u in hierarchy.leaves(s.pk)})
    booking_ids = (
        Occupancy.objects.overlapping(start, end).filter(unit_id__in=units).values("booking_id")
    )
    in_the_way = list(
        Booking.objects.filter(pk__in=booking_ids).select_related("space__hub").order_by("start")
    )
    return BlockResult(block=block, in_the_way=in_the_way)


PERSONAL_FIELDS = (
    "on_behalf_name",
    "on_behalf_phone",
    "staff_notes",
    "access_instructions",
    "decision_reason",
    "override_reason",
)


def booking_details_purge(*, older_than_days: int) -> int:
    """Blank the personal details of bookings that ended more than the retention period ago.
    The booking (when, where, what kind, who organised) stays: the key figures need it."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    has_details = Q()
    for name in PERSONAL_FIELDS:
        has_details |= ~Q(**{name: ""})
    old = Booking.objects.filter(end__lt=cutoff).filter(has_details)
    return old.update(**dict.fromkeys(PERSONAL_FIELDS, ""))
