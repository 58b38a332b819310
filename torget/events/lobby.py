"""The lobby screen: a hub's day for a screen across the room (`/torg/<slug>/i-dag/`).

What is on now and in the next hours, what comes later today (or, when the day is done,
the next activities), today's opening hours, the hub's notices and a QR code to its
programme. Built from the calendar's selector and the hub page's, not rules of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import segno
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from torget.core.addresses import page_address
from torget.core.siteurl import site_url
from torget.core.timeutil import now
from torget.events import selectors
from torget.events.models import Occurrence
from torget.places.hours import DayHours, OpenState
from torget.places.models import Hub, Notice
from torget.places.selectors import hub_detail

# "The next hours": what starts within them is listed first, beside what is on now.
NEXT_HOURS = timedelta(hours=3)
# Rows that fit on a 16:9 screen read from across a room; the rest is counted, not shown.
ROWS = 8
# When nothing more happens today: the next few activities in the coming week.
COMING_ROWS = 4
COMING_DAYS = 7
# Notices beyond these would push the programme off the screen.
NOTICES = 2
# The screen fetches itself this often ("now" moves on; a changed room or a cancellation
# shows within the minute).
REFRESH_SECONDS = 60


@dataclass(frozen=True)
class Row:
    occurrence: Occurrence
    is_now: bool


@dataclass
class LobbyScreen:
    hub: Hub
    at: datetime
    state: OpenState
    hours: dict[str, DayHours]  # today's, by kind (staffed, self-service)
    notices: list[Notice]
    soon: list[Row] = field(default_factory=list)  # on now, or starting in the next hours
    later: list[Row] = field(default_factory=list)  # later today
    more_later: int = 0  # later today, but no room on the screen
    coming: list[Occurrence] = field(default_factory=list)  # the next days', when today is done
    programme_url: str = ""

    @property
    def programme_text(self) -> str:
        """The address as read off the screen, without "https://"."""
        return self.programme_url.split("://", 1)[-1]


def lobby_screen(slug: str, *, at: datetime | None = None) -> LobbyScreen:
    """Raises `NotFound` for a hub that does not exist."""
    at = at or now()
    day = timezone.localdate(at)
    detail = hub_detail(slug, days=1, start=day, at=at)
    hub = detail.hub
    _, end_of_day = selectors.day_span(day, 1)
    screen = LobbyScreen(
        hub=hub,
        at=at,
        state=detail.state,
        hours=detail.days[0],
        notices=detail.notices[:NOTICES],
        programme_url=site_url() + page_address("events:hub-calendar", slug=hub.slug),
    )
    # Still on or still to come today (the calendar's selector: approved events only,
    # cancelled ones shown as such so nobody waits for them).
    rest_of_day = selectors.occurrences(selectors.Filters(hub=hub, start=at, end=end_of_day))
    rows = [Row(o, o.start <= at and o.is_scheduled) for o in rest_of_day[: ROWS + 1]]
    soon_until = at + NEXT_HOURS
    screen.soon = [r for r in rows if r.occurrence.start < soon_until][:ROWS]
    later = [r for r in rows if r.occurrence.start >= soon_until]
    room = ROWS - len(screen.soon)
    screen.later = later[:room]
    if len(rows) > ROWS:
        screen.more_later = rest_of_day.count() - len(screen.soon) - len(screen.later)
    if not rows:
        coming = selectors.Filters(
            hub=hub,
            start=end_of_day,
            end=end_of_day + timedelta(days=COMING_DAYS),
            include_cancelled=False,
        )
        screen.coming = list(selectors.occurrences(coming)[:COMING_ROWS])
    return screen


def qr_svg(url: str, label: str) -> SafeString:
    """The URL as a QR code in inline SVG: dark modules on a light square with its quiet
    zone (phones read that best, also on a dark screen), sized by CSS, named for screen
    readers."""
    svg = segno.make(url, error="m").svg_inline(
        scale=1, dark="#000", light="#fff", omitsize=True, svgclass="lobby-qr__code"
    )
    # segno writes only path data and colours; the label is ours, escaped.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
