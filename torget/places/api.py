"""GET /hubs, /hubs/{slug}, /spaces: thin, every rule lives in the selectors."""

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from torget.core.schemas import Instant

from torget.places import selectors
from torget.places.hours import OpenState
from torget.places.models import Hub, Space
from torget.places.schemas import (
    DayHoursOut,
    HubDetailOut,
    HubOut,
    HubPage,
    IntervalOut,
    NoticeOut,
    ProblemOut,
    SpaceOut,
    SpacePage,
)

router = Router(tags=["hubs and spaces"])

ERRORS: dict[int, type] = {404: ProblemOut, 422: ProblemOut}


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
        "next_opening": state.next_opening.start if state.next_opening else None,
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


class PageParams(Schema):
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=1_000_000)


@router.get("/hubs", response={200: HubPage, **ERRORS}, summary="Hubs, with whether each is open now")
def list_hubs(request: HttpRequest, page: Query[PageParams]):
    summaries = selectors.hub_summaries()
    items = [_hub_out(s.hub, s.state, s.modules) for s in summaries]
    return {"count": len(items), "items": items[page.offset : page.offset + page.limit]}


@router.get("/hubs/{slug}", response={200: HubDetailOut, **ERRORS}, summary="One hub with spaces and 14 days of hours")
def get_hub(request: HttpRequest, slug: str):
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
                staffed=[IntervalOut(start=i.start, end=i.end) for i in day["staffed"].intervals],
                self_service=[IntervalOut(start=i.start, end=i.end) for i in day["self_service"].intervals],
                note=day["staffed"].reason or day["self_service"].reason,
            )
            for day in detail.days
        ],
        notices=[NoticeOut.from_orm(n) for n in detail.notices],
    )
    return out


class SpaceFilters(PageParams):
    hub: str | None = Field(None, max_length=120)
    min_capacity: int | None = Field(None, ge=0, le=100_000)
    feature: list[str] = Field(default_factory=list)
    free_from: Instant | None = None
    free_to: Instant | None = None


@router.get("/spaces", response={200: SpacePage, **ERRORS}, summary="Spaces, filtered; with a window, only those open for all of it")
def list_spaces(request: HttpRequest, filters: Query[SpaceFilters]):
    spaces = selectors.spaces_search(
        hub=filters.hub,
        min_capacity=filters.min_capacity,
        feature=filters.feature,
        free_from=filters.free_from,
        free_to=filters.free_to,
    )
    items = [space_out(s) for s in spaces]
    return {"count": len(items), "items": items[filters.offset : filters.offset + filters.limit]}

