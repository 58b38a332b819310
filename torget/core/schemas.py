"""Shared API types: instants with an offset, days, text from people, pagination, the
problem+json body."""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from torget.core.text import has_control_characters
from torget.core.validators import CONTROL_CHARACTER_MESSAGE, ONE_LINE_MESSAGE

# RFC 3339 date-time (section 5.6): a date, "T" (or "t", or a space, which the RFC allows
# as a note), a time with seconds, an optional fraction, and an offset, "Z" or "+hh:mm".
# The offset is optional here only so that a missing one gets its own, clear message.
_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})?$"
)
# In a query string an unescaped "+" arrives as a space: "2026-03-29T10:00:00 02:00".
_SPACE_OFFSET = re.compile(
    r"^(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) (\d{2}:\d{2})$"
)

# Instants outside these years are typing errors, and near the ends of Python's calendar
# every "one day before" or "one day after" overflows.
MIN_YEAR = 1900
MAX_YEAR = 2999
EXAMPLE_INSTANT = "2026-03-29T10:00:00+02:00"


def _parse_instant(value: Any) -> Any:
    if isinstance(value, datetime):
        return value  # a default or a value set in code, not input
    if not isinstance(value, str):
        # Strict: pydantic would read a number as seconds since 1970 (`"start": 0`).
        raise PydanticCustomError(
            "instant_format",
            _("Not a date and time. Use RFC 3339 with an offset, e.g. %(example)s.")
            % {"example": EXAMPLE_INSTANT},
        )
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


_INSTANT = TypeAdapter(Instant)


def parse_instant(text: str) -> datetime | None:
    """`text` as an `Instant` (the same strict rule, for a parameter that is parsed by hand),
    or None when it is not one."""
    try:
        return _INSTANT.validate_python(text)
    except ValidationError:
        return None


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_day(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value  # a default or a value set in code, not input
    # Strict: only `YYYY-MM-DD`. pydantic would also take a number (`0` is 1970-01-01) and
    # a date-time at midnight.
    if not isinstance(value, str) or not _DAY.match(value):
        raise PydanticCustomError("day_format", _("Not a valid date (YYYY-MM-DD)."))
    return value


def _check_day(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise PydanticCustomError(
            "day_range",
            _("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
        )
    return value


def _check_text(value: str) -> str:
    # PostgreSQL cannot store NUL in text; no person types a control character either.
    if has_control_characters(value, multiline=True):
        raise PydanticCustomError("text_control", str(CONTROL_CHARACTER_MESSAGE))
    return value


def _check_one_line(value: str) -> str:
    # A title or a name goes into one line of a calendar file, a CSV row, an e-mail subject.
    if has_control_characters(value):
        raise PydanticCustomError("text_one_line", str(ONE_LINE_MESSAGE))
    return value


# A day: exactly `YYYY-MM-DD`, within the years the calendar arithmetic handles.
Day = Annotated[
    date,
    BeforeValidator(_parse_day),
    AfterValidator(_check_day),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2026-03-29"]}),
]
# Free text from a person over several lines (a description, a note): line breaks are
# fine, other control characters (NUL, ESC, …) are refused.
Text = Annotated[str, AfterValidator(_check_text)]
# One line of text from a person (a title, a name, a phone number): no line breaks, no tabs,
# no other control characters.
OneLine = Annotated[str, AfterValidator(_check_one_line)]
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
