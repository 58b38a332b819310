"""Writing appointments: officers, office hours (on the booking engine), booking a slot,
cancelling and moving it, reminders, and marking held or no-show (with the ledger row).

Every write goes through here, whoever calls (pages, API, back office, demo, commands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import RoleKind, User
from torget.accounts.permissions import can_manage_hub, is_administrator
from torget.appointments import messages
from torget.appointments.errors import (
    NotActive,
    NotASlot,
    NotOfficeStaff,
    SessionCancelled,
    SlotInPast,
    SlotTaken,
    TooEarlyToMark,
    UnknownLink,
)
from torget.appointments.models import (
    ABOUT_LENGTH,
    Appointment,
    AppointmentStatus,
    Mode,
    OfficeHours,
    Officer,
    Service,
)
from torget.booking.models import BookingKind, BookingStatus
from torget.booking.services import BookingRequest, booking_cancel, booking_create
from torget.core.db import serialized_write
from torget.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from torget.core.timeutil import make_local
from torget.ledger.codes import Channel
from torget.ledger.models import EntryKind, EntrySource, OrganiserType
from torget.ledger.services import LedgerFact, ledger_record, ledger_reverse
from torget.places.codes import ResourceKind
from torget.places.models import Resource, Space

MIN_SLOT, MAX_SLOT = 5, 240
MAX_SESSION = timedelta(hours=12)
PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(errors=[{"field": field, "message": message}])


# --- Who may do what -------------------------------------------------------------------


def can_work_session(actor: User, session: OfficeHours) -> bool:
    """The hub's staff, the officer, and the case officers of the officer's service."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if can_manage_hub(actor, session.hub):
        return True
    officer = session.officer
    if officer.user_id == actor.pk:
        return True
    organisation_id = officer.service.organisation_id
    return bool(
        organisation_id
        and actor.roles.filter(kind=RoleKind.CASE_OFFICER, service_id=organisation_id).exists()
    )


# --- Officers and office hours --------------------------------------------------------


@transaction.atomic
def officer_create(
    *, actor: User, service: Service, name: str, user: User | None = None
) -> Officer:
    """An officer with the resource (no hub: travels between hubs) the engine books."""
    if not is_administrator(actor):
        raise PermissionDenied()
    name = name.strip()
    if not name:
        raise _invalid("name", _("A name is required."))
    resource = Resource.objects.create(
        hub=None, name=f"{name} ({service.name})"[:120], kind=ResourceKind.STAFF, quantity=1
    )
    return Officer.objects.create(service=service, name=name[:120], user=user, resource=resource)


def _session_title(officer: Officer) -> str:
    # No person's name: the booking's title shows on the hub's calendars.
    return (_("Office hours: %(service)s") % {"service": officer.service.name})[:200]


def _check_session(
    start: datetime, end: datetime, mode: str, meeting_link: str, slot_minutes: int
) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise _invalid("start", _("Start and end need a UTC offset."))
    if end <= start:
        raise _invalid("end", _("The end must be after the start."))
    if end - start > MAX_SESSION:
        raise _invalid("end", _("Office hours last at most 12 hours."))
    if mode not in Mode.values:
        raise _invalid("mode", _("Unknown mode."))
    if not (MIN_SLOT <= slot_minutes <= MAX_SLOT):
        raise _invalid(
            "slot_minutes",
            _("A slot is %(min)s to %(max)s minutes long.") % {"min": MIN_SLOT, "max": MAX_SLOT},
        )
    if timedelta(minutes=slot_minutes) > end - start:
        raise _invalid("slot_minutes", _("The office hours are shorter than one slot."))
    if mode == Mode.VIDEO and not meeting_link.startswith("https://"):
        raise _invalid("meeting_link", _("Video office hours need a meeting link (https://…)."))


@serialized_write
def office_hours_create(
    *,
    actor: User,
    officer: Officer,
    space: Space,
    start: datetime,
    end: datetime,
    mode: str = Mode.IN_PERSON,
    meeting_link: str = "",
    slot_minutes: int = 30,
    override_reason: str = "",
) -> OfficeHours:
    """One session: a municipal meeting booking of the space that holds the officer. The
    booking engine refuses a busy room (409 booking.conflict) and an officer who is
    elsewhere then, at any hub (409 booking.resource_unavailable)."""
    if not can_manage_hub(actor, space.hub):
        raise NotOfficeStaff()
    meeting_link = meeting_link.strip()
    _check_session(start, end, mode, meeting_link, slot_minutes)
    if not officer.active or not officer.service.active:
        raise _invalid("officer", _("This officer does not hold office hours now."))
    booking = booking_create(
        actor=actor,
        request=BookingRequest(
            space=space,
            start=start,
            end=end,
            title=_session_title(officer),
            organiser_type=OrganiserType.MUNICIPAL,
            kind=BookingKind.MEETING,
            expected_participants=2,
            organisation=officer.service.organisation,
            resources=[officer.resource],
            override_reason=override_reason,
            # The room booking is the service's own: nobody needs a message about it.
            notify=False,
        ),
    )
    return OfficeHours.objects.create(
        officer=officer,
        hub=space.hub,
        booking=booking,
        start=booking.start,
        end=booking.end,
        mode=mode,
        meeting_link=meeting_link,
        slot_minutes=slot_minutes,
        created_by=actor,
    )


@dataclass
class PlanResult:
    created: list[OfficeHours]
    skipped: list[tuple[date, str]]  # (day, why)


def office_hours_plan(
    *,
    actor: User,
    officer: Officer,
    space: Space,
    weekday: int,
    opens: time,
    closes: time,
    first_day: date,
    until: date,
    mode: str = Mode.IN_PERSON,
    meeting_link: str = "",
    slot_minutes: int = 30,
    skip_dates: frozenset[date] = frozenset(),
) -> PlanResult:
    """Weekly office hours (a rotation is several plans: Tofte on Tuesdays, Sætre on
    Thursdays). Each day is its own session; a day the room or the officer is taken is
    skipped and listed, the others are created. Someone who may not hold office hours in
    the space's hub is refused outright (nothing is created, no day is "skipped")."""
    if not can_manage_hub(actor, space.hub):
        raise NotOfficeStaff()
    if not 0 <= weekday <= 6:
        raise _invalid("weekday", _("Unknown weekday."))
    if until < first_day or (until - first_day).days > 366:
        raise _invalid("until", _("Plan at most a year ahead."))
    result = PlanResult(created=[], skipped=[])
    day = first_day + timedelta(days=(weekday - first_day.weekday()) % 7)
    while day <= until:
        if day not in skip_dates:
            try:
                with transaction.atomic():
                    result.created.append(
                        office_hours_create(
                            actor=actor,
                            officer=officer,
                            space=space,
                            start=make_local(day, opens),
                            end=make_local(day, closes),
                            mode=mode,
                            meeting_link=meeting_link,
                            slot_minutes=slot_minutes,
                        )
                    )
            except DomainError as error:
                result.skipped.append((day, str(error.message)))
        day += timedelta(days=7)
    return result


@serialized_write
def office_hours_cancel(
    *, actor: User, session_id: int, reason: str = "", site_url: str = ""
) -> OfficeHours:
    """Cancel a session: the room and the officer are freed, and everyone booked is told."""
    session = (
        OfficeHours.objects.select_for_update(of=("self",))
        .select_related("hub", "officer__service", "booking")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound()
    if not can_manage_hub(actor, session.hub):
        raise NotOfficeStaff()
    if session.cancelled:
        raise SessionCancelled()
    session.cancelled = True
    session.save(update_fields=["cancelled"])
    if session.booking.status in (BookingStatus.CONFIRMED, BookingStatus.PENDING):
        booking_cancel(actor=actor, booking_id=session.booking_id, reason=reason, notify=False)
    for appointment in session.appointments.filter(status=AppointmentStatus.BOOKED):
        _cancel(appointment)
        messages.queue(appointment, messages.CANCELLED_BY_SERVICE, site_url=site_url)
    return session


# --- Booking a slot -------------------------------------------------------------------


@dataclass
class Contact:
    """Who books: a signed-in user, or a name with a phone number and/or an e-mail."""

    user: User | None = None
    name: str = ""
    phone: str = ""
    email: str = ""


def _check_contact(contact: Contact) -> Contact:
    user = contact.user if getattr(contact.user, "is_authenticated", False) else None
    name, phone, email = contact.name.strip(), contact.phone.strip(), contact.email.strip()
    errors = []
    if user is None and not name:
        errors.append({"field": "name", "message": _("Write your name.")})
    if len(name) > 120:
        errors.append({"field": "name", "message": _("At most 120 characters.")})
    if phone and not PHONE.match(phone):
        errors.append({"field": "phone", "message": _("Write a phone number of 8 digits or more.")})
    if email and (not EMAIL.match(email) or len(email) > 254):
        errors.append({"field": "email", "message": _("Write a valid e-mail address.")})
    if user is None and not phone and not email:
        errors.append({"field": "phone", "message": _("Give a phone number or an e-mail address.")})
    if errors:
        raise ValidationFailed(errors=errors)
    if user is not None:
        name = name or user.get_full_name()
        email = email or user.email
        phone = phone or user.phone
    return Contact(user=user, name=name, phone=phone, email=email)


def _locked_session(session_id: int) -> OfficeHours:
    session = (
        OfficeHours.objects.select_related("hub", "officer__service", "booking__space")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound()
    if session.cancelled:
        raise SessionCancelled()
    return session


def slot_end(session: OfficeHours, start: datetime) -> datetime:
    """The end of the slot that starts at `start`, or NotASlot when no slot starts then."""
    if start.tzinfo is None:
        raise _invalid("start", _("Start and end need a UTC offset."))
    start = start.astimezone(UTC)
    step = timedelta(minutes=session.slot_minutes)
    offset = start - session.start
    end = start + step
    if offset < timedelta(0) or offset % step or end > session.end:
        raise NotASlot()
    return end


def _check_about(about: str) -> str:
    about = " ".join(about.split())
    if not about:
        raise _invalid("about", _("Write briefly what it is about."))
    if len(about) > ABOUT_LENGTH:
        raise _invalid("about", _("At most 300 characters."))
    return about


def _take(appointment: Appointment) -> None:
    """Save under the (session, start) constraint: the loser of a race gets 409."""
    taken = Appointment.objects.filter(
        session_id=appointment.session_id, start=appointment.start
    ).exclude(status=AppointmentStatus.CANCELLED)
    if appointment.pk:
        taken = taken.exclude(pk=appointment.pk)
    if taken.exists():
        raise SlotTaken()
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as exc:
        raise SlotTaken() from exc


@serialized_write
def appointment_book(
    *,
    session_id: int,
    start: datetime,
    about: str,
    contact: Contact,
    language: str = "nb",
    site_url: str = "",
) -> Appointment:
    """Book one slot; the confirmation (with a link to the iCalendar file and the private
    link to cancel or move) is queued in the outbox in the same transaction."""
    session = _locked_session(session_id)
    end = slot_end(session, start)
    if start <= timezone.now():
        raise SlotInPast()
    about = _check_about(about)
    who = _check_contact(contact)
    appointment = Appointment(
        session=session,
        start=start.astimezone(UTC),
        end=end,
        about=about,
        user=who.user,
        name=who.name[:120],
        phone=who.phone[:30],
        email=who.email[:254],
        language="en" if language.startswith("en") else "nb",
    )
    _take(appointment)
    messages.queue(appointment, messages.CONFIRMED, site_url=site_url)
    return appointment


def appointment_by_token(token: str) -> Appointment:
    if not token or len(token) > 64:
        raise UnknownLink()
    appointment = (
        Appointment.objects.select_related("session__hub", "session__officer__service")
        .filter(token=token)
        .first()
    )
    if appointment is None:
        raise UnknownLink()
    return appointment


def _cancel(appointment: Appointment) -> None:
    appointment.status = AppointmentStatus.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.save(update_fields=["status", "cancelled_at"])


@serialized_write
def appointment_cancel(*, token: str, site_url: str = "") -> Appointment:
    """Cancel through the private link (before it starts); the slot is free again."""
    appointment = appointment_by_token(token)
    if appointment.status != AppointmentStatus.BOOKED or appointment.start <= timezone.now():
        raise NotActive()
    _cancel(appointment)
    messages.queue(appointment, messages.CANCELLED, site_url=site_url)
    return appointment


@serialized_write
def appointment_move(
    *, token: str, session_id: int, start: datetime, site_url: str = ""
) -> Appointment:
    """Rebook through the private link: another slot (same service, any hub or time). The
    old slot is freed only when the new one is taken; the link stays the same."""
    appointment = appointment_by_token(token)
    if appointment.status != AppointmentStatus.BOOKED or appointment.start <= timezone.now():
        raise NotActive()
    session = _locked_session(session_id)
    if session.officer.service_id != appointment.session.officer.service_id:
        raise _invalid("session", _("Choose a time with the same service."))
    end = slot_end(session, start)
    if start <= timezone.now():
        raise SlotInPast()
    appointment.session = session
    appointment.start = start.astimezone(UTC)
    appointment.end = end
    _take(appointment)
    messages.queue(appointment, messages.CONFIRMED, site_url=site_url)
    return appointment


# --- Staff: held and no-show ----------------------------------------------------------


def ledger_fact(appointment: Appointment) -> LedgerFact:
    session = appointment.session
    return LedgerFact(
        hub_id=session.hub_id,
        date=timezone.localdate(appointment.start),
        kind=EntryKind.APPOINTMENT,
        organiser_type=OrganiserType.MUNICIPAL,
        category=session.officer.service.slug[:40],
        channel=Channel.VIDEO if session.mode == Mode.VIDEO else Channel.WALK_IN,
        # No title: the ledger outlives the appointment and holds no personal data.
        title="",
        organisation_id=session.officer.service.organisation_id,
    )


MARKS = (AppointmentStatus.HELD, AppointmentStatus.NO_SHOW, AppointmentStatus.BOOKED)


@serialized_write
def appointment_mark(*, actor: User, appointment_id: int, status: str) -> Appointment:
    """Held (one ledger row), did not come (no row), or back to booked (a mistake undone)."""
    if status not in MARKS:
        raise _invalid("status", _("Mark as held or did not come."))
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("session__hub", "session__officer__service")
        .filter(pk=appointment_id)
        .first()
    )
    if appointment is None:
        raise NotFound()
    if not can_work_session(actor, appointment.session):
        raise NotOfficeStaff()
    if appointment.status == AppointmentStatus.CANCELLED:
        raise NotActive()
    if appointment.start > timezone.now():
        raise TooEarlyToMark()
    appointment.status = status
    appointment.marked_by = actor
    appointment.save(update_fields=["status", "marked_by"])
    if status == AppointmentStatus.HELD:
        ledger_record(
            source=EntrySource.APPOINTMENT, source_id=appointment.pk, fact=ledger_fact(appointment)
        )
    else:
        ledger_reverse(source=EntrySource.APPOINTMENT, source_id=appointment.pk)
    return appointment


# --- Reminders and retention ----------------------------------------------------------


def appointment_reminders_queue(*, day: date, site_url: str = "") -> int:
    """Queue a reminder for every appointment on `day` (run the day before). Running it
    again queues nothing more: the outbox keeps one message per appointment and time."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    queued = 0
    due = Appointment.objects.filter(
        status=AppointmentStatus.BOOKED,
        start__gte=start,
        start__lt=end,
        session__cancelled=False,
    ).select_related("session__hub", "session__officer__service", "session__booking__space")
    for appointment in due:
        with transaction.atomic():
            if messages.queue(appointment, messages.REMINDER, site_url=site_url, new_only=True):
                queued += 1
    return queued


PERSONAL_FIELDS = ("about", "name", "phone", "email")


def appointment_details_purge(*, older_than_days: int) -> int:
    """Blank the personal details of appointments that ended more than the retention period
    ago. The appointment (when, which service, held or not) stays."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return appointments_blank(Appointment.objects.filter(end__lt=cutoff))


def appointments_blank(appointments: QuerySet[Appointment]) -> int:
    """Blank the personal details of `appointments` and their link to an account: the
    period purge's rule, and erasing one person on request."""
    named = appointments.exclude(about="", name="", phone="", email="")
    return named.update(about="", name="", phone="", email="", user=None)
