"""iCalendar feeds: every event at a hub (`/hubs/<slug>/events.ics`) and one occurrence."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from torget.core.ical import add_event, ics_response, new_calendar
from torget.events import selectors
from torget.events.codes import OccurrenceStatus
from torget.events.models import Occurrence
from torget.places.models import Hub

PAST = timedelta(days=30)
AHEAD = timedelta(days=400)
FEED_LIMIT = 2000
ICAL_STATUS = {
    OccurrenceStatus.SCHEDULED: "CONFIRMED",
    OccurrenceStatus.CANCELLED: "CANCELLED",
    OccurrenceStatus.POSTPONED: "TENTATIVE",
}


def _add(cal, request: HttpRequest, occurrence: Occurrence) -> None:
    event, hub, space = occurrence.event, occurrence.event.hub, occurrence.space
    add_event(
        cal,
        uid=f"event-occurrence-{occurrence.pk}@torget",
        start=occurrence.start,
        end=occurrence.end,
        summary=event.title,
        location=", ".join(p for p in (space.name, hub.name, hub.address, hub.postal_town) if p),
        description=event.description,
        status=ICAL_STATUS[OccurrenceStatus(occurrence.status)],
        url=request.build_absolute_uri(occurrence.get_absolute_url()),
    )


@require_GET
def hub_feed(request: HttpRequest, slug: str) -> HttpResponse:
    hub = get_object_or_404(Hub, slug=slug)
    now = timezone.now()
    items = selectors.occurrences(selectors.Filters(hub=hub, start=now - PAST, end=now + AHEAD))
    cal = new_calendar(hub.name)
    for occurrence in items[:FEED_LIMIT]:
        _add(cal, request, occurrence)
    return ics_response(cal, f"{hub.slug}-events.ics")


@require_GET
def occurrence_feed(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = selectors.visible_occurrence(pk)
    if occurrence is None:
        raise Http404
    cal = new_calendar(occurrence.event.title)
    _add(cal, request, occurrence)
    response = ics_response(cal, f"event-{occurrence.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="event-{occurrence.pk}.ics"'
    return response
