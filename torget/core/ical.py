"""iCalendar (RFC 5545) files: one way to build them for every feed and download."""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, vText

from torget.core.text import without_control_characters

PRODID = "-//Torget//Torget innbyggertorg//NB"


def _text(value: str, *, multiline: bool = False) -> vText:
    """A TEXT value (RFC 5545 3.3.11): vText escapes line breaks, commas and semicolons;
    other control characters are not allowed in TEXT at all, so they are dropped. Titles
    saved before forms refused them (a pasted CR LF) must still give a readable file."""
    return vText(without_control_characters(value, multiline=multiline))


def new_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # An X- property has no known type: a plain str would go out unescaped, and a line
    # break in the name made to_ical() fail (a 500 for the calendar file).
    cal.add("x-wr-calname", _text(name))
    cal.add("x-wr-timezone", "Europe/Oslo")
    return cal


def add_event(
    cal: Calendar,
    *,
    uid: str,
    start: datetime,
    end: datetime,
    summary: str,
    location: str = "",
    description: str = "",
    status: str = "CONFIRMED",
    url: str = "",
) -> None:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    # Instants in UTC: every client reads them right, with no VTIMEZONE to get wrong.
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", _text(summary))
    if location:
        event.add("location", _text(location))
    if description:
        event.add("description", _text(description, multiline=True))
    if url:
        event.add("url", url)
    event.add("status", status)
    cal.add_component(event)


def ics_response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response
