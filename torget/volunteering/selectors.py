"""Reads: an agreement's delivery report, the open shifts of a hub, who is on today, a
person's own volunteering, the staff queues, and volunteer hours for the key figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.permissions import is_administrator, staff_hub_ids
from torget.booking.models import Booking, BookingSeries, BookingStatus
from torget.core.errors import ValidationFailed
from torget.core.templatetags.torget import format_span
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import make_local
from torget.events import selectors as events_selectors
from torget.events.models import Occurrence
from torget.ledger.models import EntryKind, LedgerEntry
from torget.places.codes import Weekday
from torget.places.models import Hub
from torget.seasons.models import Allocation, Round
from torget.volunteering.models import (
    AgreementStatus,
    CooperationAgreement,
    Initiative,
    InitiativeStatus,
    Shift,
    ShiftDate,
    SignUp,
    SignUpStatus,
    Volunteer,
)
from torget.volunteering.services.shifts import shift_times

WEEKS_SHOWN = 4


# --- The delivery report ------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What an organisation committed to in one season against what happened."""

    agreement: CooperationAgreement
    start: date
    end: date
    season: Round | None
    committed_activities: int
    activities_held: int
    activities_ahead: int
    participants: int
    room_hours_used: Decimal
    room_hours_ahead: Decimal

    @property
    def shortfall(self) -> int:
        return max(0, self.committed_activities - self.activities_held - self.activities_ahead)


def seasons_for(agreement: CooperationAgreement) -> list[Round]:
    """The seasonal rounds at the agreement's hubs that overlap its term."""
    return list(
        Round.objects.filter(
            hubs__in=agreement.hubs.all(),
            season_start__lte=agreement.ends,
            season_end__gte=agreement.starts,
        )
        .distinct()
        .order_by("season_start")
    )


def _hours(bookings: QuerySet[Booking]) -> Decimal:
    seconds = sum((b.end - b.start).total_seconds() for b in bookings.only("start", "end"))
    return (Decimal(seconds) / Decimal(3600)).quantize(Decimal("0.1"))


def delivery_report(
    agreement: CooperationAgreement, season: Round | None = None, *, today: date | None = None
) -> Delivery:
    """The season's period (the round's, cut to the agreement's term), or the agreement's own
    term where no round applies. Activities and participants are the ledger's rows of the
    organisation at the agreement's hubs (held: up to today; ahead: after); room hours are
    the organisation's confirmed bookings there (used: ended and not marked as not shown)."""
    today = today or timezone.localdate()
    start, end = agreement.starts, agreement.ends
    if season is not None:
        start, end = max(start, season.season_start), min(end, season.season_end)
    if end < start:
        raise ValidationFailed(errors=[{"field": "season", "message": "outside the term"}])
    hubs = list(agreement.hubs.values_list("pk", flat=True))
    rows = LedgerEntry.objects.filter(
        organisation_id=agreement.organisation_id,
        hub_id__in=hubs,
        kind=EntryKind.ACTIVITY,
        date__gte=start,
        date__lte=end,
    )
    held = rows.filter(date__lte=today).aggregate(n=Sum("count"), p=Sum("participants"))
    ahead = rows.filter(date__gt=today).aggregate(n=Sum("count"))
    first = make_local(start, time(0)).astimezone(UTC)
    after = make_local(end + timedelta(days=1), time(0)).astimezone(UTC)
    now = timezone.now()
    bookings = Booking.objects.filter(
        organisation_id=agreement.organisation_id,
        space__hub_id__in=hubs,
        status=BookingStatus.CONFIRMED,
        start__gte=first,
        start__lt=after,
    )
    return Delivery(
        agreement=agreement,
        start=start,
        end=end,
        season=season,
        committed_activities=agreement.activities_per_season,
        activities_held=held["n"] or 0,
        activities_ahead=ahead["n"] or 0,
        participants=held["p"] or 0,
        room_hours_used=_hours(bookings.filter(end__lte=now, no_show=False)),
        room_hours_ahead=_hours(bookings.filter(end__gt=now)),
    )


# --- The weekly room hours an agreement can link ------------------------------------------

SERIES_SHOWN_DAYS = 365  # a series that ended longer ago than this is not offered


def slot_choices(hubs, organisation=None, *, linked=()) -> QuerySet[Allocation]:
    """The seasonal rounds' granted slots (allocations with a room) at these hubs, of the
    organisation when given, newest season first; those already linked stay offered."""
    found = Allocation.objects.filter(space__hub__in=hubs)
    if organisation is not None:
        found = found.filter(application__organisation=organisation)
    return (
        Allocation.objects.filter(Q(pk__in=found) | Q(pk__in=[a.pk for a in linked]))
        .select_related("application__organisation", "application__round", "space__hub")
        .order_by(
            "-application__round__season_start",
            "application__organisation__name",
            "weekday",
            "start_time",
            "pk",
        )
    )


def series_choices(hubs, organisation=None, *, linked=()) -> QuerySet[BookingSeries]:
    """The weekly booking series at these hubs that an organisation books (that one when
    given), still running or ended within the last year; those already linked stay
    offered. Each carries `organisation_name`."""
    since = timezone.localdate() - timedelta(days=SERIES_SHOWN_DAYS)
    booked = Booking.objects.filter(organisation__isnull=False)
    if organisation is not None:
        booked = booked.filter(organisation=organisation)
    found = BookingSeries.objects.filter(
        space__hub__in=hubs, until__gte=since, pk__in=booked.values("series")
    )
    return (
        BookingSeries.objects.filter(Q(pk__in=found) | Q(pk__in=[s.pk for s in linked]))
        .select_related("space__hub")
        .annotate(organisation_name=Max("bookings__organisation__name"))
        .order_by("-until", "first_start", "pk")
    )


def _weekday(value: int | None) -> str:
    return str(Weekday(value).label) if value is not None else ""


def _when(weekday: int | None, start, end, space) -> str:
    return _("%(weekday)s %(start)s–%(end)s, %(space)s") % {
        "weekday": _weekday(weekday),
        "start": start.strftime("%H:%M") if start else "",
        "end": end.strftime("%H:%M") if end else "",
        "space": space.name if space else "",
    }


def slot_text(allocation: Allocation) -> str:
    """`Tuesday 18:00–20:00, Møterom Nesøya` (as the agreement document writes it)."""
    return _when(allocation.weekday, allocation.start_time, allocation.end_time, allocation.space)


def series_when(series: BookingSeries) -> str:
    start = timezone.localtime(series.first_start)
    return _when(start.weekday(), start, timezone.localtime(series.first_end), series.space)


def series_period(series: BookingSeries) -> str:
    return format_span(timezone.localdate(series.first_start), series.until)


def series_text(series: BookingSeries) -> str:
    """`Tuesday 18:00–21:00, Møterom Nesøya: Sjakkveld, 08.12.2026–02.03.2027`."""
    return _("%(when)s: %(title)s, %(period)s") % {
        "when": series_when(series),
        "title": series.title,
        "period": series_period(series),
    }


# --- Open shifts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenShift:
    shift: Shift
    date: date
    start: datetime
    end: datetime
    taken: int
    mine: bool

    @property
    def free(self) -> int:
        return max(0, self.shift.people_needed - self.taken)


def open_shifts(hub: Hub, *, user=None, weeks: int = WEEKS_SHOWN) -> list[OpenShift]:
    """The dated shifts of the hub's open roles in the coming weeks, with how many are
    signed up; dates the hub is closed (or that do not exist) are left out."""
    today = timezone.localdate()
    last = today + timedelta(weeks=weeks)
    shifts = list(
        Shift.objects.select_related("role__hub")
        .filter(role__hub=hub, role__active=True, starts_on__lte=last)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
    )
    dated = {
        (d.shift_id, d.date): d
        for d in ShiftDate.objects.filter(
            shift__in=shifts, date__gte=today, date__lte=last
        ).annotate(taken=Count("signups", filter=Q(signups__status=SignUpStatus.CONFIRMED)))
    }
    mine: set[int] = set()
    if user is not None and getattr(user, "is_authenticated", False):
        mine = set(
            SignUp.objects.filter(
                volunteer__user=user,
                status=SignUpStatus.CONFIRMED,
                shift_date__in=[d.pk for d in dated.values()],
            ).values_list("shift_date_id", flat=True)
        )
    now = timezone.now()
    found = []
    for shift in shifts:
        day = max(today, shift.starts_on)
        day += timedelta(days=(shift.weekday - day.weekday()) % 7)
        while day <= last and (shift.until is None or day <= shift.until):
            try:
                start, end = shift_times(shift, day)
            except ValidationFailed:
                start = None
            if start is not None and start > now:
                row = dated.get((shift.pk, day))
                found.append(
                    OpenShift(
                        shift=shift,
                        date=day,
                        start=start,
                        end=end,
                        taken=getattr(row, "taken", 0),
                        mine=row is not None and row.pk in mine,
                    )
                )
            day += timedelta(weeks=1)
    return sorted(found, key=lambda o: (o.start, norwegian_sort_key(o.shift.role.title)))


def hubs_with_roles() -> list[Hub]:
    hubs = Hub.objects.filter(volunteer_roles__active=True).distinct()
    return sorted(hubs, key=lambda h: norwegian_sort_key(h.name))


# --- Who is on, hours, the staff queues ----------------------------------------------------


def on_duty(hub: Hub, day: date) -> list[tuple[ShiftDate, list[SignUp]]]:
    """The hub's dated shifts on a day, with who is signed up for each."""
    dated = list(
        ShiftDate.objects.select_related("shift__role").filter(hub=hub, date=day).order_by("start")
    )
    signups = SignUp.objects.select_related("volunteer__user").filter(
        shift_date__in=dated, status=SignUpStatus.CONFIRMED
    )
    by_date: dict[int, list[SignUp]] = {}
    for signup in signups:
        by_date.setdefault(signup.shift_date_id, []).append(signup)
    return [(d, by_date.get(d.pk, [])) for d in dated if by_date.get(d.pk)]


def hours_to_confirm(hub: Hub) -> list[SignUp]:
    """Sign-ups of shifts that have started, hours not yet confirmed (last 60 days)."""
    now = timezone.now()
    return list(
        SignUp.objects.select_related("volunteer__user", "shift_date__shift__role")
        .filter(
            shift_date__hub=hub,
            status=SignUpStatus.CONFIRMED,
            hours__isnull=True,
            shift_date__start__lte=now,
            shift_date__start__gte=now - timedelta(days=60),
        )
        .order_by("shift_date__start")
    )


def initiatives_open(hub: Hub) -> list[Initiative]:
    return list(
        Initiative.objects.select_related("proposer", "organisation", "taken_by")
        .filter(hub=hub, status__in=[InitiativeStatus.PROPOSED, InitiativeStatus.TAKEN])
        .order_by("created")
    )


def initiatives_decided(hub: Hub, limit: int = 20) -> list[Initiative]:
    return list(
        Initiative.objects.select_related("event")
        .filter(hub=hub, status__in=[InitiativeStatus.ACTIVITY, InitiativeStatus.DECLINED])
        .order_by("-decided_at")[:limit]
    )


def staff_hubs(user) -> list[Hub]:
    hubs = (
        Hub.objects.all()
        if is_administrator(user)
        else Hub.objects.filter(pk__in=staff_hub_ids(user))
    )
    return sorted(hubs, key=lambda h: norwegian_sort_key(h.name))


def volunteer_hours(hub: Hub | None, start: date, end: date) -> Decimal:
    """Confirmed volunteer hours in shifts from `start` to `end` (a key figure: what
    volunteers contributed, beside the ledger's activities)."""
    rows = SignUp.objects.filter(
        status=SignUpStatus.CONFIRMED,
        hours__isnull=False,
        shift_date__date__gte=start,
        shift_date__date__lte=end,
    )
    if hub is not None:
        rows = rows.filter(shift_date__hub=hub)
    return rows.aggregate(total=Sum("hours"))["total"] or Decimal("0")


# --- A person's own ------------------------------------------------------------------------


def my_volunteer(user) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user).first()


def my_signups(user) -> list[SignUp]:
    return list(
        SignUp.objects.select_related("shift_date__shift__role", "shift_date__hub")
        .filter(
            volunteer__user=user, shift_date__date__gte=timezone.localdate() - timedelta(days=30)
        )
        .order_by("shift_date__start")
    )


def my_initiatives(user) -> list[Initiative]:
    return list(
        Initiative.objects.select_related("hub", "event").filter(proposer=user).order_by("-created")
    )


# --- Agreements for staff ------------------------------------------------------------------


def agreements_for(user) -> QuerySet[CooperationAgreement]:
    """The agreements with at least one of the user's hubs (administrators: every one)."""
    rows = CooperationAgreement.objects.select_related("organisation").prefetch_related("hubs")
    if not is_administrator(user):
        rows = rows.filter(hubs__in=staff_hub_ids(user)).distinct()
    return rows.order_by("-starts", "pk")


def agreement_for(user, agreement_id: int) -> CooperationAgreement | None:
    """One agreement the user's hubs share in, or None (another hub's: as if it did not
    exist)."""
    return (
        agreements_for(user)
        .select_related(
            "hub_contact",
            "organisation_contact",
            "signed_for_hub_by",
            "signed_for_organisation_by",
            "created_by",
        )
        .filter(pk=agreement_id)
        .first()
    )


def deliveries(agreement: CooperationAgreement, *, today: date | None = None) -> list[Delivery]:
    """The delivery report for each seasonal round in the agreement's term, or one for its
    own term where no round applies."""
    seasons = seasons_for(agreement)
    if not seasons:
        return [delivery_report(agreement, None, today=today)]
    return [delivery_report(agreement, season, today=today) for season in seasons]


def active_agreements_of(organisation_id: int, *, today: date | None = None):
    """An organisation's active agreements in force today (its public page)."""
    today = today or timezone.localdate()
    return (
        CooperationAgreement.objects.filter(
            organisation_id=organisation_id,
            status=AgreementStatus.ACTIVE,
            starts__lte=today,
            ends__gte=today,
        )
        .prefetch_related("hubs")
        .order_by("starts")
    )


COMING_WEEKS = 8
COMING_SHOWN = 8


def coming_activities(organisation_id: int) -> list[Occurrence]:
    """The organisation's next public activities (the events calendar's occurrences, not
    cancelled) in the coming weeks, each activity once at its next date, soonest first:
    what it offers, at which hub."""
    now = timezone.now()
    found = events_selectors.occurrences(
        events_selectors.Filters(
            start=now, end=now + timedelta(weeks=COMING_WEEKS), include_cancelled=False
        )
    ).filter(event__organisation_id=organisation_id)
    first: dict[int, Occurrence] = {}  # a weekly activity once, at its next date
    for occurrence in found[: COMING_SHOWN * 10]:
        first.setdefault(occurrence.event_id, occurrence)
    return list(first.values())[:COMING_SHOWN]


def volunteer_by_contact(who: str) -> Volunteer | None:
    """The volunteer with this e-mail address or phone number (as they gave it, or their
    account's e-mail address)."""
    who = (who or "").strip()
    if not who:
        return None
    return (
        Volunteer.objects.select_related("user")
        .filter(Q(email__iexact=who) | Q(user__email__iexact=who) | Q(phone=who))
        .order_by("pk")
        .first()
    )
