"""Reads about hubs and spaces. One selector feeds the page, the API and any export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from torget.core.errors import NotFound, ValidationFailed
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import now, today
from torget.places.codes import Feature, NoticeLevel
from torget.places.directory import directory
from torget.places.hours import KINDS as KINDS_ORDER
from torget.places.hours import DayHours, HoursCalendar, OpenState, open_state
from torget.places.models import Hub, Module, Notice, Space, SpaceFeature

WEEK_DAYS = 7
API_HOURS_DAYS = 14


def hubs_queryset() -> QuerySet[Hub]:
    return Hub.objects.prefetch_related(
        Prefetch("modules", queryset=Module.objects.order_by("code"))
    )


@dataclass
class HubSummary:
    hub: Hub
    state: OpenState
    modules: list[str]


def hub_summaries(*, at: datetime | None = None) -> list[HubSummary]:
    """Every hub with whether it is open now and when it next opens (front page, GET /hubs)."""
    at = at or now()
    hubs = sorted(hubs_queryset(), key=lambda h: norwegian_sort_key(h.name))
    start = timezone.localdate(at)
    calendar = directory().hours(
        hubs, start - timedelta(days=1), start + timedelta(days=API_HOURS_DAYS)
    )
    return [
        HubSummary(
            hub=h, state=open_state(calendar, h, at), modules=[m.code for m in h.modules.all()]
        )
        for h in hubs
    ]


def hub_by_slug(slug: str) -> Hub:
    hub = hubs_queryset().filter(slug=slug).first()
    if hub is None:
        raise NotFound()
    return hub


@dataclass
class HubDetail:
    hub: Hub
    state: OpenState
    spaces: list[Space]
    days: list[dict[str, DayHours]]  # per day: kind → hours
    notices: list[Notice]
    spaces_by_zone: dict[str, list[Space]] = field(default_factory=dict)

    @property
    def has_self_service(self) -> bool:
        """Self-service hours on a day shown (the page then links to the hub's meråpent)."""
        return any(
            kinds["self_service"].intervals for kinds in self.days if "self_service" in kinds
        )


def spaces_queryset() -> QuerySet[Space]:
    return (
        Space.objects.filter(is_active=True)
        .select_related("hub", "parent")
        .prefetch_related(Prefetch("features", queryset=SpaceFeature.objects.order_by("code")))
    )


def hub_detail(
    slug: str, *, days: int = WEEK_DAYS, start: date | None = None, at: datetime | None = None
) -> HubDetail:
    # The spaces (with parent and feature codes) and the opening hours from the directory,
    # this process's checked copy: loading them took most of the page's time.
    hub = hub_by_slug(slug)
    at = at or now()
    start = start or today()
    end = start + timedelta(days=days - 1)
    first = min(start, timezone.localdate(at)) - timedelta(days=1)
    known = directory()
    calendar = known.hours([hub], first, max(end, start + timedelta(days=API_HOURS_DAYS)))
    spaces = sorted(
        (s for s in known.spaces.values() if s.hub_id == hub.pk and s.is_active),
        key=lambda s: norwegian_sort_key(s.name),
    )
    by_zone: dict[str, list[Space]] = {}
    for space in spaces:
        if space.zone:
            by_zone.setdefault(space.zone, []).append(space)
    day_list = [start + timedelta(days=i) for i in range(days)]
    return HubDetail(
        hub=hub,
        state=open_state(calendar, hub, at),
        spaces=spaces,
        days=[{kind: calendar.day(hub, d, kind) for kind in KINDS_ORDER} for d in day_list],
        notices=active_notices(hub, on=start),
        spaces_by_zone=by_zone,
    )


NOTICE_ORDER: dict[str, int] = {NoticeLevel.CLOSED: 0, NoticeLevel.WARNING: 1, NoticeLevel.INFO: 2}


def active_notices(hub: Hub, *, on: date) -> list[Notice]:
    """Today's notices, the most serious first (a closure before a renovation note)."""
    notices = hub.notices.filter(starts__lte=on, ends__gte=on).select_related("space")
    return sorted(notices, key=lambda n: (NOTICE_ORDER.get(n.level, 3), n.starts))


def space_detail(
    slug: str, pk: int, *, days: int = WEEK_DAYS, start: date | None = None
) -> tuple[Space, list[dict[str, DayHours]]]:
    space = spaces_queryset().filter(hub__slug=slug, pk=pk).first()
    if space is None:
        raise NotFound()
    start = start or today()
    calendar = HoursCalendar([space.hub], start, start + timedelta(days=days - 1))
    week = [
        {
            kind: calendar.day(space.hub, start + timedelta(days=i), kind, space)
            for kind in KINDS_ORDER
        }
        for i in range(days)
    ]
    return space, week


def spaces_search(
    *,
    hub: str | None = None,
    min_capacity: int | None = None,
    feature: list[str] | None = None,
) -> list[Space]:
    """Active, bookable spaces matching the filters, by hub and name. Which of them are free
    in a window is the booking engine's question (`booking.selectors.free_spaces_search`)."""
    # From the directory, this process's copy of every space with its hub and feature
    # codes (checked against the database's change stamp): loading and building a hundred
    # spaces and their features took most of a search's time.
    wanted = list(dict.fromkeys(feature or []))
    for code in wanted:
        if code not in Feature.values:
            raise ValidationFailed(
                errors=[{"field": "feature", "message": f"unknown feature {code!r}"}]
            )
    spaces = [
        space
        for space in directory().spaces.values()
        if space.is_active
        and space.bookable
        and (not hub or space.hub.slug == hub)
        and (
            min_capacity is None or (space.capacity is not None and space.capacity >= min_capacity)
        )
        and all(code in space.feature_codes for code in wanted)
    ]
    return sorted(
        spaces, key=lambda s: (norwegian_sort_key(s.hub.name), norwegian_sort_key(s.name))
    )
