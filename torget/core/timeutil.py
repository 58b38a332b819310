"""Time in Europe/Oslo: wall times that do not exist are errors, not silent shifts."""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.core.errors import ValidationFailed

OSLO = ZoneInfo("Europe/Oslo")


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def now() -> datetime:
    return timezone.now()


def today() -> date:
    return timezone.localdate()


class NonExistentLocalTime(ValidationFailed):
    code = "time.nonexistent"
    default_message = _("That local time does not exist (the clocks are put forward that night).")


def wall_time_exists(day: date, at: time, tz: ZoneInfo | None = None) -> bool:
    tz = tz or local_tz()
    candidate = datetime.combine(day, at, tzinfo=tz)
    # zoneinfo shifts a non-existent 02:30 silently; a round trip through UTC shows it.
    return candidate.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == candidate.replace(
        tzinfo=None
    )


def make_local(day: date, at: time, tz: ZoneInfo | None = None) -> datetime:
    """An aware instant for a local wall time; raises NonExistentLocalTime in the DST gap.

    An ambiguous time (the autumn night's repeated hour) takes its first occurrence.
    """
    tz = tz or local_tz()
    if not wall_time_exists(day, at, tz):
        raise NonExistentLocalTime(field="time", day=day.isoformat(), at=at.isoformat())
    return datetime.combine(day, at, tzinfo=tz)


def local_interval(day: date, opens: time, closes: time) -> tuple[datetime, datetime]:
    """Opening hours on a day as aware UTC instants; `closes == 00:00` means midnight after `day`.

    A boundary inside the spring-forward gap moves to the first instant that exists, since
    a door that opens "at 02:30" on that night simply opens when the clock shows 03:00.
    """
    return _local_interval(day, opens, closes, settings.TIME_ZONE)


# A pure function of its arguments, asked for the same few opening times on the same days by
# every calendar (a year of nine hubs is thousands of days): each answer is worked out once.
@lru_cache(maxsize=16384)
def _local_interval(day: date, opens: time, closes: time, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    start = _existing(day, opens, tz)
    end_day = day + timedelta(days=1) if closes == time(0) else day
    end = _existing(end_day, closes, tz)
    # In UTC, so that subtraction gives real durations: Python subtracts two datetimes that
    # share a tzinfo by wall time, which makes the spring-forward night 24 hours long.
    return start.astimezone(UTC), end.astimezone(UTC)


def _existing(day: date, at: time, tz: ZoneInfo) -> datetime:
    if wall_time_exists(day, at, tz):
        return datetime.combine(day, at, tzinfo=tz)
    # Inside the gap: walk to the first wall time that exists (03:00 on the spring night).
    moment = datetime.combine(day, at)
    while not wall_time_exists(moment.date(), moment.time(), tz):
        moment += timedelta(minutes=1)
    return moment.replace(tzinfo=tz)


def days(start: date, end: date) -> list[date]:
    """Every date from start to end inclusive."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def check_window(
    start: datetime,
    end: datetime,
    *,
    max_days: int,
    start_field: str = "from",
    end_field: str = "to",
) -> None:
    """A search window must run forwards and not too far (the one rule for every window)."""
    from django.utils.translation import gettext as _

    if end <= start:
        raise ValidationFailed(
            errors=[
                {
                    "field": end_field,
                    "message": _("Must be after %(field)s.") % {"field": start_field},
                }
            ]
        )
    if end - start > timedelta(days=max_days):
        raise ValidationFailed(
            errors=[
                {
                    "field": end_field,
                    "message": _("The window may be at most %(days)s days long.")
                    % {"days": max_days},
                }
            ]
        )
