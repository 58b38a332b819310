"""The appointments API: services, office hours with their free slots, booking a slot
(signed in by bearer token, or a name with a phone number and/or an e-mail), the private
link's cancel and move, and the staff agenda with held / no-show. See docs/api.md."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import Throttled

from torget.accounts.models import User
from torget.appointments import selectors, services
from torget.appointments.models import (
    ABOUT_LENGTH,
    Appointment,
    AppointmentStatus,
    Mode,
    OfficeHours,
    Officer,
    Service,
)
from torget.core.errors import NotFound, ValidationFailed
from torget.core.ratelimit import PRIVATE_LINK, rate_limited
from torget.core.schemas import (
    Day,
    Id,
    Instant,
    OneLine,
    PageParams,
    Slug,
    Text,
    paginate,
    problems,
)
from torget.places.models import Hub, Space

router = Router(tags=["appointments"])

# Anonymous bookings from one address (API.md: a burst of 100 a minute).
RATE = 100
RATE_WINDOW = 60


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _bearer_user(request: HttpRequest) -> User | None:
    """The bearer token's user, if any. The browser session is not used here: an anonymous
    endpoint has no CSRF check, so a session alone must not book in someone's name."""
    from torget.accounts.api_auth import BearerToken

    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("bearer "):
        return None
    return BearerToken().authenticate(request, header[7:].strip())


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


class ServiceOut(Schema):
    slug: str
    name: str
    description: str


class SlotOut(Schema):
    start: datetime
    end: datetime
    free: bool


class OfficeHoursOut(Schema):
    id: int
    service: str = Field(description="The service's slug.")
    service_name: str
    officer: str = Field(description="The officer's name as shown to residents.")
    hub: str = Field(description="The hub's slug.")
    hub_name: str
    space: str
    start: datetime
    end: datetime
    mode: Mode
    slot_minutes: int
    cancelled: bool
    free_slots: int


class OfficeHoursDetailOut(OfficeHoursOut):
    slots: list[SlotOut] = Field(description="Every slot still ahead, free or taken.")


class OfficeHoursPage(Schema):
    count: int
    items: list[OfficeHoursOut]


class OfficeHoursFilter(PageParams):
    service: Slug | None = None
    hub: Slug | None = None
    days: int = Field(selectors.HORIZON_DAYS, ge=1, le=selectors.HORIZON_DAYS)


class OfficeHoursIn(Schema):
    officer: Id
    space: Id
    start: Instant
    end: Instant
    mode: Mode = Mode.IN_PERSON
    meeting_link: OneLine = Field("", max_length=200)
    slot_minutes: int = Field(30, ge=services.MIN_SLOT, le=services.MAX_SLOT)
    override_reason: Text = Field("", max_length=300)


class AppointmentIn(Schema):
    office_hours: Id
    start: Instant = Field(description="A slot's start (see `slots` of the office hours).")
    about: Text = Field(min_length=1, max_length=ABOUT_LENGTH)
    name: OneLine = Field("", max_length=120)
    phone: OneLine = Field("", max_length=30)
    email: OneLine = Field("", max_length=254)


class MoveIn(Schema):
    office_hours: Id
    start: Instant


class AppointmentOut(Schema):
    id: int
    token: str = Field(description="The private link's key: keep it to cancel or move.")
    office_hours: int
    service: str
    hub: str
    start: datetime
    end: datetime
    mode: Mode
    status: AppointmentStatus
    about: str
    manage_url: str
    ics_url: str


class MarkIn(Schema):
    status: AppointmentStatus = Field(description="`held`, `no_show`, or `booked` (undo).")


class AgendaAppointmentOut(Schema):
    id: int
    start: datetime
    end: datetime
    status: AppointmentStatus
    name: str
    phone: str
    email: str
    about: str


class AgendaSessionOut(OfficeHoursOut):
    appointments: list[AgendaAppointmentOut]


class AgendaIn(Schema):
    date: Day | None = Field(None, description="The day, `YYYY-MM-DD` (default today).")
    hub: Slug | None = None
    officer: Id | None = None


def _session_out(session: OfficeHours, slots: list[selectors.Slot] | None = None) -> dict:
    found = slots if slots is not None else selectors.slots(session)
    return {
        "id": session.pk,
        "service": session.officer.service.slug,
        "service_name": session.officer.service.name,
        "officer": session.officer.name,
        "hub": session.hub.slug,
        "hub_name": session.hub.name,
        "space": session.booking.space.name,
        "start": session.start,
        "end": session.end,
        "mode": session.mode,
        "slot_minutes": session.slot_minutes,
        "cancelled": session.cancelled,
        "free_slots": sum(1 for s in found if s.free),
        "slots": [{"start": s.start, "end": s.end, "free": s.free} for s in found],
    }


def _appointment_out(request: HttpRequest, appointment: Appointment) -> dict:
    session = appointment.session
    return {
        "id": appointment.pk,
        "token": appointment.token,
        "office_hours": session.pk,
        "service": session.officer.service.slug,
        "hub": session.hub.slug,
        "start": appointment.start,
        "end": appointment.end,
        "mode": session.mode,
        "status": appointment.status,
        "about": appointment.about,
        "manage_url": request.build_absolute_uri(
            reverse("appointments:manage", args=[appointment.token])
        ),
        "ics_url": request.build_absolute_uri(
            reverse("appointments:ics", args=[appointment.token])
        ),
    }


def _one_session(pk: int) -> OfficeHours:
    session = (
        OfficeHours.objects.select_related("hub", "officer__service", "booking__space")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise NotFound()
    return session


@router.get(
    "/appointment-services",
    response={200: list[ServiceOut]},
    summary="Services with office hours ahead",
)
def appointment_services(request: HttpRequest):
    return [
        {"slug": s.slug, "name": s.name, "description": s.description} for s in selectors.services()
    ]


@router.get(
    "/office-hours",
    response={200: OfficeHoursPage, **problems(422)},
    summary="Office hours ahead, soonest first",
)
def office_hours_list(request: HttpRequest, params: Query[OfficeHoursFilter]):
    service = None
    if params.service:
        service = Service.objects.filter(slug=params.service, active=True).first()
        if service is None:
            return {"count": 0, "items": []}
    hub_id = None
    if params.hub:
        hub = Hub.objects.filter(slug=params.hub).first()
        if hub is None:
            return {"count": 0, "items": []}
        hub_id = hub.pk
    sessions = list(selectors.upcoming_sessions(service=service, hub_id=hub_id, days=params.days))
    page = paginate(sessions, params)
    taken = selectors.taken_starts([s.pk for s in page["items"]])
    page["items"] = [_session_out(s, selectors.slots(s, taken[s.pk])) for s in page["items"]]
    return page


@router.get(
    "/office-hours/{int:office_hours_id}",
    response={200: OfficeHoursDetailOut, **problems(404)},
    summary="One session of office hours with its slots",
)
def office_hours_detail(request: HttpRequest, office_hours_id: int):
    return _session_out(_one_session(office_hours_id))


@router.post(
    "/office-hours",
    response={201: OfficeHoursDetailOut, **problems(401, 403, 409, 422)},
    auth=_auth(),
    summary="Create office hours (hub staff): a booking of the space holding the officer",
)
def office_hours_create(request: HttpRequest, payload: OfficeHoursIn):
    officer = Officer.objects.select_related("service", "resource").filter(pk=payload.officer)
    space = Space.objects.select_related("hub").filter(pk=payload.space).first()
    found = officer.first()
    errors = []
    if found is None:
        errors.append({"field": "officer", "message": "no such officer"})
    if space is None:
        errors.append({"field": "space", "message": "no such space"})
    if errors:
        raise ValidationFailed(errors=errors)
    assert found is not None and space is not None
    session = services.office_hours_create(
        actor=_actor(request),
        officer=found,
        space=space,
        start=payload.start,
        end=payload.end,
        mode=payload.mode,
        meeting_link=payload.meeting_link,
        slot_minutes=payload.slot_minutes,
        override_reason=payload.override_reason,
    )
    return Status(201, _session_out(_one_session(session.pk)))


@router.post(
    "/office-hours/{int:office_hours_id}/cancel",
    response={200: OfficeHoursOut, **problems(401, 403, 404, 409)},
    auth=_auth(),
    summary="Cancel office hours (hub staff); everyone booked is told",
)
def office_hours_cancel(request: HttpRequest, office_hours_id: int):
    services.office_hours_cancel(
        actor=_actor(request), session_id=office_hours_id, site_url=_site_url(request)
    )
    return _session_out(_one_session(office_hours_id))


@router.post(
    "/appointments",
    response={201: AppointmentOut, **problems(404, 409, 422, 429)},
    summary="Book a slot (bearer token, or name with phone and/or e-mail)",
)
def appointment_book(request: HttpRequest, payload: AppointmentIn):
    user = _bearer_user(request)
    if user is None and rate_limited(request, "appointment", RATE, RATE_WINDOW):
        raise Throttled(wait=RATE_WINDOW)
    appointment = services.appointment_book(
        session_id=payload.office_hours,
        start=payload.start,
        about=payload.about,
        contact=services.Contact(
            user=user, name=payload.name, phone=payload.phone, email=payload.email
        ),
        language=get_language() or "nb",
        site_url=_site_url(request),
    )
    return Status(201, _appointment_out(request, appointment))


@router.get(
    "/appointments/{token}",
    response={200: AppointmentOut, **problems(404)},
    summary="An appointment by its private link's key",
)
def appointment_get(request: HttpRequest, token: str):
    return _appointment_out(request, services.appointment_by_token(token))


@router.post(
    "/appointments/{token}/cancel",
    response={200: AppointmentOut, **problems(404, 409, 429)},
    summary="Cancel an appointment by its private link's key",
)
def appointment_cancel(request: HttpRequest, token: str):
    if PRIVATE_LINK.exceeded(request):
        raise Throttled(wait=PRIVATE_LINK.window)
    appointment = services.appointment_cancel(token=token, site_url=_site_url(request))
    return _appointment_out(request, appointment)


@router.post(
    "/appointments/{token}/move",
    response={200: AppointmentOut, **problems(404, 409, 422, 429)},
    summary="Move an appointment to another slot of the same service",
)
def appointment_move(request: HttpRequest, token: str, payload: MoveIn):
    if PRIVATE_LINK.exceeded(request):
        raise Throttled(wait=PRIVATE_LINK.window)
    appointment = services.appointment_move(
        token=token,
        session_id=payload.office_hours,
        start=payload.start,
        site_url=_site_url(request),
    )
    return _appointment_out(request, appointment)


@router.get(
    "/agenda",
    response={200: list[AgendaSessionOut], **problems(401, 422)},
    auth=_auth(),
    summary="A day's office hours with their appointments (hub staff, officers)",
)
def agenda(request: HttpRequest, params: Query[AgendaIn]):
    day = params.date or timezone.localdate()
    hub_id = None
    if params.hub:
        hub = Hub.objects.filter(slug=params.hub).first()
        hub_id = hub.pk if hub else -1
    rows = selectors.agenda(_actor(request), day, hub_id=hub_id, officer_id=params.officer)
    out = []
    for session, appointments in rows:
        item = _session_out(session)
        item["appointments"] = [
            {
                "id": a.pk,
                "start": a.start,
                "end": a.end,
                "status": a.status,
                "name": a.name,
                "phone": a.phone,
                "email": a.email,
                "about": a.about,
            }
            for a in appointments
        ]
        out.append(item)
    return out


@router.post(
    "/agenda/appointments/{int:appointment_id}/mark",
    response={200: AgendaAppointmentOut, **problems(401, 403, 404, 409, 422)},
    auth=_auth(),
    summary="Mark an appointment held (a ledger row), no-show, or back to booked",
)
def appointment_mark(request: HttpRequest, appointment_id: int, payload: MarkIn):
    a = services.appointment_mark(
        actor=_actor(request), appointment_id=appointment_id, status=payload.status
    )
    return {
        "id": a.pk,
        "start": a.start,
        "end": a.end,
        "status": a.status,
        "name": a.name,
        "phone": a.phone,
        "email": a.email,
        "about": a.about,
    }
