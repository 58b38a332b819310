"""The events API: the calendar, one event with its places, and registration. An "event"
here is one occurrence (a weekly activity has one per week, each with its own places);
`event_id` names the activity they share. Thin: selectors read, services decide."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal, cast

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from torget.accounts.models import User
from torget.core.errors import NotFound, ValidationFailed
from torget.core.postcode import Postcode
from torget.core.problems import problem_response
from torget.core.ratelimit import rate_limited
from torget.core.schemas import MAX_LIMIT, MAX_OFFSET, Id, OneLine, Slug, parse_instant
from torget.core.timeutil import make_local
from torget.events import selectors, services
from torget.events.models import MAX_SEATS_PER_REGISTRATION, Occurrence
from torget.places.models import Hub
from torget.places.schemas import ProblemOut

router = Router(tags=["events"])

PROBLEMS: dict[int, type] = {404: ProblemOut, 409: ProblemOut, 422: ProblemOut}
# Anonymous writes: a burst of 100 a minute from one address (a hub's kiosk shares one).
REGISTRATION_RATE = 100
REGISTRATION_WINDOW = 60
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

AudienceCode = Literal["everyone", "seniors", "youth", "children_families", "adults"]
CategoryCode = Literal[
    "course",
    "talk",
    "meeting_place",
    "culture",
    "physical_activity",
    "language_cafe",
    "job_cafe",
    "digital_help",
    "meal",
    "local_democracy",
    "other",
]


class EventOut(Schema):
    id: int = Field(description="The occurrence: one date of an activity, with its own places.")
    event_id: int = Field(description="The activity the occurrences of a weekly series share.")
    title: str
    description: str
    hub: str = Field(description="The hub's slug.")
    hub_name: str
    space: int
    space_name: str
    start: datetime
    end: datetime
    status: Literal["scheduled", "cancelled", "postponed"]
    category: CategoryCode
    audience: AudienceCode
    min_age: int | None
    max_age: int | None
    organiser_type: Literal["municipal", "voluntary", "private", "resident"]
    organisation: str | None
    fee: Decimal = Field(description="Participant fee (egenandel) in NOK; 0 is free.")
    free: bool
    language: str
    accessibility: str
    registration: Literal["none", "optional", "required"]
    registration_open: bool
    capacity: int | None = Field(description="Places; null: no limit.")
    seats_left: int | None
    waitlist_length: int
    url: str = Field(description="The event's page.")


class EventPage(Schema):
    count: int
    items: list[EventOut]


class EventQuery(Schema):
    hub: Slug | None = None
    from_: str | None = Field(
        None,
        alias="from",
        description="A day (YYYY-MM-DD, from its start) or an instant with an offset. "
        "Default: now.",
    )
    to: str | None = Field(
        None, description="A day (YYYY-MM-DD, to its end) or an instant with an offset."
    )
    audience: AudienceCode | None = Field(
        None, description="Events for this audience (and those for everyone)."
    )
    category: CategoryCode | None = None
    free: bool | None = Field(None, description="Only free events.")
    q: OneLine | None = Field(None, max_length=100, description="Words in the title or text.")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


PaymentMethodCode = Literal["at_desk", "invoice", "later"]


class RegistrationIn(Schema):
    name: OneLine = Field("", max_length=200, description="Required unless signed in.")
    email: OneLine = Field("", max_length=254)
    phone: OneLine = Field("", max_length=30)
    postcode: Postcode = ""
    seats: int = Field(1, ge=1, le=MAX_SEATS_PER_REGISTRATION)
    series: bool = Field(
        False,
        description="Also register for every later scheduled date of the same activity that "
        "is open for registration (one registration per date, each confirmed or waitlisted "
        "on its own; dates already registered for are skipped).",
    )
    payment_method: PaymentMethodCode | None = Field(
        None,
        description="How the participant fee is paid (events with a fee; default at_desk).",
    )


class OneRegistrationOut(Schema):
    id: int
    event_id: int = Field(description="The occurrence (date) registered for.")
    start: datetime
    status: Literal["confirmed", "waitlisted"]
    position: int | None = Field(description="Place on the waitlist; null when confirmed.")
    seats: int
    payment_method: PaymentMethodCode | None = Field(description="Null for a free event.")
    cancel_url: str = Field(description="The private page where the registrant can cancel.")


class RegistrationOut(OneRegistrationOut):
    later: list[OneRegistrationOut] = Field(
        description="With `series`: the registrations for later dates (empty otherwise)."
    )


def _moment(value: str | None, field: str, *, end: bool) -> datetime | None:
    if value is None or value == "":
        return None
    text = value.strip()
    if _DAY.match(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            day = None
        if day is not None and 1900 <= day.year <= 2999:
            return make_local(day + timedelta(days=1) if end else day, time(0))
    else:
        # The API's one rule for instants (RFC 3339 with an offset, a "+" read as a space).
        moment = parse_instant(text)
        if moment is not None:
            return moment
    raise ValidationFailed(
        errors=[
            {
                "field": field,
                "message": _("A day (YYYY-MM-DD) or a date and time with an offset."),
            }
        ]
    )


def event_out(request: HttpRequest, occurrence: Occurrence, now: datetime) -> dict:
    event, hub, space = occurrence.event, occurrence.event.hub, occurrence.space
    return {
        "id": occurrence.pk,
        "event_id": event.pk,
        "title": event.title,
        "description": event.description,
        "hub": hub.slug,
        "hub_name": hub.name,
        "space": space.pk,
        "space_name": space.name,
        "start": occurrence.start,
        "end": occurrence.end,
        "status": occurrence.status,
        "category": event.category,
        "audience": event.audience,
        "min_age": event.min_age,
        "max_age": event.max_age,
        "organiser_type": event.organiser_type,
        "organisation": event.organisation.name if event.organisation else None,
        "fee": event.fee,
        "free": event.is_free,
        "language": event.language,
        "accessibility": event.accessibility,
        "registration": event.registration,
        "registration_open": occurrence.registration_open(now),
        "capacity": event.capacity,
        "seats_left": occurrence.seats_left,
        "waitlist_length": occurrence.waitlisted,
        "url": request.build_absolute_uri(occurrence.get_absolute_url()),
    }


@router.get("/events", response={200: EventPage, **PROBLEMS}, summary="The events calendar")
def list_events(request: HttpRequest, query: Query[EventQuery]):
    now = timezone.now()
    start = _moment(query.from_, "from", end=False) or now
    end = _moment(query.to, "to", end=True)
    if end is not None and end <= start:
        raise ValidationFailed(errors=[{"field": "to", "message": _("Must be after from.")}])
    hub = None
    if query.hub:
        hub = Hub.objects.filter(slug=query.hub).first()
        if hub is None:
            raise ValidationFailed(errors=[{"field": "hub", "message": _("No such hub.")}])
    filters = selectors.Filters(
        hub=hub,
        start=start,
        end=end,
        audience=query.audience or "",
        category=query.category or "",
        free=bool(query.free),
        q=query.q or "",
    )
    qs = selectors.occurrences(filters)
    count = qs.count()
    items = qs[query.offset : query.offset + query.limit]
    return {"count": count, "items": [event_out(request, o, now) for o in items]}


def _find(occurrence_id: int) -> Occurrence:
    occurrence = (
        Occurrence.objects.select_related("event__hub", "event__organisation", "booking__space")
        .filter(pk=occurrence_id)
        .first()
    )
    if occurrence is None or not occurrence.event.is_approved:
        raise NotFound()  # waiting for approval: not public
    return occurrence


@router.get("/events/{event_id}", response={200: EventOut, **PROBLEMS}, summary="One event")
def get_event(request: HttpRequest, event_id: Id):
    return event_out(request, _find(event_id), timezone.now())


def _registrant(request: HttpRequest) -> User | None:
    """A bearer token's owner, or the session's user when the CSRF check passes; else
    anonymous (who must give a name and an e-mail address or phone number)."""
    from torget.accounts.api_auth import caller

    return cast(User | None, caller(request))


def _over_limit(request: HttpRequest) -> bool:
    return rate_limited(request, "event-registration", REGISTRATION_RATE, REGISTRATION_WINDOW)


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, 401: ProblemOut, 429: ProblemOut, **PROBLEMS},
    summary="Register for an event (confirmed, or on the waitlist when full)",
)
def register(request: HttpRequest, event_id: Id, payload: RegistrationIn):
    actor = _registrant(request)
    if actor is None and _over_limit(request):
        return problem_response(
            request,
            status=429,
            code="rate_limited",
            detail=_("Too many requests. Try again a little later."),
            headers={"Retry-After": str(REGISTRATION_WINDOW)},
        )
    create = services.registration_series_create if payload.series else services.registration_create
    result = create(
        actor=actor,
        occurrence_id=event_id,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        postcode=payload.postcode,
        seats=payload.seats,
        payment_method=payload.payment_method or "",
    )
    done = result if isinstance(result, list) else [result]
    first = _registered_out(request, done[0])
    first["later"] = [_registered_out(request, r) for r in done[1:]]
    return Status(201, first)


def _registered_out(request: HttpRequest, registered: services.Registered) -> dict:
    registration = registered.registration
    return {
        "id": registration.pk,
        "event_id": registration.occurrence_id,
        "start": registration.occurrence.start,
        "status": registration.status,
        "position": registered.position,
        "seats": registration.seats,
        "payment_method": registration.payment_method or None,
        "cancel_url": request.build_absolute_uri(
            reverse("events:registration", kwargs={"token": registered.token})
        ),
    }
