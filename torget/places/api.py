"""GET /hubs, /hubs/{slug}, /spaces: thin, every rule lives in the selectors."""

import re
from datetime import datetime

from django.http import HttpRequest
from ninja import Path, Query, Router

from torget.core.errors import NotFound
from torget.core.schemas import SLUG_PATTERN, PageParams, paginate, problems
from torget.core.timeutil import local_tz
from torget.places import selectors
from torget.places.hours import OpenState
from torget.places.models import Hub, Space
from torget.places.schemas import (
    DayHoursOut,
    HubDetailOut,
    HubPage,
    IntervalOut,
    NoticeOut,
)

router = Router(tags=["hubs and spaces"])

_SLUG = re.compile(SLUG_PATTERN)


def _local(moment: datetime) -> datetime:
    """Instants go out in local time with their offset (+01:00 in winter, +02:00 in summer)."""
    return moment.astimezone(local_tz())


def _interval(start: datetime, end: datetime) -> IntervalOut:
    return IntervalOut(start=_local(start), end=_local(end))


def _hub_out(hub: Hub, state: OpenState, modules: list[str]) -> dict:
    return {
        "slug": hub.slug,
        "name": hub.name,
        "address": hub.address,
        "postal_code": hub.postal_code,
        "postal_town": hub.postal_town,
        "latitude": float(hub.latitude) if hub.latitude is not None else None,
        "longitude": float(hub.longitude) if hub.longitude is not None else None,
        "modules": modules,
        "open_now": state.is_open,
        "open_kind": state.kind,
        "next_opening": _local(state.next_opening.start) if state.next_opening else None,
        "url": hub.get_absolute_url(),
    }


def space_out(space: Space) -> dict:
    return {
        "id": space.pk,
        "hub": space.hub.slug,
        "name": space.name,
        "kind": space.kind,
        "zone": space.zone,
        "capacity": space.capacity,
        "parent": space.parent_id,
        "features": space.feature_codes,
        "step_free": space.step_free,
        "hearing_loop": space.hearing_loop,
        "bookable": space.bookable,
        "url": space.get_absolute_url(),
    }


@router.get(
    "/hubs",
    response={200: HubPage, **problems(422)},
    summary="Hubs, with whether each is open now",
)
def list_hubs(request: HttpRequest, page: Query[PageParams]):
    summaries = selectors.hub_summaries()
    return paginate([_hub_out(s.hub, s.state, s.modules) for s in summaries], page)


@router.get(
    "/hubs/{slug}",
    response={200: HubDetailOut, **problems(404)},
    summary="One hub with its spaces and 14 days of opening hours",
)
def get_hub(
    request: HttpRequest,
    slug: str = Path(..., description="The hub's slug, as in its address.", examples=["holmen"]),
):
    # No hub has a slug outside the pattern; asking the database would be wasted (and a NUL
    # character in a query is an error on PostgreSQL).
    if len(slug) > 120 or not _SLUG.match(slug):
        raise NotFound()
    detail = selectors.hub_detail(slug, days=selectors.API_HOURS_DAYS)
    hub = detail.hub
    out = _hub_out(hub, detail.state, [m.code for m in hub.modules.all()])
    out.update(
        description=hub.description,
        directions=hub.directions,
        entrance_accessibility=hub.entrance_accessibility,
        hearing_loop=hub.hearing_loop,
        step_free_entrance=hub.step_free_entrance,
        phone=hub.phone,
        email=hub.email,
        spaces=[space_out(s) for s in detail.spaces],
        opening_hours=[
            DayHoursOut(
                date=day["staffed"].day,
                staffed=[_interval(i.start, i.end) for i in day["staffed"].intervals],
                self_service=[_interval(i.start, i.end) for i in day["self_service"].intervals],
                note=day["staffed"].reason or day["self_service"].reason,
            )
            for day in detail.days
        ],
        notices=[NoticeOut.from_orm(n) for n in detail.notices],
    )
    return out
