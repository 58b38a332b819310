"""Shared API types: instants with an offset, pagination, the problem+json body."""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

# RFC 3339 date-time, loosely: a date, a time, an optional fraction and an optional offset.
# The offset is optional here only so that a missing one gets its own, clear message.
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$"
)
# In a query string an unescaped "+" arrives as a space: "2026-03-29T10:00:00 02:00".
_SPACE_OFFSET = re.compile(
    r"^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?) (\d{2}:?\d{2})$"
)

# Instants outside these years are typing errors, and near the ends of Python's calendar
# every "one day before" or "one day after" overflows.
MIN_YEAR = 1900
MAX_YEAR = 2999
EXAMPLE_INSTANT = "2026-03-29T10:00:00+02:00"


def _parse_instant(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    match = _SPACE_OFFSET.match(text)
    if match:
        text = f"{match.group(1)}+{match.group(2)}"
    if not _RFC3339.match(text):
        raise PydanticCustomError(
            "instant_format",
            _("Not a date and time. Use RFC 3339 with an offset, e.g. %(example)s.")
            % {"example": EXAMPLE_INSTANT},
        )
    return text


def _check_instant(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise PydanticCustomError(
            "instant_offset",
            _("An offset is required (e.g. %(example)s or Z for UTC).")
            % {"example": EXAMPLE_INSTANT},
        )
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "instant_range",
            _("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
        )
    # In UTC from here on: the same instant, and PostgreSQL refuses offsets beyond ±15:59
    # that RFC 3339 allows (the fuzz test sent -17:50 and got a 500).
    return value.astimezone(UTC)


# An instant: RFC 3339 with an offset. A naive date-time is rejected, not guessed.
Instant = Annotated[
    datetime,
    BeforeValidator(_parse_instant),
    AfterValidator(_check_instant),
    WithJsonSchema({"type": "string", "format": "date-time", "examples": [EXAMPLE_INSTANT]}),
]


def _check_day(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "day_range",
            _("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
        )
    return value


def _check_text(value: str) -> str:
    # PostgreSQL cannot store NUL in text; no person types one either.
    if "\x00" in value:
        raise PydanticCustomError(
            "text_nul", _("The text contains a character that is not allowed.")
        )
    return value


# A day (YYYY-MM-DD) within the years the calendar arithmetic handles.
Day = Annotated[date, AfterValidator(_check_day)]
# Free text from a person: no NUL characters.
Text = Annotated[str, AfterValidator(_check_text)]
# A database id: positive and within a 32-bit integer, so SQLite never overflows.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]

# A hub's slug as it appears in addresses (lowercase ASCII, digits, "-" and "_").
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=SLUG_PATTERN)]

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


class PageParams(Schema):
    """`?limit=&offset=` for every list."""

    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="How many items to return (1–500).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def paginate(items: list, page: PageParams) -> dict[str, Any]:
    """`{count, items}`: `count` is every match, `items` the requested slice."""
    return {"count": len(items), "items": items[page.offset : page.offset + page.limit]}


class CodeOut(Schema):
    code: str = Field(description="Stable snake_case English word.")
    label: str = Field(description="In the request's language.")


class CodeListOut(Schema):
    code: str = Field(description="The list's name, as in `/codes/{code}`.")
    label: str = Field(description="In the request's language.")
    url: str


class ProblemFieldError(Schema):
    field: str = Field(
        description="The field at fault, dotted for nested ones; empty for the whole request."
    )
    message: str


class ProblemOut(Schema):
    """RFC 9457 problem details, with a stable `code`."""

    type: str = Field(description="A URI reference naming the problem type, `/problems/{code}`.")
    title: str = Field(description="A short summary of the status, in the request's language.")
    status: int
    detail: str = Field(description="What went wrong, in the request's language.")
    code: str = Field(
        description="Stable, for programs: `validation`, `not_found`, `booking.conflict`, …"
    )
    errors: list[ProblemFieldError]


def problems(*statuses: int) -> dict[int, type[ProblemOut]]:
    """`response={200: Out, **problems(404, 422)}`: the problem responses an operation can give.

    The OpenAPI document lists them as `application/problem+json` (see torget.api.TorgetAPI).
    """
    return dict.fromkeys(statuses, ProblemOut)
