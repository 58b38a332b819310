"""Writing events: create (booking the room), move, cancel, postpone; registrations with a
waitlist; attendance and headcount. Every interface (admin, pages, API, commands) calls these.

The room is booked through `torget.booking` services only: an occurrence's booking is
created by `booking_create` / `booking_series_create` (with `for_event=True`), moved by
cancelling it and booking the new time in the same transaction, and cancelled by
`booking_cancel`. The room booking writes no ledger row: the occurrence writes its own
(`torget.events.ledger`), updated with the actual attendance, reversed when cancelled.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation, User, hash_token
from torget.accounts.permissions import can_manage_hub
from torget.booking.catalogue import catalogue
from torget.booking.models import BookingKind
from torget.booking.series import booking_series_create
from torget.booking.services import BookingRequest, booking_cancel, booking_create
from torget.core.db import serialized_write
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.events import messages
from torget.events.codes import (
    Approval,
    Audience,
    Category,
    Language,
    OccurrenceStatus,
    PaymentMethod,
    RegistrationMode,
    RegistrationStatus,
)
from torget.events.errors import (
    AlreadyRegistered,
    CapacityBelowTaken,
    NoRegistration,
    NotScheduled,
    RegistrationClosed,
    RegistrationNotActive,
)
from torget.events.ledger import occurrence_ledger_sync
from torget.events.models import MAX_SEATS_PER_REGISTRATION, Event, Occurrence, Registration
from torget.ledger.models import OrganiserType
from torget.places.models import Hub, Space

MAX_TITLE = 200
MAX_TEXT = 10_000
PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")


@dataclass
class EventDetails:
    """What describes an event, apart from when and where."""

    title: str
    category: str
    organiser_type: str
    description: str = ""
    organisation: Organisation | None = None
    audience: str = Audience.EVERYONE
    min_age: int | None = None
    max_age: int | None = None
    fee: Decimal = Decimal("0")
    capacity: int | None = None
    registration: str = RegistrationMode.NONE
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    accessibility: str = ""
    language: str = Language.NB


def _err(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


def _check_details(d: EventDetails) -> EventDetails:
    errors = []
    title = d.title.strip()
    if not title:
        errors.append(_err("title", _("A title is required.")))
    if len(title) > MAX_TITLE:
        errors.append(_err("title", _("At most 200 characters.")))
    if len(d.description) > MAX_TEXT or len(d.accessibility) > MAX_TEXT:
        errors.append(_err("description", _("The text is too long.")))
    if d.category not in Category.values:
        errors.append(_err("category", _("Unknown category.")))
    if d.organiser_type not in OrganiserType.values:
        errors.append(_err("organiser_type", _("Unknown organiser type.")))
    if d.audience not in Audience.values:
        errors.append(_err("audience", _("Unknown audience.")))
    if d.registration not in RegistrationMode.values:
        errors.append(_err("registration", _("Unknown registration mode.")))
    if d.language not in Language.values:
        errors.append(_err("language", _("Unknown language.")))
    for name in ("min_age", "max_age"):
        value = getattr(d, name)
        if value is not None and not 0 <= value <= 130:
            errors.append(_err(name, _("Out of range.")))
    if d.min_age is not None and d.max_age is not None and d.max_age < d.min_age:
        errors.append(_err("max_age", _("Must be at least the minimum age.")))
    if d.fee < 0 or d.fee > Decimal("100000"):
        errors.append(_err("fee", _("Out of range.")))
    if d.capacity is not None and not 1 <= d.capacity <= 100_000:
        errors.append(_err("capacity", _("Out of range.")))
    if d.registration == RegistrationMode.REQUIRED and d.capacity is None:
        errors.append(
            _err("capacity", _("Give the number of places when registration is required."))
        )
    opens, closes = d.registration_opens, d.registration_closes
    if opens and closes and closes <= opens:
        errors.append(_err("registration_closes", _("Must be after registration opens.")))
    if errors:
        raise ValidationFailed(errors=errors)
    return replace(d, title=title)


def _booking_request(
    details: EventDetails, space: Space, start: datetime, end: datetime, override_reason: str
) -> BookingRequest:
    return BookingRequest(
        space=space,
        start=start,
        end=end,
        title=details.title,
        organiser_type=details.organiser_type,
        kind=BookingKind.ACTIVITY,
        expected_participants=details.capacity or 0,
        public=True,
        organisation=details.organisation,
        override_reason=override_reason,
        # The event writes its own ledger row (one per occurrence); the room booking none.
        for_event=True,
        notify=False,  # the event tells its registrants; the room booking tells nobody
    )


def _require_staff(actor: User, hub) -> None:
    if not can_manage_hub(actor, hub):
        raise PermissionDenied()


@serialized_write
def event_create(
    *,
    actor: User,
    details: EventDetails,
    space: Space,
    start: datetime,
    end: datetime,
    until: date | None = None,
    skip_dates: list[date] | None = None,
    override_reason: str = "",
    on_conflict: str = "reject",
) -> Event:
    """Create an event and book its room: one occurrence, or one each week until `until`
    (a weekly series: by default every week booked or nothing when any week clashes;
    `on_conflict="skip"` books the free weeks)."""
    _require_staff(actor, space.hub)
    return create_with_rooms(
        actor=actor,
        details=_check_details(details),
        space=space,
        start=start,
        end=end,
        until=until,
        skip_dates=skip_dates,
        override_reason=override_reason,
        on_conflict=on_conflict,
    )


def create_with_rooms(
    *,
    actor: User,
    details: EventDetails,
    space: Space,
    start: datetime,
    end: datetime,
    until: date | None,
    skip_dates: list[date] | None,
    override_reason: str,
    on_conflict: str,
    approval: str = Approval.APPROVED,
) -> Event:
    """Book the rooms as `actor` (the booking rules apply as for them) and create the event
    with one occurrence per booking, each with its ledger row. The caller has checked who
    may do this and the details."""
    request = _booking_request(details, space, start, end, override_reason)
    if until is None:
        bookings = [booking_create(actor=actor, request=request)]
    else:
        result = booking_series_create(
            actor=actor,
            request=request,
            until=until,
            skip_dates=skip_dates,
            on_conflict=on_conflict,
        )
        bookings = result.created
    event = Event.objects.create(
        hub=space.hub, created_by=actor, approval=approval, **_fields(details)
    )
    occurrences = Occurrence.objects.bulk_create(
        [Occurrence(event=event, booking=b) for b in bookings]
    )
    for occurrence in occurrences:
        occurrence.event = event
        occurrence_ledger_sync(occurrence, new=True)
    return event


def _fields(d: EventDetails | Event) -> dict:
    return {
        "title": d.title,
        "description": d.description,
        "category": d.category,
        "organiser_type": d.organiser_type,
        "organisation": d.organisation,
        "audience": d.audience,
        "min_age": d.min_age,
        "max_age": d.max_age,
        "fee": d.fee,
        "capacity": d.capacity,
        "registration": d.registration,
        "registration_opens": d.registration_opens,
        "registration_closes": d.registration_closes,
        "accessibility": d.accessibility,
        "language": d.language,
    }


@serialized_write
def event_update(*, actor: User, event_id: int, details: EventDetails) -> Event:
    """Change what describes an event. More places promote the waitlists; fewer places
    than already taken at an upcoming occurrence are refused."""
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None:
        raise NotFound()
    _require_staff(actor, event.hub)
    details = _check_details(details)
    upcoming = list(
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("booking__space", "event__hub")
        .filter(event=event, booking__end__gt=timezone.now())
    )
    if details.capacity is not None and any(o.seats_taken > details.capacity for o in upcoming):
        raise CapacityBelowTaken()
    for name, value in _fields(details).items():
        setattr(event, name, value)
    event.save()
    for occurrence in upcoming:
        occurrence.event = event
        _promote(occurrence)
        occurrence_ledger_sync(occurrence)  # the organiser type or category may have changed
    return event


def _locked_occurrence(occurrence_id: int) -> Occurrence | None:
    """The occurrence, its row locked until commit (on SQLite the write transaction holds
    the whole database), with its event, hub, booking and space (the space from the booking
    catalogue, which registrations read anyway)."""
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event", "booking")
        .filter(pk=occurrence_id)
        .first()
    )
    if occurrence is None:
        return None
    event, booking = occurrence.event, occurrence.booking
    space = catalogue().space(booking.space_id)
    if space is None:
        space = Space.objects.select_related("hub").get(pk=booking.space_id)
    booking.space = space
    event.hub = space.hub if space.hub_id == event.hub_id else Hub.objects.get(pk=event.hub_id)
    return occurrence


def _occurrence_for_staff(actor: User, occurrence_id: int) -> Occurrence:
    occurrence = _locked_occurrence(occurrence_id)
    if occurrence is None:
        raise NotFound()
    _require_staff(actor, occurrence.event.hub)
    return occurrence


def _active_registrations(occurrence: Occurrence) -> list[Registration]:
    return list(
        occurrence.registrations.select_related("user", "occurrence__event__hub")
        .filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
        .order_by("pk")
    )


def _tell_everyone(occurrence: Occurrence, template: str, *, key_suffix: str = "") -> int:
    sent = 0
    for registration in _active_registrations(occurrence):
        registration.occurrence = occurrence
        if messages.registration_message_queue(registration, template, key_suffix=key_suffix):
            sent += 1
    return sent


@serialized_write
def occurrence_move(
    *,
    actor: User,
    occurrence_id: int,
    start: datetime,
    end: datetime,
    space: Space | None = None,
    override_reason: str = "",
) -> Occurrence:
    """Move an occurrence: its booking is cancelled and the new time booked in the same
    transaction (if the new time cannot be booked, nothing changes). Everyone registered
    is told. A postponed occurrence gets its new time this way."""
    occurrence = _occurrence_for_staff(actor, occurrence_id)
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise NotScheduled()
    old = occurrence.booking
    space = space or old.space
    if space.hub_id != occurrence.event.hub_id:
        raise ValidationFailed(errors=[_err("space", _("Choose a room at the event's hub."))])
    if old.is_active:
        booking_cancel(actor=actor, booking_id=old.pk, reason="event moved", notify=False)
    details = _details_of(occurrence.event)
    new = booking_create(
        actor=actor, request=_booking_request(details, space, start, end, override_reason)
    )
    occurrence.booking = new
    occurrence.status = OccurrenceStatus.SCHEDULED
    occurrence.save(update_fields=["booking", "status"])
    occurrence_ledger_sync(occurrence)  # the same row, with the new date
    _tell_everyone(occurrence, messages.EVENT_MOVED, key_suffix=f":{new.pk}")
    return occurrence


def _details_of(event: Event) -> EventDetails:
    return EventDetails(**_fields(event))


def _stop(actor: User, occurrence_id: int, status: str, template: str, reason: str) -> Occurrence:
    occurrence = _occurrence_for_staff(actor, occurrence_id)
    if occurrence.status != OccurrenceStatus.SCHEDULED:
        raise NotScheduled()
    if occurrence.booking.is_active:
        booking_cancel(actor=actor, booking_id=occurrence.booking_id, reason=reason, notify=False)
        occurrence.booking.refresh_from_db()
    occurrence.status = status
    occurrence.save(update_fields=["status"])
    occurrence_ledger_sync(occurrence)  # reversed: it does not happen
    _tell_everyone(occurrence, template)
    return occurrence


@serialized_write
def occurrence_cancel(*, actor: User, occurrence_id: int, reason: str = "") -> Occurrence:
    """Cancel one occurrence: its room booking is cancelled (and with it the ledger row),
    and everyone registered or waiting is told."""
    return _stop(actor, occurrence_id, OccurrenceStatus.CANCELLED, messages.EVENT_CANCELLED, reason)


@serialized_write
def occurrence_postpone(*, actor: User, occurrence_id: int, reason: str = "") -> Occurrence:
    """Postpone: the room is released and registrants told; `occurrence_move` later gives
    it a new time, and registrations stand."""
    return _stop(actor, occurrence_id, OccurrenceStatus.POSTPONED, messages.EVENT_POSTPONED, reason)


@serialized_write
def event_cancel(*, actor: User, event_id: int, reason: str = "") -> list[Occurrence]:
    """Cancel every occurrence still ahead."""
    event = Event.objects.select_related("hub").filter(pk=event_id).first()
    if event is None:
        raise NotFound()
    _require_staff(actor, event.hub)
    ids = list(
        Occurrence.objects.filter(
            event=event, status=OccurrenceStatus.SCHEDULED, booking__start__gt=timezone.now()
        ).values_list("pk", flat=True)
    )
    return [occurrence_cancel(actor=actor, occurrence_id=pk, reason=reason) for pk in ids]


# --- Registrations ---------------------------------------------------------------------


@dataclass
class Registered:
    registration: Registration
    token: str  # the private cancellation link's secret, known only now

    @property
    def position(self) -> int | None:
        return waitlist_position(self.registration)


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED or registration.queue is None:
        return None
    return Registration.objects.filter(
        occurrence_id=registration.occurrence_id,
        status=RegistrationStatus.WAITLISTED,
        queue__lte=registration.queue,
    ).count()


def _check_person(name: str, email: str, phone: str, seats: int, *, walk_in: bool) -> None:
    errors = []
    if not name.strip():
        errors.append(_err("name", _("Write your name.")))
    elif len(name) > 200:
        errors.append(_err("name", _("At most 200 characters.")))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_err("email", _("Write the e-mail address as name@example.no.")))
        if len(email) > 254:
            errors.append(_err("email", _("At most 254 characters.")))
    if phone and not PHONE.match(phone):
        errors.append(_err("phone", _("Write the phone number with digits, e.g. 912 34 567.")))
    if not email and not phone and not walk_in:
        errors.append(_err("email", _("Give an e-mail address or a phone number.")))
    if not 1 <= seats <= MAX_SEATS_PER_REGISTRATION:
        errors.append(
            _err(
                "seats",
                _("Choose between 1 and %(max)s places.") % {"max": MAX_SEATS_PER_REGISTRATION},
            )
        )
    if errors:
        raise ValidationFailed(errors=errors)


@serialized_write
def registration_create(
    *,
    actor: User | None,
    occurrence_id: int,
    seats: int = 1,
    name: str = "",
    email: str = "",
    phone: str = "",
    walk_in: bool = False,
    payment_method: str = "",
) -> Registered:
    """Register for one occurrence: confirmed while the places last, else on the waitlist.

    The occurrence row is locked (and on SQLite the IMMEDIATE transaction serialises every
    writer), so two registrations can never both take the last place.
    """
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    occurrence = _locked_occurrence(occurrence_id)
    if occurrence is None or not occurrence.event.is_approved:
        raise NotFound()  # an event waiting for approval is not public yet
    event = occurrence.event
    if walk_in:
        if actor is None or not signed_in or not can_manage_hub(actor, event.hub):
            raise PermissionDenied()
    elif signed_in and actor is not None:
        name = name.strip() or actor.get_full_name() or actor.username
        email = email.strip() or actor.email
        phone = phone.strip() or actor.phone
    name, email, phone = name.strip(), email.strip().lower(), phone.strip()
    _check_person(name, email, phone, seats, walk_in=walk_in)
    payment_method = _payment_method(event, payment_method)
    if not event.takes_registrations:
        raise NoRegistration()
    if not occurrence.is_scheduled:
        raise NotScheduled()
    now = timezone.now()
    # Staff register walk-ins at the door, until it ends.
    open_now = now < occurrence.end if walk_in else occurrence.registration_open(now)
    if not open_now:
        raise RegistrationClosed()
    _refuse_duplicate(occurrence, actor if signed_in else None, email, phone)
    fits = event.capacity is None or occurrence.seats_taken + seats <= event.capacity
    token = secrets.token_urlsafe(24)
    registration = Registration(
        occurrence=occurrence,
        user=actor if signed_in and not walk_in else None,
        name=name,
        email=email,
        phone=phone,
        seats=seats,
        token_hash=hash_token(token),
        walk_in=walk_in,
        registered_by=actor if walk_in else None,
        attended=True if walk_in else None,
        payment_method=payment_method,
    )
    if fits:
        registration.status = RegistrationStatus.CONFIRMED
        occurrence.seats_taken += seats
    else:
        registration.status = RegistrationStatus.WAITLISTED
        registration.queue = _next_queue(occurrence)
        occurrence.waitlisted += 1
    registration.save()
    occurrence.save(update_fields=["seats_taken", "waitlisted"])
    template = messages.CONFIRMED if fits else messages.WAITLISTED
    messages.registration_message_queue(registration, template, token=token, new=True)
    if walk_in:
        _record_attendance(occurrence)
    return Registered(registration=registration, token=token)


def _payment_method(event: Event, chosen: str) -> str:
    """How the fee is paid: blank for a free event; at the desk unless chosen otherwise."""
    if event.is_free:
        return ""
    if not chosen:
        return PaymentMethod.AT_DESK
    if chosen not in PaymentMethod.values:
        raise ValidationFailed(errors=[_err("payment_method", _("Choose how you will pay."))])
    return chosen


@serialized_write
def registration_series_create(
    *,
    actor: User | None,
    occurrence_id: int,
    seats: int = 1,
    name: str = "",
    email: str = "",
    phone: str = "",
    payment_method: str = "",
) -> list[Registered]:
    """Sign up for this occurrence and every later one of the same activity that is open
    for registration: one registration each (each confirmed or waitlisted on its own, each
    with its own cancellation link). Weeks already registered for are left as they are."""
    first = registration_create(
        actor=actor,
        occurrence_id=occurrence_id,
        seats=seats,
        name=name,
        email=email,
        phone=phone,
        payment_method=payment_method,
    )
    occurrence = first.registration.occurrence
    later = (
        Occurrence.objects.filter(
            event_id=occurrence.event_id,
            status=OccurrenceStatus.SCHEDULED,
            booking__start__gt=occurrence.start,
        )
        .order_by("booking__start")
        .values_list("pk", flat=True)
    )
    done = [first]
    for pk in later:
        try:
            done.append(
                registration_create(
                    actor=actor,
                    occurrence_id=pk,
                    seats=seats,
                    name=name,
                    email=email,
                    phone=phone,
                    payment_method=payment_method,
                )
            )
        except (AlreadyRegistered, RegistrationClosed):
            continue
    return done


def _refuse_duplicate(occurrence: Occurrence, user: User | None, email: str, phone: str) -> None:
    """The same person (account, e-mail or phone) registered and not cancelled: refused."""
    same = Q()
    if user is not None:
        same |= Q(user_id=user.pk)
    if email:
        same |= Q(email=email)
    if phone:
        same |= Q(phone=phone)
    if not same:
        return
    if (
        Registration.objects.filter(same, occurrence_id=occurrence.pk)
        .filter(status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED))
        .exists()
    ):
        raise AlreadyRegistered()


def _next_queue(occurrence: Occurrence) -> int:
    last = (
        Registration.objects.filter(occurrence=occurrence, queue__isnull=False)
        .order_by("-queue")
        .values_list("queue", flat=True)
        .first()
    )
    return (last or 0) + 1


def _promote(occurrence: Occurrence) -> list[Registration]:
    """Give free places to the waitlist in order: each waiting registration that fits is
    confirmed and told (a group too big for the places left keeps its turn for later)."""
    capacity = occurrence.event.capacity
    if occurrence.waitlisted == 0 or not occurrence.is_scheduled:
        return []
    promoted = []
    waiting = occurrence.registrations.select_related("user").filter(
        status=RegistrationStatus.WAITLISTED
    )
    for registration in waiting.order_by("queue"):
        if capacity is not None and occurrence.seats_taken + registration.seats > capacity:
            continue
        registration.status = RegistrationStatus.CONFIRMED
        registration.queue = None
        registration.save(update_fields=["status", "queue"])
        occurrence.seats_taken += registration.seats
        occurrence.waitlisted -= 1
        registration.occurrence = occurrence
        messages.registration_message_queue(registration, messages.PROMOTED)
        promoted.append(registration)
    occurrence.save(update_fields=["seats_taken", "waitlisted"])
    return promoted


def registration_by_token(token: str) -> Registration:
    if not token or len(token) > 100:
        raise NotFound()
    registration = (
        Registration.objects.select_related("occurrence__event__hub", "occurrence__booking__space")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if registration is None:
        raise NotFound()
    return registration


@serialized_write
def registration_cancel(
    *, token: str = "", actor: User | None = None, registration_id: int | None = None
) -> Registration:
    """Cancel by the private link's token, or as staff at the hub (or the signed-in person
    who registered) by id. A freed place goes to the waitlist at once."""
    if token:
        registration = registration_by_token(token)
    else:
        found = (
            Registration.objects.select_related("occurrence__event__hub")
            .filter(pk=registration_id or 0)
            .first()
        )
        if found is None or actor is None:
            raise NotFound()
        registration = found
        own = registration.user_id is not None and registration.user_id == actor.pk
        if not own and not can_manage_hub(actor, registration.occurrence.event.hub):
            raise NotFound()
    occurrence = _locked_occurrence(registration.occurrence_id)
    if occurrence is None:
        raise NotFound()
    registration = Registration.objects.select_related("user").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationNotActive()
    if registration.status == RegistrationStatus.CONFIRMED:
        occurrence.seats_taken -= registration.seats
    else:
        occurrence.waitlisted -= 1
    registration.status = RegistrationStatus.CANCELLED
    registration.queue = None
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "queue", "cancelled_at"])
    occurrence.save(update_fields=["seats_taken", "waitlisted"])
    registration.occurrence = occurrence
    messages.registration_message_queue(registration, messages.CANCELLED_BY_YOU)
    _promote(occurrence)
    return registration


# --- Attendance ------------------------------------------------------------------------


def _record_attendance(occurrence: Occurrence) -> None:
    """The occurrence's ledger row gets the actual attendance (the same row: the event is
    not counted twice). Drop-in: the headcount; else the seats of those who came."""
    occurrence_ledger_sync(occurrence)


@serialized_write
def attendance_mark(*, actor: User, registration_id: int, attended: bool | None) -> Registration:
    registration = (
        Registration.objects.select_related("occurrence__event__hub", "occurrence__booking__space")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        raise NotFound()
    occurrence = _occurrence_for_staff(actor, registration.occurrence_id)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationNotActive()
    if occurrence.start > timezone.now() + timedelta(hours=1):
        raise ValidationFailed(
            errors=[_err("attended", _("Attendance is marked when the event has started."))]
        )
    registration.attended = attended
    registration.save(update_fields=["attended"])
    _record_attendance(occurrence)
    return registration


@serialized_write
def headcount_record(*, actor: User, occurrence_id: int, headcount: int | None) -> Occurrence:
    occurrence = _occurrence_for_staff(actor, occurrence_id)
    if headcount is not None and not 0 <= headcount <= 100_000:
        raise ValidationFailed(errors=[_err("headcount", _("Out of range."))])
    occurrence.headcount = headcount
    occurrence.save(update_fields=["headcount"])
    _record_attendance(occurrence)
    return occurrence


# --- Reminders and privacy ---------------------------------------------------------------


def reminders_send(*, now: datetime | None = None) -> int:
    """Queue a reminder to everyone confirmed for an occurrence tomorrow (local date). The
    outbox key holds the date, so running it twice sends nothing twice, and an occurrence
    moved to another day gets a new reminder."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    queued = 0
    registrations = Registration.objects.select_related(
        "user", "occurrence__event__hub", "occurrence__booking__space"
    ).filter(
        status=RegistrationStatus.CONFIRMED,
        anonymised=False,
        occurrence__status=OccurrenceStatus.SCHEDULED,
        occurrence__booking__start__date=tomorrow,
    )
    for registration in registrations.iterator():
        message = messages.registration_message_queue(
            registration, messages.REMINDER, key_suffix=f":{tomorrow.isoformat()}"
        )
        if message is not None:
            queued += 1
    return queued


def registrations_anonymise(*, older_than_days: int) -> int:
    """Blank the names and contact details of registrations for occurrences that ended more
    than the retention period ago. Seats and attendance stay for the figures."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return Registration.objects.filter(
        occurrence__booking__end__lt=cutoff, anonymised=False
    ).update(name="", email="", phone="", user=None, anonymised=True)
