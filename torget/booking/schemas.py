from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from torget.core.schemas import Instant

OrganiserTypeCode = Literal["municipal", "voluntary", "private", "resident"]
KindCode = Literal["activity", "meeting"]


class BookingIn(Schema):
    space: int = Field(..., ge=1, le=2**31)
    start: Instant
    end: Instant
    title: str = Field(..., min_length=1, max_length=200)
    organiser_type: OrganiserTypeCode
    kind: KindCode
    expected_participants: int = Field(0, ge=0, le=100_000)
    public: bool = False
    organisation: int | None = Field(None, ge=1, le=2**31)
    resources: list[int] = Field(default_factory=list, max_length=20)
    on_behalf_name: str = Field("", max_length=200)
    on_behalf_phone: str = Field("", max_length=30)
    staff_notes: str = Field("", max_length=2000)
    access_instructions: str = Field("", max_length=2000)
    override_reason: str = Field("", max_length=300)


class SeriesIn(BookingIn):
    until: date
    skip_dates: list[date] = Field(default_factory=list, max_length=60)
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
    reason: str = Field("", max_length=300)


class SeriesCancelIn(ReasonIn):
    from_date: date | None = None


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
    spaces: list[int] = Field(..., min_length=1, max_length=200)
    start: Instant
    end: Instant
    reason: str = Field(..., min_length=1, max_length=300)


class BlockOut(Schema):
    id: int
    in_the_way: list[BookingOut]


class BookingPage(Schema):
    count: int
    items: list[BookingOut]
