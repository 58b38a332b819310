"""Reads of meråpent for staff pages, the API and the resident's page (the next slice's
pages call these): doors locked by wrong codes, the entry log of a hub and day, and who
is inside now."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet

from torget.access.models import Door, EntryAttempt, SelfServiceVisits
from torget.core import ratelimit
from torget.core.timeutil import make_local

WRONG_PREFIX = "torget:access:wrong:"


def locked_doors(hub_ids: list[int]) -> list[Door]:
    """Doors of these hubs refusing every code now after too many wrong ones (the alert)."""
    counters = ratelimit.current(WRONG_PREFIX, at_least=settings.TORGET_ACCESS_WRONG_CODES)
    ids = {int(c.key.removeprefix(WRONG_PREFIX)) for c in counters}
    return list(Door.objects.filter(pk__in=ids, hub_id__in=hub_ids).order_by("hub", "label"))


def entry_log(hub_id: int, day: date) -> QuerySet[EntryAttempt]:
    """Every attempt at the hub's doors on a local day, the latest first."""
    start = make_local(day, time(0))
    end = make_local(day + timedelta(days=1), time(0))
    return (
        EntryAttempt.objects.filter(door__hub_id=hub_id, at__gte=start, at__lt=end)
        .select_related("door", "opened_by")
        .order_by("-at")
    )


def entries_since(hub_id: int, since: datetime) -> int:
    """Allowed entries at the hub since a moment (the start of the self-service period):
    how many people may be inside, for fire safety."""
    return EntryAttempt.objects.filter(door__hub_id=hub_id, allowed=True, at__gte=since).count()


def visits_by_month(hub_ids: list[int], start: date, end: date) -> dict[tuple[int, date], int]:
    """Self-service visits per (hub, month) between two dates (the key figure)."""
    rows = SelfServiceVisits.objects.filter(hub_id__in=hub_ids, month__gte=start, month__lte=end)
    return {(r.hub_id, r.month): r.visits for r in rows}
