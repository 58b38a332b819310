"""iCalendar (RFC 5545) files: one way to build them for every feed and download."""

from __future__ import annotations

from datetime import UTC, datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Torget//Torget innbyggertorg//NB"


def new_calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
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
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    event.add("status", status)
    cal.add_component(event)


def ics_response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response
