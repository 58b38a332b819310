"""Reading desk data: topics, today's counts, the callback queue. Pages and API share these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from torget.core.timeutil import local_tz
from torget.desk.models import OPEN_CALLBACK_STATUSES, CallbackRequest, Inquiry, InquiryTopic
from torget.places.models import Hub


@dataclass(frozen=True)
class Topic:
    code: str
    label: str


def topics(language: str | None = None) -> list[Topic]:
    """The active topics in the hub's order, labelled in the language."""
    return [
        Topic(code=t.code, label=t.label(language))
        for t in InquiryTopic.objects.filter(active=True)
    ]


def topic_labels(language: str | None = None) -> dict[str, str]:
    """Every topic's label (inactive ones too: old rows still name them)."""
    return {t.code: t.label(language) for t in InquiryTopic.objects.all()}


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = local_tz()
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return start, end


@dataclass(frozen=True)
class DayCounts:
    hub: Hub
    day: date
    by_topic: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_topic.values())


def day_counts(hub: Hub, day: date | None = None) -> DayCounts:
    """Inquiries at a hub on a local day, per topic: every active topic, zeros included."""
    day = day or timezone.localdate()
    start, end = _day_bounds(day)
    counts = dict.fromkeys(
        InquiryTopic.objects.filter(active=True).values_list("code", flat=True), 0
    )
    rows = (
        Inquiry.objects.filter(hub=hub, occurred_at__gte=start, occurred_at__lt=end)
        .values("topic")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[row["topic"]] = row["n"]
    return DayCounts(hub=hub, day=day, by_topic=counts)


def callback_queue(hub: Hub) -> QuerySet[CallbackRequest]:
    """Open callback requests at a hub, oldest first."""
    return (
        CallbackRequest.objects.filter(hub=hub, status__in=OPEN_CALLBACK_STATUSES)
        .select_related("taken_by")
        .order_by("created", "pk")
    )


@dataclass(frozen=True)
class TodayItem:
    start: datetime
    end: datetime
    title: str
    place: str


def whats_on_today(hub: Hub) -> list[TodayItem]:
    """The kiosk's "what is on here today": public bookings and office hours at the hub
    still to come or going on (a closed meeting's title is nobody's business)."""
    from torget.appointments.selectors import today_at_hub
    from torget.booking.models import Booking, BookingStatus

    now = timezone.now()
    day = timezone.localdate()
    tz = local_tz()
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    items = [
        TodayItem(b.start, b.end, b.title, b.space.name)
        for b in Booking.objects.filter(
            space__hub=hub,
            public=True,
            status=BookingStatus.CONFIRMED,
            start__lt=end,
            end__gt=max(start, now),
        ).select_related("space")
    ]
    from django.utils.translation import gettext as _

    items += [
        TodayItem(
            s.start,
            s.end,
            _("Office hours: %(service)s") % {"service": s.officer.service.name},
            s.booking.space.name,
        )
        for s in today_at_hub(hub.pk, day)
        if s.end > now
    ]
    return sorted(items, key=lambda i: (i.start, i.title))
