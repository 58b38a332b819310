"""What the API says about hubs and spaces. Instants carry their offset (+01:00, +02:00)."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from torget.core.schemas import CodeOut, ProblemOut

__all__ = [
    "CodeOut",
    "DayHoursOut",
    "HubDetailOut",
    "HubOut",
    "HubPage",
    "IntervalOut",
    "NoticeOut",
    "Page",
    "ProblemOut",
    "SpaceOut",
    "SpacePage",
]


class IntervalOut(Schema):
    """From `start` (inclusive) to `end` (exclusive), local time with its offset."""

    start: datetime
    end: datetime


class HubOut(Schema):
    slug: str
    name: str
    address: str
    postal_code: str
    postal_town: str
    latitude: float | None
    longitude: float | None
    modules: list[str] = Field(description="Module codes (see /codes/modules).")
    open_now: bool
    open_kind: str | None = Field(description="While open: `staffed` or `self_service`.")
    next_opening: datetime | None = Field(description="While closed: when it next opens.")
    url: str


class DayHoursOut(Schema):
    date: date
    staffed: list[IntervalOut] = Field(description="Hours with staff present.")
    self_service: list[IntervalOut] = Field(
        description="Self-service hours (meråpent): open with a card."
    )
    note: str = Field(
        description="Why the day differs from the weekly rules, e.g. a public holiday."
    )


class SpaceOut(Schema):
    id: int
    hub: str
    name: str
    kind: str
    zone: str
    capacity: int
    parent: int | None
    features: list[str] = Field(description="Feature codes (see /codes/features).")
    step_free: bool
    hearing_loop: bool
    bookable: bool
    url: str


class NoticeOut(Schema):
    level: str
    title: str
    text: str
    starts: date
    ends: date


class HubDetailOut(HubOut):
    description: str
    directions: str
    entrance_accessibility: str
    hearing_loop: bool
    step_free_entrance: bool
    phone: str
    email: str
    spaces: list[SpaceOut]
    opening_hours: list[DayHoursOut] = Field(description="Today and the next 13 days.")
    notices: list[NoticeOut]


class Page(Schema):
    count: int = Field(description="How many match, before `limit` and `offset`.")


class HubPage(Page):
    items: list[HubOut]


class SpacePage(Page):
    items: list[SpaceOut]
