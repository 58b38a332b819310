from datetime import date, datetime

from ninja import Schema


class IntervalOut(Schema):
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
    modules: list[str]
    open_now: bool
    open_kind: str | None  # "staffed" or "self_service" while open
    next_opening: datetime | None
    url: str


class DayHoursOut(Schema):
    date: date
    staffed: list[IntervalOut]
    self_service: list[IntervalOut]
    note: str  # why the day differs from the weekly rules, e.g. a public holiday


class SpaceOut(Schema):
    id: int
    hub: str
    name: str
    kind: str
    zone: str
    capacity: int
    parent: int | None
    features: list[str]
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
    opening_hours: list[DayHoursOut]
    notices: list[NoticeOut]


class Page(Schema):
    count: int


class HubPage(Page):
    items: list[HubOut]


class SpacePage(Page):
    items: list[SpaceOut]


class CodeOut(Schema):
    code: str
    label: str


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[dict[str, str]]
