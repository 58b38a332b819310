"""Reading events: one selector feeds the calendar pages, the feeds and the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from torget.accounts.models import Organisation
from torget.accounts.permissions import can_see_event_registrants, manageable_hubs
from torget.core.timeutil import local_interval
from torget.events.codes import Approval, Audience, Category, OccurrenceStatus
from torget.events.models import Event, Occurrence
from torget.places.models import Hub

MAX_QUERY = 100
# No occurrence lasts longer than this (a weekly series' occurrence lasts at most a week).
MAX_SPAN = timedelta(days=7)


@dataclass
class Filters:
    hub: Hub | None = None
    start: datetime | None = None
    end: datetime | None = None
    audience: str = ""
    category: str = ""
    free: bool = False
    q: str = ""
    include_cancelled: bool = True

    @property
    def active(self) -> bool:
        return bool(self.audience or self.category or self.free or self.q)


def occurrences(filters: Filters) -> QuerySet[Occurrence]:
    """Public occurrences matching the filters, soonest first (cancelled ones shown as
    such). Events waiting for approval, or rejected, are not public."""
    qs = Occurrence.objects.select_related(
        "event__hub", "event__organisation", "booking__space"
    ).filter(event__approval=Approval.APPROVED)
    if filters.hub is not None:
        qs = qs.filter(event__hub=filters.hub)
    if filters.start is not None:
        # The lower bound on the start and `for_event` let the database walk the event
        # rooms' start index (`booking_event_start`) in order, instead of every occurrence
        # ever made.
        qs = qs.filter(
            booking__for_event=True,
            booking__start__gt=filters.start - MAX_SPAN,
            booking__end__gt=filters.start,
        )
    if filters.end is not None:
        qs = qs.filter(booking__start__lt=filters.end)
    if filters.audience in Audience.values:
        # "Everyone" events are for every audience too.
        qs = qs.filter(event__audience__in=[filters.audience, Audience.EVERYONE])
    if filters.category in Category.values:
        qs = qs.filter(event__category=filters.category)
    if filters.free:
        qs = qs.filter(event__fee=0)
    words = filters.q.strip()[:MAX_QUERY].split()
    for word in words[:5]:
        qs = qs.filter(
            Q(event__title__icontains=word)
            | Q(event__description__icontains=word)
            | Q(event__organisation__name__icontains=word)
            | Q(event__hub__name__icontains=word)
        )
    if not filters.include_cancelled:
        qs = qs.filter(status=OccurrenceStatus.SCHEDULED)
    return qs.order_by("booking__start", "pk")


def visible_occurrence(pk: int, user=None) -> Occurrence | None:
    """One occurrence, or None. An event not approved (yet) is shown only to `user` when they
    are its hub's staff or its organisation's contact (a preview); to everyone else it is
    not there."""
    occurrence = (
        Occurrence.objects.select_related("event__hub", "event__organisation", "booking__space")
        .filter(pk=pk)
        .first()
    )
    if occurrence is None:
        return None
    if not occurrence.event.is_approved and (
        user is None or not can_see_event_registrants(user, occurrence.event)
    ):
        return None
    return occurrence


@dataclass
class Day:
    day: date
    items: list[Occurrence] = field(default_factory=list)
    more_url: str = ""  # the week view's link to the whole day, when it holds more


def by_day(items: list[Occurrence]) -> list[Day]:
    """Grouped by local date, in order."""
    days: list[Day] = []
    for item in items:
        local = timezone.localdate(item.start)
        if not days or days[-1].day != local:
            days.append(Day(local))
        days[-1].items.append(item)
    return days


def day_span(first: date, days: int) -> tuple[datetime, datetime]:
    """From the start of `first` to the start of the day after the last, in UTC."""
    start, _ = local_interval(first, time(0), time(1))
    end, _ = local_interval(first + timedelta(days=days), time(0), time(1))
    return start, end


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# --- Organisers and approval --------------------------------------------------------------


def organisations_of(user) -> list[Organisation]:
    """The organisations the user is a contact person for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Organisation.objects.filter(contacts=user).order_by("name"))


def organiser_events(user) -> QuerySet[Event]:
    """Every event of the user's organisations (any approval state), newest first."""
    ids = [o.pk for o in organisations_of(user)]
    return (
        Event.objects.select_related("hub", "organisation")
        .filter(organisation_id__in=ids)
        .order_by("-created", "-pk")
    )


def approval_queue(user) -> QuerySet[Event]:
    """Organisers' events waiting for this staff member's hubs, oldest first (not those
    their organiser cancelled before approval: nothing is left to approve)."""
    hubs = manageable_hubs(user, Hub.objects.all())
    live = Occurrence.objects.filter(event=OuterRef("pk"), status=OccurrenceStatus.SCHEDULED)
    return (
        Event.objects.select_related("hub", "organisation", "created_by")
        .filter(Exists(live), approval=Approval.PENDING, hub__in=hubs)
        .order_by("created", "pk")
    )


def occurrences_of(event: Event) -> list[Occurrence]:
    return list(
        Occurrence.objects.select_related("booking__space", "event__hub")
        .filter(event=event)
        .order_by("booking__start", "pk")
    )
