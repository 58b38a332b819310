"""Norwegian formatting for people: numbers with a narrow no-break space, money as
`kr 1 500,50`, dates as 23.11.2026. Python code (messages, exports) calls the functions,
templates the filters of the same name, so a page and a message print a value alike."""

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, pgettext

register = template.Library()

NARROW_NBSP = "\u202f"


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    text = f"{float(value):,.{decimals}f}" if decimals else f"{round(float(value)):,}"
    lang = get_language() or "nb"
    if lang.startswith("en"):
        return text
    return text.replace(",", NARROW_NBSP).replace(".", ",")


@register.filter
def number(value, decimals: int = 0) -> str:
    """`1517` → `1 517` (bokmål) or `1,517` (English)."""
    return format_number(value, int(decimals))


CURRENCY = "kr\u00a0"  # a no-break space: "kr" never ends a line apart from its amount
ORE = Decimal("0.01")


def format_kroner(amount: int | float | Decimal | str | None) -> str:
    """An amount of money for people, the one way Torget writes it: `kr 150` for whole
    kroner, `kr 150,50` otherwise, `kr 1 500` with the narrow no-break space between
    thousands (English: `kr 1,500.50`). Rounded to øre, half up, as an invoice is."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount)).quantize(ORE, rounding=ROUND_HALF_UP)
    whole = value == value.to_integral_value()
    return CURRENCY + format_number(value, 0 if whole else 2)


def format_price(amount: int | float | Decimal | None) -> str:
    """A price or fee: `Gratis` / `Free` when there is nothing to pay, else `format_kroner`."""
    if not amount:
        return pgettext("price", "Free")
    return format_kroner(amount)


@register.filter
def kroner(value) -> str:
    """`1500.5` → `kr 1 500,50`; `150` → `kr 150` (see `format_kroner`)."""
    return format_kroner(value)


@register.filter
def day(value: date | datetime | None) -> str:
    """`23.11.2026` in both languages (the municipality's own format)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d.%m.%Y")


@register.filter
def clock(value: datetime | None) -> str:
    """`18:00`, the wall clock in Oslo (also the value of an `<input type="time">`)."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%H:%M")


@register.filter
def weekday_date(value: date | datetime) -> str:
    """`mandag 23. november` / `Monday 23 November`; an instant on its Oslo date (a booking
    from 00:30 is on the day it begins there, not on the UTC day before)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    if not (get_language() or "nb").startswith("nb"):
        return formats.date_format(value, "l j F")
    # Our catalogue writes "Torsdag" for a weekday standing alone (a column of opening
    # hours); inside a sentence bokmål writes it small: "åpner torsdag 3. desember".
    # A template starting a line with it adds |capfirst.
    text = formats.date_format(value, "l j. F")
    return text[:1].lower() + text[1:]


def format_span(
    start: date | datetime, end: date | datetime | None = None, *, compact: bool = False
) -> str:
    """When something happens, the one way Torget writes it for people (pages, messages,
    e-mails). On one day: `tirsdag 8. desember kl. 18:00–21:00` (English `Tuesday
    8 December, 18:00–21:00`), with the year added when it is not this year; an end at
    midnight is that day's `24:00`. Across days: `08.12.2026 18:00 – 09.12.2026 10:00`.
    Dates without a time: `08.12.2026–31.12.2026`. Instants are read in Europe/Oslo. The
    weekday is small as in a sentence; a line starting with it adds |capfirst. `compact`
    (an SMS, paid per 160 characters): `08.12.2026 18:00–21:00`."""
    if not isinstance(start, datetime):
        if end is None or end == start:
            return day(start)
        return f"{day(start)}–{day(end)}"
    first = timezone.localtime(start)
    last = timezone.localtime(end) if isinstance(end, datetime) else None
    ends_at_midnight = last is not None and last.date() == first.date() + timedelta(days=1)
    ends_at_midnight = ends_at_midnight and last is not None and last.hour == last.minute == 0
    if last is not None and last.date() != first.date() and not ends_at_midnight:
        return f"{day(first)} {clock(first)} – {day(last)} {clock(last)}"
    if compact:
        if last is None:
            return f"{day(first)} {clock(first)}"
        return f"{day(first)} {clock(first)}–{'24:00' if ends_at_midnight else clock(last)}"
    on_day = weekday_date(first)
    if first.year != timezone.localdate().year:
        on_day = f"{on_day} {first.year}"
    if last is None:
        return gettext("%(day)s, %(start)s") % {"day": on_day, "start": clock(first)}
    closes = "24:00" if ends_at_midnight else clock(last)
    return gettext("%(day)s, %(start)s–%(end)s") % {
        "day": on_day,
        "start": clock(first),
        "end": closes,
    }


@register.filter
def timespan(start: date | datetime | None, end: date | datetime | None = None) -> str:
    """`{{ booking.start|timespan:booking.end }}`: see `format_span`."""
    if start is None or start == "":
        return ""
    return format_span(start, end or None)
