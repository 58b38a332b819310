"""The booking API: availability, bookings, series, blocks. Thin: services decide."""

from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from torget.accounts.models import Organisation, User
from torget.booking import feeds, selectors, services
from torget.booking.catalogue import catalogue
from torget.booking.models import Booking
from torget.booking.schemas import (
    AvailabilityOut,
    BlockIn,
    BlockOut,
    BookingIn,
    BookingOut,
    BookingPage,
    ReasonIn,
    SeriesCancelIn,
    SeriesIn,
    SeriesOut,
)
from torget.booking.services import series
from torget.core.errors import ValidationFailed
from torget.core.schemas import Instant, PageParams, Slug, paginate, problems
from torget.places.api import space_out
from torget.places.codes import Feature
from torget.places.models import Hub, Resource, Space
from torget.places.schemas import ProblemOut, SpacePage

router = Router(tags=["booking"])

PROBLEMS: dict[int, type] = {
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


def _actor(request: HttpRequest) -> User:
    # Both auth classes put the signed-in user on request.user (a bearer token's owner too).
    return cast(User, request.user)


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


def booking_out(booking: Booking) -> dict:
    return {
        "id": booking.pk,
        "space": booking.space_id,
        "hub": booking.space.hub.slug,
        "start": booking.start,
        "end": booking.end,
        "title": booking.title,
        "organiser_type": booking.organiser_type,
        "kind": booking.kind,
        "expected_participants": booking.expected_participants,
        "public": booking.public,
        "status": booking.status,
        "price": booking.price,
        "price_tier": booking.price_tier,
        "organisation": booking.organisation_id,
        "series": booking.series_id,
        "resources": resource_ids(booking),
        "pending_reasons": booking.pending_reasons,
        "overridden_rules": booking.overridden_rules,
    }


def resource_ids(booking: Booking) -> list[int]:
    # A booking just made knows its resources; a read prefetches them.
    known = getattr(booking, "booked_resources", None)
    if known is not None:
        return [r.pk for r in known]
    return [r.pk for r in booking.resources.all()]


def _request_from(payload: BookingIn) -> services.BookingRequest:
    """Resolve the ids in a body; an unknown id is a 422 on its field, and nothing is written."""
    # Unchecked: booking_create takes the space again from the checked catalogue. A space
    # this process has not seen yet is looked for there too.
    space = catalogue(checked=False).space(payload.space) or catalogue().space(payload.space)
    if space is None:
        raise ValidationFailed(errors=[{"field": "space", "message": "no such space"}])
    organisation = None
    if payload.organisation is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation).first()
        if organisation is None:
            raise ValidationFailed(
                errors=[{"field": "organisation", "message": "no such organisation"}]
            )
    resources = (
        list(Resource.objects.filter(pk__in=set(payload.resources))) if payload.resources else []
    )
    if len(resources) != len(set(payload.resources)):
        raise ValidationFailed(errors=[{"field": "resources", "message": "no such resource"}])
    return services.BookingRequest(
        space=space,
        start=payload.start,
        end=payload.end,
        title=payload.title,
        organiser_type=payload.organiser_type,
        kind=payload.kind,
        expected_participants=payload.expected_participants,
        public=payload.public,
        organisation=organisation,
        resources=resources,
        on_behalf_name=payload.on_behalf_name,
        postcode=payload.postcode,
        on_behalf_phone=payload.on_behalf_phone,
        staff_notes=payload.staff_notes,
        access_instructions=payload.access_instructions,
        override_reason=payload.override_reason,
    )


class SpaceFilters(PageParams):
    hub: Slug | None = Field(None, description="A hub's slug.")
    min_capacity: int | None = Field(
        None, ge=0, le=100_000, description="At least this many people."
    )
    feature: list[Feature] = Field(
        default_factory=list,
        max_length=len(Feature.values),
        description="Feature codes (see /codes/features); with several, a space has them all.",
    )
    free_from: Instant | None = Field(None, description="Start of the window; with `free_to`.")
    free_to: Instant | None = Field(
        None, description="End of the window (at most 31 days after `free_from`)."
    )


def _check_hub(slug: str | None) -> None:
    if slug and not Hub.objects.filter(slug=slug).exists():
        raise ValidationFailed(errors=[{"field": "hub", "message": _("No hub has this slug.")}])


# Listed with the hubs and spaces (places' router), answered here: "free" is the booking
# engine's question.
@router.get(
    "/spaces",
    response={200: SpacePage, **problems(422)},
    tags=["hubs and spaces"],
    summary="Spaces, filtered; with a window, only those open for all of it",
)
def list_spaces(request: HttpRequest, filters: Query[SpaceFilters]):
    _check_hub(filters.hub)
    spaces = selectors.free_spaces_search(
        hub=filters.hub,
        min_capacity=filters.min_capacity,
        feature=list(dict.fromkeys(str(f.value) for f in filters.feature)),
        free_from=filters.free_from,
        free_to=filters.free_to,
    )
    return paginate([space_out(s) for s in spaces], filters)


class Window(Schema):
    start: Instant = Field(..., alias="from")
    end: Instant = Field(..., alias="to")


@router.get(
    "/spaces/{space_id}/availability",
    response={200: AvailabilityOut, **PROBLEMS},
    by_alias=True,
    summary="Open and busy intervals of one space (no personal data)",
)
def space_availability(request: HttpRequest, space_id: int, window: Query[Window]):
    result = selectors.availability(space_id, window.start, window.end)
    return {
        "space": result.space.pk,
        "from": window.start,
        "to": window.end,
        "open": [{"start": s.start, "end": s.end} for s in result.open],
        "busy": [{"start": s.start, "end": s.end} for s in result.busy],
    }


@router.post(
    "/bookings", response={201: BookingOut, **PROBLEMS}, auth=_auth(), summary="Book a space"
)
def create_booking(request: HttpRequest, payload: BookingIn):
    booking = services.booking_create(actor=_actor(request), request=_request_from(payload))
    return Status(201, booking_out(booking))


class Paging(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)
    upcoming: bool = True


@router.get(
    "/bookings",
    response={200: BookingPage, **PROBLEMS},
    auth=_auth(),
    summary="My bookings (staff: also their hubs')",
)
def list_bookings(request: HttpRequest, paging: Query[Paging]):
    qs = (
        selectors.bookings_visible_to(_actor(request))
        .prefetch_related("resources")
        .order_by("start", "pk")
    )
    if paging.upcoming:
        from django.utils import timezone

        qs = qs.filter(end__gt=timezone.now())
    count = qs.count()
    return {
        "count": count,
        "items": [booking_out(b) for b in qs[paging.offset : paging.offset + paging.limit]],
    }


@router.get(
    "/bookings/{booking_id}",
    response={200: BookingOut, **PROBLEMS},
    auth=_auth(),
    summary="One booking (owner or hub staff)",
)
def get_booking(request: HttpRequest, booking_id: int):
    return booking_out(services.booking_for(_actor(request), booking_id))


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, **PROBLEMS},
    auth=_auth(),
    summary="Cancel a booking",
)
def cancel_booking(request: HttpRequest, booking_id: int, payload: ReasonIn | None = None):
    reason = payload.reason if payload else ""
    return booking_out(
        services.booking_cancel(actor=_actor(request), booking_id=booking_id, reason=reason)
    )


@router.post(
    "/bookings/{booking_id}/approve",
    response={200: BookingOut, **PROBLEMS},
    auth=_auth(),
    summary="Approve a pending booking (hub staff)",
)
def approve_booking(request: HttpRequest, booking_id: int):
    return booking_out(services.booking_approve(actor=_actor(request), booking_id=booking_id))


@router.post(
    "/bookings/{booking_id}/reject",
    response={200: BookingOut, **PROBLEMS},
    auth=_auth(),
    summary="Reject a pending booking with a reason (hub staff)",
)
def reject_booking(request: HttpRequest, booking_id: int, payload: ReasonIn):
    return booking_out(
        services.booking_reject(actor=_actor(request), booking_id=booking_id, reason=payload.reason)
    )


@router.post(
    "/booking-series",
    response={201: SeriesOut, **PROBLEMS},
    auth=_auth(),
    summary="Book a weekly series",
)
def create_series(request: HttpRequest, payload: SeriesIn):
    result = series.booking_series_create(
        actor=_actor(request),
        request=_request_from(payload),
        until=payload.until,
        skip_dates=payload.skip_dates,
        on_conflict=payload.on_conflict,
    )
    assert result.series is not None
    return Status(
        201,
        {
            "id": result.series.pk,
            "created": [booking_out(b) for b in result.created],
            "skipped": [
                {"date": s.date, "code": s.code, "message": s.message} for s in result.skipped
            ],
        },
    )


@router.post(
    "/booking-series/{series_id}/cancel",
    response={200: BookingPage, **PROBLEMS},
    auth=_auth(),
    summary="Cancel the rest of a series",
)
def cancel_series(request: HttpRequest, series_id: int, payload: SeriesCancelIn | None = None):
    cancelled = series.booking_series_cancel(
        actor=_actor(request),
        series_id=series_id,
        from_date=payload.from_date if payload else None,
        reason=payload.reason if payload else "",
    )
    return {"count": len(cancelled), "items": [booking_out(b) for b in cancelled]}


@router.post(
    "/blocked-periods",
    response={201: BlockOut, **PROBLEMS},
    auth=_auth(),
    summary="Block spaces for a period (hub staff)",
)
def create_block(request: HttpRequest, payload: BlockIn):
    spaces = list(Space.objects.select_related("hub").filter(pk__in=set(payload.spaces)))
    if len(spaces) != len(set(payload.spaces)):
        raise ValidationFailed(errors=[{"field": "spaces", "message": "no such space"}])
    result = services.blocked_period_create(
        actor=_actor(request),
        spaces=spaces,
        start=payload.start,
        end=payload.end,
        reason=payload.reason,
    )
    return Status(
        201, {"id": result.block.pk, "in_the_way": [booking_out(b) for b in result.in_the_way]}
    )


class FeedOut(Schema):
    url: str


@router.get(
    "/feeds/my-bookings",
    response={200: FeedOut, **PROBLEMS},
    auth=_auth(),
    summary="The address of my personal calendar feed (keep it secret)",
)
def my_feed(request: HttpRequest):
    return {"url": request.build_absolute_uri(feeds.personal_feed_url(_actor(request)))}


@router.post(
    "/feeds/my-bookings/renew",
    response={200: FeedOut, **PROBLEMS},
    auth=_auth(),
    summary="A new address for my calendar feed; the old one stops working",
)
def renew_my_feed(request: HttpRequest):
    feeds.feed_secret_renew(_actor(request))
    return {"url": request.build_absolute_uri(feeds.personal_feed_url(_actor(request)))}
