"""Reads of the ledger. One selector, `key_figures`, feeds the page, the JSON and the files.

Exact, always: the figures are sums of `count`. Whole months come from the monthly rollup
(`LedgerMonth`), which the ledger service keeps in the same transaction as the rows, so it
cannot drift; part-months from the rows, grouped over a covering index.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation
from torget.accounts.permissions import is_management, staff_hub_ids
from torget.core.errors import PermissionDenied, ValidationFailed
from torget.core.figures import Number, registered_figures
from torget.core.text import norwegian_sort_key
from torget.keyfigures.utilisation import Utilisation, utilisation
from torget.ledger.codes import Channel, DefaultTopic
from torget.ledger.models import EntryKind, LedgerEntry, LedgerMonth, OrganiserClass
from torget.ledger.periods import check_range, months_between
from torget.ledger.rollup import MonthOf
from torget.places.models import Hub

# Inquiries imported without a channel (history) are counted here.
UNSPECIFIED_CHANNEL = "unspecified"
# How many organisations "most active organisations" lists.
TOP_ORGANISATIONS = 10


@dataclass(slots=True)
class Split:
    """The memo's split: municipal and non-municipal."""

    municipal: int = 0
    non_municipal: int = 0

    @property
    def total(self) -> int:
        return self.municipal + self.non_municipal

    @property
    def municipal_share(self) -> float | None:
        """Per cent, or None when there is nothing to share."""
        return 100 * self.municipal / self.total if self.total else None

    @property
    def non_municipal_share(self) -> float | None:
        return 100 * self.non_municipal / self.total if self.total else None

    def add(self, organiser_class: str, count: int) -> None:
        if organiser_class == OrganiserClass.MUNICIPAL:
            self.municipal += count
        else:
            self.non_municipal += count

    def as_dict(self) -> dict[str, int]:
        return {"municipal": self.municipal, "non_municipal": self.non_municipal}


@dataclass(slots=True)
class Tally:
    """Everything counted for one hub or one month."""

    activities: Split = field(default_factory=Split)
    meetings: Split = field(default_factory=Split)
    inquiries: int = 0
    appointments: int = 0
    participants: int = 0

    def add(self, kind: str, organiser_class: str, count: int, participants: int) -> None:
        self.participants += participants
        if kind == EntryKind.ACTIVITY:
            self.activities.add(organiser_class, count)
        elif kind == EntryKind.MEETING:
            self.meetings.add(organiser_class, count)
        elif kind == EntryKind.INQUIRY:
            self.inquiries += count
        elif kind == EntryKind.APPOINTMENT:
            self.appointments += count


@dataclass(slots=True)
class HubFigures:
    hub: Hub
    tally: Tally


@dataclass(slots=True)
class MonthFigures:
    month: date  # the first day of the month
    tally: Tally


@dataclass(slots=True)
class OrganisationFigures:
    """One of the most active organisations: its activities and meetings, split as the memo."""

    id: int
    name: str
    activities: Split = field(default_factory=Split)
    meetings: Split = field(default_factory=Split)

    @property
    def total(self) -> int:
        return self.activities.total + self.meetings.total

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "activities": self.activities.as_dict(),
            "meetings": self.meetings.as_dict(),
            "total": self.total,
        }


@dataclass(frozen=True, slots=True)
class AddedFigure:
    """A figure another app registered (`torget.core.figures`), for this period and hub."""

    key: str
    label: str
    value: Number | None
    decimals: int = 0

    def as_json(self) -> dict:
        """A whole number when shown without decimals, else rounded as the page shows it."""
        value: Number | None = self.value
        if value is not None:
            value = round(float(value), self.decimals) if self.decimals else round(float(value))
        return {"key": self.key, "label": self.label, "value": value, "decimals": self.decimals}


def added_figures(*, start: date, end: date, hub: Hub | None) -> list[AddedFigure]:
    return [
        AddedFigure(f.key, str(f.label), f.value(hub, start, end), f.decimals)
        for f in registered_figures()
    ]


@dataclass(slots=True)
class KeyFigures:
    start: date
    end: date
    hub: Hub | None
    totals: Tally
    by_hub: list[HubFigures]
    by_topic: dict[str, int]
    by_channel: dict[str, int]
    trend: list[MonthFigures]
    organisations: list[OrganisationFigures] = field(default_factory=list)
    utilisation: Utilisation | None = None
    added: list[AddedFigure] = field(default_factory=list)

    @property
    def activities(self) -> Split:
        return self.totals.activities

    @property
    def meetings(self) -> Split:
        return self.totals.meetings

    @property
    def participants(self) -> int:
        return self.totals.participants

    def as_json(self) -> dict:
        """The API.md shape: `totals` holds exactly the memo's figure; more goes beside it."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "hub": self.hub.slug if self.hub else None,
            "totals": {
                "activities": self.activities.as_dict(),
                "meetings": self.meetings.as_dict(),
            },
            "by_hub": [
                {
                    "hub": row.hub.slug,
                    "activities": row.tally.activities.as_dict(),
                    "meetings": row.tally.meetings.as_dict(),
                }
                for row in self.by_hub
            ],
            "inquiries": {"by_topic": self.by_topic, "by_channel": self.by_channel},
            "participants": self.participants,
            "appointments": self.totals.appointments,
            "trend": [
                {
                    "month": row.month.strftime("%Y-%m"),
                    "activities": row.tally.activities.as_dict(),
                    "meetings": row.tally.meetings.as_dict(),
                    "inquiries": row.tally.inquiries,
                }
                for row in self.trend
            ],
            "organisations": [row.as_json() for row in self.organisations],
            "utilisation": self.utilisation.as_json() if self.utilisation else None,
            "added_figures": [figure.as_json() for figure in self.added],
        }


def _in_period(start: date, end: date, hub: Hub | None) -> QuerySet:
    rows = LedgerEntry.objects.filter(date__gte=start, date__lte=end)
    return rows.filter(hub=hub) if hub is not None else rows


def _month_key(month: date) -> int:
    return month.year * 100 + month.month


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def whole_months(start: date, end: date) -> tuple[date, date] | None:
    """The first and last whole month inside [start, end] (their first days), or None."""
    first = start if start.day == 1 else _next_month(start)
    after_end = end + timedelta(days=1)
    last = date(after_end.year, after_end.month, 1)  # the month after the last whole one
    last = date(last.year - (last.month == 1), (last.month - 2) % 12 + 1, 1)
    return (first, last) if first <= last else None


def _sources(start: date, end: date, hub: Hub | None) -> list[tuple[QuerySet, str]]:
    """Where each part of the period is read: whole months from the rollup, the part-months
    at the ends of a custom period from the ledger rows. (queryset, its date column)."""
    months = whole_months(start, end)
    if months is None:
        return [(_in_period(start, end, hub), "date")]
    first, last = months
    rolled = LedgerMonth.objects.filter(month__gte=first, month__lte=last)
    sources: list[tuple[QuerySet, str]] = [
        (rolled.filter(hub=hub) if hub is not None else rolled, "month")
    ]
    last_day = _next_month(last) - timedelta(days=1)
    edges = Q()
    if start < first:
        edges |= Q(date__gte=start, date__lt=first)
    if end > last_day:
        edges |= Q(date__gt=last_day, date__lte=end)
    if edges:
        raw = LedgerEntry.objects.filter(edges)
        sources.append((raw.filter(hub=hub) if hub is not None else raw, "date"))
    return sources


def key_figures(*, start: date, end: date, hub: Hub | None) -> KeyFigures:
    """The key figures for a period (both ends included), one hub or all of them.

    Whole months are read from the monthly rollup (`LedgerMonth`, exact: kept by the ledger
    service in the same transaction as the rows); the part-months at the ends of a custom
    period from the rows themselves. Two aggregate queries per source: per hub, kind, class
    and month; and inquiries per topic and channel.
    """
    check_range(start, end)
    if hub is not None:
        hubs = [hub]
    else:
        hubs = sorted(Hub.objects.all(), key=lambda h: norwegian_sort_key(h.name))
    per_hub = {h.pk: Tally() for h in hubs}
    months = months_between(start, end)
    per_month = {_month_key(m): Tally() for m in months}
    totals = Tally()
    by_topic = dict.fromkeys(DefaultTopic.values, 0)
    by_channel = dict.fromkeys(Channel.values, 0)
    by_channel[UNSPECIFIED_CHANNEL] = 0

    grouped: list[dict] = []
    inquiries: list[dict] = []
    with _fast_aggregates():
        for rows, day in _sources(start, end, hub):
            grouped += (
                rows.annotate(m=MonthOf(day))
                .values("hub_id", "kind", "organiser_class", "m")
                .annotate(n=Sum("count"), people=Sum("participants"))
                .order_by()
            )
            inquiries += (
                rows.filter(kind=EntryKind.INQUIRY)
                .values("category", "channel")
                .annotate(n=Sum("count"))
                .order_by()
            )
    for row in grouped:
        kind, organiser_class, count = row["kind"], row["organiser_class"], row["n"] or 0
        people = row["people"] or 0
        totals.add(kind, organiser_class, count, people)
        per_hub.setdefault(row["hub_id"], Tally()).add(kind, organiser_class, count, people)
        per_month.setdefault(row["m"], Tally()).add(kind, organiser_class, count, people)
    for row in inquiries:
        n = row["n"] or 0
        topic = row["category"] or DefaultTopic.OTHER.value
        by_topic[topic] = by_topic.get(topic, 0) + n
        channel = row["channel"] or UNSPECIFIED_CHANNEL
        by_channel[channel] = by_channel.get(channel, 0) + n

    known = {h.pk: h for h in hubs}
    return KeyFigures(
        organisations=most_active_organisations(start=start, end=end, hub=hub),
        added=added_figures(start=start, end=end, hub=hub),
        utilisation=utilisation(start=start, end=end, hubs=hubs),
        start=start,
        end=end,
        hub=hub,
        totals=totals,
        by_hub=[HubFigures(known[pk], tally) for pk, tally in per_hub.items() if pk in known],
        by_topic=by_topic,
        by_channel=by_channel,
        trend=[MonthFigures(m, per_month[_month_key(m)]) for m in months],
    )


def most_active_organisations(
    *, start: date, end: date, hub: Hub | None, limit: int = TOP_ORGANISATIONS
) -> list[OrganisationFigures]:
    """The organisations with the most activities and meetings (sums of `count`) in the
    period, most first (ties by name). One grouped query over a partial index that holds only
    rows with an organisation, and one for the names of the few listed."""
    per_org: dict[int, OrganisationFigures] = {}
    rows = (
        _in_period(start, end, hub)
        .filter(organisation__isnull=False, kind__in=[EntryKind.ACTIVITY, EntryKind.MEETING])
        .values("organisation_id", "kind", "organiser_class")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        figures = per_org.setdefault(row["organisation_id"], OrganisationFigures(0, ""))
        split = figures.activities if row["kind"] == EntryKind.ACTIVITY else figures.meetings
        split.add(row["organiser_class"], row["n"] or 0)
    names = dict(Organisation.objects.filter(pk__in=list(per_org)).values_list("pk", "name"))
    for pk, figures in per_org.items():
        figures.id, figures.name = pk, names.get(pk, "")
    ranked = sorted(per_org.values(), key=lambda o: (-o.total, norwegian_sort_key(o.name)))
    return ranked[:limit]


@contextmanager
def _fast_aggregates() -> Iterator[None]:
    """On PostgreSQL, no JIT for these two queries: compiling them costs more (~50 ms) than
    it saves. SET LOCAL ends with the transaction, so nothing leaks to other queries."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield


# --- Who may read which hub's figures ---------------------------------------------------------


def can_open_key_figures(user) -> bool:
    """Management (and administrators) read every hub; hub staff their own hubs."""
    return is_management(user) or bool(staff_hub_ids(user))


def report_hubs(user) -> list[Hub]:
    """The hubs a user may choose, in Norwegian order."""
    hubs = Hub.objects.all()
    if not is_management(user):
        hubs = hubs.filter(pk__in=staff_hub_ids(user))
    return sorted(hubs, key=lambda h: norwegian_sort_key(h.name))


def report_scope(user, hub_slug: str | None) -> Hub | None:
    """The hub a user's report covers, or None for all hubs.

    Management chooses any hub or all. Hub staff read their own hubs only: another hub is
    403, and no hub means their hub (when they have several, they must choose).
    """
    if not can_open_key_figures(user):
        raise PermissionDenied()
    if hub_slug:
        hub = Hub.objects.filter(slug=hub_slug).first()
        if hub is None:
            raise ValidationFailed(errors=[{"field": "hub", "message": _("No such hub.")}])
        if not is_management(user) and hub.pk not in staff_hub_ids(user):
            raise PermissionDenied(_("You may only read the key figures of your own hubs."))
        return hub
    if is_management(user):
        return None
    own = report_hubs(user)
    if len(own) == 1:
        return own[0]
    raise ValidationFailed(errors=[{"field": "hub", "message": _("Choose one of your hubs.")}])
