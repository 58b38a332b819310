from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from torget.core.postcode import Postcode
from torget.core.schemas import Day, Id, Instant, OneLine, Text

OrganiserTypeCode = Literal["municipal", "voluntary", "private", "resident"]
KindCode = Literal["activity", "meeting"]


class BookingIn(Schema):
    space: Id
    start: Instant
    end: Instant
    title: OneLine = Field(..., min_length=1, max_length=200)
    organiser_type: OrganiserTypeCode
    kind: KindCode
    expected_participants: int = Field(0, ge=0, le=100_000)
    public: bool = False
    organisation: Id | None = None
    resources: list[Id] = Field(default_factory=list, max_length=20)
    on_behalf_name: OneLine = Field("", max_length=200)
    on_behalf_phone: OneLine = Field("", max_length=30)
    staff_notes: Text = Field("", max_length=2000)
    access_instructions: Text = Field("", max_length=2000)
    override_reason: Text = Field("", max_length=300)
    postcode: Postcode = ""


class SeriesIn(BookingIn):
    until: Day
    skip_dates: list[Day] = Field(default_factory=list, max_length=60)
    on_conflict: Literal["skip", "reject"] = "reject"


class BookingOut(Schema):
    id: int
    space: int
    hub: str
    start: datetime
    end: datetime
    title: str
    organiser_type: str
    kind: str
    expected_participants: int
    public: bool
    status: str
    price: Decimal
    price_tier: str
    organisation: int | None
    series: int | None
    resources: list[int]
    pending_reasons: list[str]
    overridden_rules: list[str]


class SkippedOut(Schema):
    date: date
    code: str
    message: str


class SeriesOut(Schema):
    id: int
    created: list[BookingOut]
    skipped: list[SkippedOut]


class ReasonIn(Schema):
    reason: Text = Field("", max_length=300)


class SeriesCancelIn(ReasonIn):
    from_date: Day | None = None


class SpanOut(Schema):
    start: datetime
    end: datetime


class AvailabilityOut(Schema):
    space: int
    start: datetime = Field(..., alias="from")
    end: datetime = Field(..., alias="to")
    open: list[SpanOut]
    busy: list[SpanOut]


class BlockIn(Schema):
    spaces: list[Id] = Field(..., min_length=1, max_length=200)
    start: Instant
    end: Instant
    reason: Text = Field(..., min_length=1, max_length=300)


class BlockOut(Schema):
    id: int
    in_the_way: list[BookingOut]


class BookingPage(Schema):
    count: int
    items: list[BookingOut]
