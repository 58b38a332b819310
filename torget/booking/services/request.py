"""What someone asks for, and what it is checked against before anything is written.

The request (`BookingRequest`) and what one check needs (`Context`); normalising the
request, who may book as whom, the booking rules, then what follows from them: the
status, the price, the buffered span and the unsaved `Booking`. Shared by one booking
(`create.py`), a move (`changes.py`) and every occurrence of a series (`series.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.db.models import Case, F, When
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
    InvalidInterval,
    NotMunicipal,
    NotYourOrganisation,
    OrganiserMismatch,
    OverrideNotAllowed,
    RuleViolation,
)
from torget.booking.models import (
    ACTIVE_STATUSES,
    Approval,
    Booking,
    BookingKind,
    BookingStatus,
    HoursRule,
)
from torget.booking.units import Hierarchy
from torget.core.errors import PermissionDenied, ValidationFailed
from torget.core.postcode import normalised as postcode_normalised
from torget.ledger.models import OrganiserType
from torget.places.hours import HoursCalendar, covers
from torget.places.models import Resource, Space

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
    # Optional, by consent: the booker's postcode, counted per area by the scenarios only.
    postcode: str = ""
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


def authorise(actor: User, req: BookingRequest, is_staff: bool) -> None:
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
    try:
        req = replace(req, postcode=postcode_normalised(req.postcode))
    except ValueError as error:
        errors.append({"field": "postcode", "message": str(error)})
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


def future_count_at_hub(actor: User, hub_id: int, now: datetime, *, up_to: int) -> int:
    """A booker's upcoming bookings at this hub, a weekly series counting as one, counted no
    further than `up_to`: enough to tell a limit is reached, and an organisation's contact
    may hold thousands (each create counted them all, a quarter of its time)."""
    # One value per single booking (its id) and per series (minus its id: never an id).
    unit = Case(When(series__isnull=True, then=F("id")), default=-F("series_id"))
    upcoming = (
        Booking.objects.filter(
            booked_by_id=actor.pk, status__in=ACTIVE_STATUSES, start__gt=now, space__hub_id=hub_id
        )
        .annotate(unit=unit)
        .values("unit")
        .distinct()
        .order_by()
    )
    return upcoming[:up_to].count()


def raise_or_override(
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


def status_for(req: BookingRequest, ctx: Context) -> tuple[str, list[str]]:
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


def new_booking(
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
        postcode=req.postcode,
        terms_accepted_at=ctx.now if req.terms_accepted else None,
        override_reason=req.override_reason.strip() if overridden else "",
        overridden_rules=overridden,
        pending_reasons=pending,
    )
