"""The volunteering API: volunteer roles and open shifts (anyone), signing up for a shift
(a signed-in volunteer), and cooperation agreements with their delivery reports (hub staff,
their own hubs' agreements only). Thin: selectors read, services decide."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Literal, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import Throttled

from torget.accounts.models import User
from torget.core.errors import NotFound, ValidationFailed
from torget.core.ratelimit import Limit
from torget.core.schemas import Day, Id, PageParams, Slug, paginate, problems
from torget.places.models import Hub
from torget.volunteering import selectors, services
from torget.volunteering.models import CooperationAgreement, VolunteerRole

router = Router(tags=["volunteering"])

# Sign-ups from one client: a person signs up for a few shifts; a loop is stopped.
SIGNUPS = Limit("volunteer-signup", 30, 60 * 60)
MAX_WEEKS = 8

RoleKindCode = Literal["pc_help", "cafe", "homework", "workshop", "lobby_host", "kiosk", "other"]


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


def _hub(slug: str | None) -> Hub | None:
    if not slug:
        return None
    hub = Hub.objects.filter(slug=slug).first()
    if hub is None:
        raise ValidationFailed(errors=[{"field": "hub", "message": _("No such hub.")}])
    return hub


# --- Roles and open shifts (public) -------------------------------------------------------


class ShiftOut(Schema):
    id: int
    weekday: int = Field(description="0 = Monday.")
    start_time: time = Field(description="Local wall time (Europe/Oslo).")
    end_time: time
    people_needed: int
    starts_on: date
    until: date | None = Field(description="The last date; null: until further notice.")


class RoleOut(Schema):
    id: int
    hub: str = Field(description="The hub's slug.")
    hub_name: str
    kind: RoleKindCode
    kind_label: str
    title: str
    description: str
    police_certificate: bool = Field(
        description="Staff must have seen a police certificate before sign-up (only that "
        "they saw it is recorded)."
    )
    min_age: int | None
    shifts: list[ShiftOut]


class RolePage(Schema):
    count: int
    items: list[RoleOut]


class RoleQuery(PageParams):
    hub: Slug | None = None


class OpenShiftOut(Schema):
    shift: int
    role: int
    role_title: str
    hub: str
    date: date
    start: datetime
    end: datetime
    people_needed: int
    signed_up: int
    free: int


class OpenShiftPage(Schema):
    count: int
    items: list[OpenShiftOut]


class OpenShiftQuery(PageParams):
    hub: Slug = Field(description="The hub's slug.")
    weeks: int = Field(4, ge=1, le=MAX_WEEKS, description="How many weeks ahead (1–8).")


def _role_out(role: VolunteerRole) -> dict:
    return {
        "id": role.pk,
        "hub": role.hub.slug,
        "hub_name": role.hub.name,
        "kind": role.kind,
        "kind_label": str(role.get_kind_display()),
        "title": role.title,
        "description": role.description,
        "police_certificate": role.police_certificate,
        "min_age": role.min_age,
        "shifts": [
            {
                "id": s.pk,
                "weekday": s.weekday,
                "start_time": s.start_time,
                "end_time": s.end_time,
                "people_needed": s.people_needed,
                "starts_on": s.starts_on,
                "until": s.until,
            }
            for s in role.shifts.all()
        ],
    }


@router.get(
    "/volunteering/roles",
    response={200: RolePage, **problems(422)},
    summary="Volunteer roles open for sign-up, with their weekly shifts",
)
def volunteer_roles(request: HttpRequest, query: Query[RoleQuery]):
    hub = _hub(query.hub)
    roles = VolunteerRole.objects.select_related("hub").prefetch_related("shifts")
    roles = roles.filter(active=True, **({"hub": hub} if hub else {})).order_by("hub__name", "pk")
    return paginate([_role_out(r) for r in roles], query)


@router.get(
    "/volunteering/open-shifts",
    response={200: OpenShiftPage, **problems(422)},
    summary="A hub's dated shifts in the coming weeks, with free places",
)
def open_shifts(request: HttpRequest, query: Query[OpenShiftQuery]):
    hub = cast(Hub, _hub(query.hub))
    items = [
        {
            "shift": o.shift.pk,
            "role": o.shift.role_id,
            "role_title": o.shift.role.title,
            "hub": hub.slug,
            "date": o.date,
            "start": o.start,
            "end": o.end,
            "people_needed": o.shift.people_needed,
            "signed_up": o.taken,
            "free": o.free,
        }
        for o in selectors.open_shifts(hub, weeks=query.weeks)
    ]
    return paginate(items, query)


class SignUpIn(Schema):
    date: Day = Field(description="A date the shift takes place, from today up to 4 months.")


class SignUpOut(Schema):
    id: int
    shift: int
    date: date
    start: datetime
    end: datetime
    status: Literal["confirmed"]


@router.post(
    "/volunteering/shifts/{shift_id}/signups",
    response={201: SignUpOut, **problems(401, 403, 404, 409, 422, 429)},
    auth=_auth(),
    summary="Sign up for a shift on a date (a signed-in volunteer)",
)
def shift_signup(request: HttpRequest, shift_id: Id, payload: SignUpIn):
    """Refused: not a volunteer yet (403, give your details on /frivillig/mine/ first),
    twice (409 `shift.already_signed_up`), past its need (409 `shift.full`), under the
    role's age or without the police certificate seen (422)."""
    if SIGNUPS.exceeded(request):
        raise Throttled(wait=SIGNUPS.window)
    signup = services.signup_create(
        actor=cast(User, request.user), shift_id=shift_id, day=payload.date
    )
    dated = signup.shift_date
    return Status(
        201,
        {
            "id": signup.pk,
            "shift": dated.shift_id,
            "date": dated.date,
            "start": dated.start,
            "end": dated.end,
            "status": signup.status,
        },
    )


# --- Agreements (hub staff) ---------------------------------------------------------------

StatusCode = Literal["draft", "active", "ended"]


class AgreementOut(Schema):
    id: int
    organisation: str
    organisation_id: int
    hubs: list[str] = Field(description="The hubs' slugs.")
    starts: date
    ends: date
    status: StatusCode
    signed_on: date | None
    activities_per_season: int


class AgreementPage(Schema):
    count: int
    items: list[AgreementOut]


class AgreementQuery(PageParams):
    status: StatusCode | None = None
    hub: Slug | None = None


class DeliveryOut(Schema):
    season: int | None = Field(description="The seasonal round; null: the agreement's term.")
    season_name: str | None
    start: date
    end: date
    activities_committed: int
    activities_held: int = Field(description="The ledger's activities up to today.")
    activities_ahead: int
    participants: int
    room_hours_used: Decimal = Field(description="Confirmed bookings that ended, shown up.")
    room_hours_ahead: Decimal
    shortfall: int


class AgreementDetailOut(AgreementOut):
    hub_contact: str | None
    organisation_contact: str | None
    seasonal_slots: int = Field(description="How many of the seasonal round's slots it links.")
    booking_series: int
    storage: str
    keys_and_access: str
    equipment: str
    activities_open_to_all: bool
    reports_attendance: bool
    hub_volunteering: str
    has_scan: bool
    deliveries: list[DeliveryOut] = Field(
        description="The delivery report per seasonal round in the term (or the term)."
    )


def _name(user) -> str | None:
    return (user.get_full_name() or user.username) if user else None


def _agreement_out(agreement: CooperationAgreement) -> dict:
    return {
        "id": agreement.pk,
        "organisation": agreement.organisation.name,
        "organisation_id": agreement.organisation_id,
        "hubs": sorted(h.slug for h in agreement.hubs.all()),
        "starts": agreement.starts,
        "ends": agreement.ends,
        "status": agreement.status,
        "signed_on": agreement.signed_on,
        "activities_per_season": agreement.activities_per_season,
    }


def _delivery_out(d: selectors.Delivery) -> dict:
    return {
        "season": d.season.pk if d.season else None,
        "season_name": d.season.name if d.season else None,
        "start": d.start,
        "end": d.end,
        "activities_committed": d.committed_activities,
        "activities_held": d.activities_held,
        "activities_ahead": d.activities_ahead,
        "participants": d.participants,
        "room_hours_used": d.room_hours_used,
        "room_hours_ahead": d.room_hours_ahead,
        "shortfall": d.shortfall,
    }


@router.get(
    "/agreements",
    response={200: AgreementPage, **problems(401, 422)},
    auth=_auth(),
    summary="Cooperation agreements at the caller's hubs",
)
def agreements(request: HttpRequest, query: Query[AgreementQuery]):
    rows = selectors.agreements_for(request.user)
    if query.status:
        rows = rows.filter(status=query.status)
    hub = _hub(query.hub)
    if hub is not None:
        rows = rows.filter(hubs=hub)
    count = rows.count()
    page = rows[query.offset : query.offset + query.limit]
    return {"count": count, "items": [_agreement_out(a) for a in page]}


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **problems(401, 404)},
    auth=_auth(),
    summary="One agreement with its delivery report per season",
)
def agreement(request: HttpRequest, agreement_id: Id):
    found = selectors.agreement_for(request.user, agreement_id)
    if found is None:
        raise NotFound()  # another hub's agreement: as if it did not exist
    return {
        **_agreement_out(found),
        "hub_contact": _name(found.hub_contact),
        "organisation_contact": _name(found.organisation_contact),
        "seasonal_slots": found.allocations.count(),
        "booking_series": found.series.count(),
        "storage": found.storage,
        "keys_and_access": found.keys_and_access,
        "equipment": found.equipment,
        "activities_open_to_all": found.activities_open_to_all,
        "reports_attendance": found.reports_attendance,
        "hub_volunteering": found.hub_volunteering,
        "has_scan": bool(found.scan),
        "deliveries": [_delivery_out(d) for d in selectors.deliveries(found)],
    }
