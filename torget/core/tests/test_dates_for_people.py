"""Dates a person reads: one filter (`timespan`, `format_span`) writes every span of time,
and no line shows the same date twice in two formats ("Tirsdag 8. desember 08.12.2026")."""

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from torget.core.templatetags.torget import format_span

OSLO = ZoneInfo("Europe/Oslo")
ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p for p in ROOT.glob("*/templates/**/*") if p.suffix in {".html", ".txt"} and p.is_file()
)

# A date for people: not the machine formats of links and inputs (Y-m-d, c, Ymd), nor a
# weekday alone (a column headed "tir 8.12." names the day, it does not repeat the date).
HUMAN_DATE = r"\|(?:weekday_date|day\b|date:[\"'](?!(?:Y-m-d|c|Ymd|l|D)[\"'])[^\"']*[\"'])"
EXPRESSION = re.compile(r"([\w.]+)((?:\|[\w]+(?::[\"'][^\"']*[\"']|:[\w.]+)?)+)")


def _date_filters(line: str) -> dict[str, set[str]]:
    """Each expression on the line and the date filters it goes through."""
    found: dict[str, set[str]] = {}
    for name, filters in EXPRESSION.findall(line):
        for match in re.finditer(HUMAN_DATE, filters):
            found.setdefault(name, set()).add(match.group(0))
    return found


def _lines():
    for path in TEMPLATES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            yield f"{path.relative_to(ROOT)}:{number}", line


def test_the_scan_sees_the_templates():
    assert len(TEMPLATES) > 100


def test_no_line_shows_a_date_twice_in_two_formats():
    twice = [
        where
        for where, line in _lines()
        if any(len(filters) > 1 for filters in _date_filters(line).values())
    ]
    assert twice == []


def test_every_dated_range_uses_the_timespan_filter():
    """A range with a date on its line (`Tirsdag 8. desember, 18:00–21:00`, `08.12–09.12`)
    is written by `timespan`, so it reads alike on every page and across midnight."""
    by_hand = []
    for where, line in _lines():
        if not re.search(HUMAN_DATE, line):
            continue
        clocks = {name for name, filters in EXPRESSION.findall(line) if "|clock" in filters}
        dated_range = re.search(HUMAN_DATE + r"\s*\}\}\s*–\s*\{\{\s*[\w.]+" + HUMAN_DATE, line)
        if len(clocks) >= 2 or dated_range:
            by_hand.append(where)
    assert by_hand == []


def _at(day: int, hour: int, minute: int = 0, month: int = 12, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


@pytest.fixture
def in_2026(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: date(2026, 12, 7))


def test_a_span_on_one_day_reads_as_a_person_says_it(in_2026):
    with translation.override("nb"):
        assert format_span(_at(8, 18), _at(8, 21)) == "tirsdag 8. desember kl. 18:00–21:00"
        assert format_span(_at(8, 18)) == "tirsdag 8. desember kl. 18:00"
        # Until midnight is the same evening, not a span across two days.
        assert format_span(_at(8, 22), _at(9, 0)) == "tirsdag 8. desember kl. 22:00–24:00"
        # Another year says which.
        assert format_span(_at(5, 9, year=2027, month=1), _at(5, 10, year=2027, month=1)) == (
            "tirsdag 5. januar 2027 kl. 09:00–10:00"
        )
    with translation.override("en"):
        assert format_span(_at(8, 18), _at(8, 21)) == "Tuesday 8 December, 18:00–21:00"


def test_a_span_across_days_writes_both_dates(in_2026):
    with translation.override("nb"):
        assert format_span(_at(8, 18), _at(9, 10)) == "08.12.2026 18:00 – 09.12.2026 10:00"
    with translation.override("en"):
        assert format_span(_at(8, 18), _at(9, 10)) == "08.12.2026 18:00 – 09.12.2026 10:00"


def test_a_span_is_read_in_oslo():
    utc = ZoneInfo("UTC")
    start = datetime(2026, 12, 8, 23, 30, tzinfo=utc)  # 00:30 on the 9th in Oslo
    with translation.override("nb"):
        assert format_span(start, datetime(2026, 12, 9, 1, 0, tzinfo=utc)).startswith(
            "onsdag 9. desember kl. 00:30–02:00"
        )


def test_an_sms_gets_the_short_form(in_2026):
    assert format_span(_at(8, 18), _at(8, 21), compact=True) == "08.12.2026 18:00–21:00"
    assert (
        format_span(_at(8, 18), _at(9, 10), compact=True) == "08.12.2026 18:00 – 09.12.2026 10:00"
    )


def test_dates_without_a_time():
    assert format_span(date(2026, 1, 5), date(2026, 5, 31)) == "05.01.2026–31.05.2026"
    assert format_span(date(2026, 1, 5)) == "05.01.2026"
