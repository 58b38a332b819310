"""Reporting periods: a year, a tertial (the municipality reports by T1–T3), a quarter, a
month, or any dates. Both ends are included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from torget.core.errors import ValidationFailed
from torget.core.schemas import MAX_YEAR, MIN_YEAR

# A longer custom period is a typing error, and a trend by month over it would be huge.
MAX_SPAN_DAYS = 366 * 20

PERIOD_KINDS = ("year", "tertial", "quarter", "month", "custom")
# How many parts a year has, and how many months each part spans.
PARTS = {"tertial": (3, 4), "quarter": (4, 3), "month": (12, 1)}
PREFIXES = {"tertial": "t", "quarter": "q", "month": "m"}


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    kind: str = "custom"
    number: int | None = None  # the tertial, quarter or month

    @property
    def code(self) -> str:
        """`year`, `t2`, `q4`, `m11` or `custom` (the page's period field)."""
        if self.kind in ("year", "custom"):
            return self.kind
        return f"{PREFIXES[self.kind]}{self.number}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def check_range(start: date, end: date) -> None:
    """A period people can mean: ends after it starts, within the years we accept."""
    errors = []
    for field, day in (("from", start), ("to", end)):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            errors.append(
                {
                    "field": field,
                    "message": _("The year must be between %(min)s and %(max)s.")
                    % {"min": MIN_YEAR, "max": MAX_YEAR},
                }
            )
    if not errors and end < start:
        errors.append({"field": "to", "message": _("The end date is before the start date.")})
    if not errors and (end - start).days + 1 > MAX_SPAN_DAYS:
        errors.append({"field": "to", "message": _("A period can be at most 20 years long.")})
    if errors:
        raise ValidationFailed(errors=errors)


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31), "year")


def part_period(kind: str, year: int, number: int) -> Period:
    """T1 = January–April, T2 = May–August, T3 = September–December; Q1–Q4; months 1–12."""
    parts, months = PARTS[kind]
    if not 1 <= number <= parts:
        raise ValidationFailed(
            errors=[
                {
                    "field": "period",
                    "message": _("Choose a number from 1 to %(parts)s.") % {"parts": parts},
                }
            ]
        )
    first = (number - 1) * months + 1
    return Period(date(year, first, 1), _month_end(year, first + months - 1), kind, number)


def period_from_code(code: str, year: int) -> Period:
    """`year`, `t1`–`t3`, `q1`–`q4`, `m1`–`m12` for a year (not `custom`)."""
    if code == "year":
        return year_period(year)
    kinds = {prefix: kind for kind, prefix in PREFIXES.items()}
    if code[:1] in kinds and code[1:].isdigit():
        return part_period(kinds[code[:1]], year, int(code[1:]))
    raise ValidationFailed(errors=[{"field": "period", "message": _("Not a known period.")}])


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month the period touches."""
    months = []
    current = date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months
