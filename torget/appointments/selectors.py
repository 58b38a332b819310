"""Reading appointments: services, free slots, and the staff agenda. Pages and API share these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from torget.accounts.models import RoleKind, User
from torget.accounts.permissions import is_administrator, staff_hub_ids
from torget.appointments.models import Appointment, AppointmentStatus, OfficeHours, Service
from torget.core.text import norwegian_sort_key

# How far ahead residents can see and book office hours.
HORIZON_DAYS = 60
# A slot's start in addresses: UTC, so that the autumn night's repeated hour is not ambiguous.
AT_FORMAT = "%Y%m%dT%H%MZ"


def at_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(AT_FORMAT)


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    free: bool

    @property
    def at(self) -> str:
        return at_text(self.start)


def services() -> list[Service]:
    """Active services that have office hours ahead, in the municipality's order."""
    now = timezone.now()
    return list(
        Service.objects.filter(
            active=True,
            officers__sessions__cancelled=False,
            officers__sessions__end__gt=now,
        ).distinct()
    )


def upcoming_sessions(
    *, service: Service | None = None, hub_id: int | None = None, days: int = HORIZON_DAYS
) -> QuerySet[OfficeHours]:
    now = timezone.now()
    qs = OfficeHours.objects.filter(
        cancelled=False, end__gt=now, start__lt=now + timedelta(days=days)
    ).select_related("hub", "officer__service", "booking__space")
    if service is not None:
        qs = qs.filter(officer__service=service)
    if hub_id is not None:
        qs = qs.filter(hub_id=hub_id)
    return qs.order_by("start", "pk")


def taken_starts(session_ids: list[int]) -> dict[int, set[datetime]]:
    taken: dict[int, set[datetime]] = {pk: set() for pk in session_ids}
    rows = Appointment.objects.filter(session_id__in=session_ids).exclude(
        status=AppointmentStatus.CANCELLED
    )
    for session_id, start in rows.values_list("session_id", "start"):
        taken[session_id].add(start)
    return taken


def slots(session: OfficeHours, taken: set[datetime] | None = None) -> list[Slot]:
    """Every slot of a session still ahead, free or taken."""
    if taken is None:
        taken = taken_starts([session.pk])[session.pk]
    now = timezone.now()
    step = timedelta(minutes=session.slot_minutes)
    found = []
    start = session.start
    while start + step <= session.end:
        if start > now:
            found.append(Slot(start=start, end=start + step, free=start not in taken))
        start += step
    return found


@dataclass
class SessionSlots:
    session: OfficeHours
    slots: list[Slot]

    @property
    def free(self) -> list[Slot]:
        return [s for s in self.slots if s.free]


def sessions_with_slots(
    *, service: Service, hub_id: int | None = None, days: int = HORIZON_DAYS
) -> list[SessionSlots]:
    sessions = list(upcoming_sessions(service=service, hub_id=hub_id, days=days))
    taken = taken_starts([s.pk for s in sessions])
    return [SessionSlots(session=s, slots=slots(s, taken[s.pk])) for s in sessions]


def hubs_for(service: Service) -> list:
    """The hubs where a service has office hours ahead, in Norwegian order."""
    hubs = {s.hub.pk: s.hub for s in upcoming_sessions(service=service)}
    return sorted(hubs.values(), key=lambda h: norwegian_sort_key(h.name))


def today_at_hub(hub_id: int, day: date | None = None) -> list[OfficeHours]:
    """Office hours at a hub on a day (the kiosk's "what is on here today")."""
    day = day or timezone.localdate()
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    return list(
        OfficeHours.objects.filter(hub_id=hub_id, cancelled=False, start__lt=end, end__gt=start)
        .select_related("officer__service", "booking__space")
        .order_by("start")
    )


# --- The staff agenda -----------------------------------------------------------------


def agenda_sessions(user: User) -> QuerySet[OfficeHours]:
    """The sessions a user may work with: their hubs', their own and their service's."""
    qs = OfficeHours.objects.select_related("hub", "officer__service", "booking__space")
    if is_administrator(user):
        return qs
    services = list(
        user.roles.filter(kind=RoleKind.CASE_OFFICER, service__isnull=False).values_list(
            "service_id", flat=True
        )
    )
    return qs.filter(
        Q(hub_id__in=staff_hub_ids(user))
        | Q(officer__user=user)
        | Q(officer__service__organisation_id__in=services)
    )


def agenda(
    user: User, day: date, *, hub_id: int | None = None, officer_id: int | None = None
) -> list[tuple[OfficeHours, list[Appointment]]]:
    """A day's sessions with their appointments (cancelled ones left out)."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    sessions = agenda_sessions(user).filter(start__lt=end, end__gt=start)
    if hub_id is not None:
        sessions = sessions.filter(hub_id=hub_id)
    if officer_id is not None:
        sessions = sessions.filter(officer_id=officer_id)
    found = list(sessions.order_by("start", "pk"))
    booked: dict[int, list[Appointment]] = {s.pk: [] for s in found}
    for appointment in (
        Appointment.objects.filter(session_id__in=booked)
        .exclude(status=AppointmentStatus.CANCELLED)
        .order_by("start")
    ):
        booked[appointment.session_id].append(appointment)
    return [(s, booked[s.pk]) for s in found]
