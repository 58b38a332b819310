"""Registrations for one occurrence: confirmed while the places last, else on the waitlist;
the duplicate check, cancelling by the private link, and the waitlist moving up."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import User, hash_token
from torget.accounts.permissions import can_manage_hub
from torget.core.db import serialized_write
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.core.postcode import normalised as postcode_normalised
from torget.events import messages
from torget.events.codes import OccurrenceStatus, PaymentMethod, RegistrationStatus
from torget.events.errors import (
    AlreadyRegistered,
    NoRegistration,
    NotScheduled,
    RegistrationClosed,
    RegistrationNotActive,
)
from torget.events.models import MAX_SEATS_PER_REGISTRATION, Event, Occurrence, Registration
from torget.events.services.attendance import record_attendance
from torget.events.services.details import field_error
from torget.events.services.locking import locked_occurrence

PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")


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
        errors.append(field_error("name", _("Write your name.")))
    elif len(name) > 200:
        errors.append(field_error("name", _("At most 200 characters.")))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(field_error("email", _("Write the e-mail address as name@example.no.")))
        if len(email) > 254:
            errors.append(field_error("email", _("At most 254 characters.")))
    if phone and not PHONE.match(phone):
        errors.append(
            field_error("phone", _("Write the phone number with digits, e.g. 912 34 567."))
        )
    if not email and not phone and not walk_in:
        errors.append(field_error("email", _("Give an e-mail address or a phone number.")))
    if not 1 <= seats <= MAX_SEATS_PER_REGISTRATION:
        errors.append(
            field_error(
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
    postcode: str = "",
) -> Registered:
    """Register for one occurrence: confirmed while the places last, else on the waitlist.

    The occurrence row is locked (and on SQLite the IMMEDIATE transaction serialises every
    writer), so two registrations can never both take the last place.
    """
    signed_in = actor is not None and getattr(actor, "is_authenticated", False)
    occurrence = locked_occurrence(occurrence_id)
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
    postcode = _postcode(postcode)
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
        postcode=postcode,
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
        record_attendance(occurrence)
    return Registered(registration=registration, token=token)


def _postcode(value: str) -> str:
    """Optional, by consent: four digits or nothing (counted per area by the scenarios)."""
    try:
        return postcode_normalised(value)
    except ValueError as error:
        raise ValidationFailed(errors=[field_error("postcode", str(error))]) from None


def _payment_method(event: Event, chosen: str) -> str:
    """How the fee is paid: blank for a free event; at the desk unless chosen otherwise."""
    if event.is_free:
        return ""
    if not chosen:
        return PaymentMethod.AT_DESK
    if chosen not in PaymentMethod.values:
        raise ValidationFailed(
            errors=[field_error("payment_method", _("Choose how you will pay."))]
        )
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
    postcode: str = "",
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
        postcode=postcode,
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
                    postcode=postcode,
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


def waitlist_promote(occurrence: Occurrence) -> list[Registration]:
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
        messages.registration_message_queue(
            registration, messages.PROMOTED, token=registration_link_token(registration)
        )
        promoted.append(registration)
    occurrence.save(update_fields=["seats_taken", "waitlisted"])
    return promoted


# The link in a later message (moved up from the waitlist): only the first link's hash is
# stored, so later links are the registration's id signed with the site's secret key.
LINK_SIGNER = signing.Signer(salt="events.registration-link")


def registration_link_token(registration: Registration) -> str:
    return LINK_SIGNER.sign(str(registration.pk))


def registration_by_token(token: str) -> Registration:
    if not token or len(token) > 100:
        raise NotFound()
    found = Registration.objects.select_related(
        "occurrence__event__hub", "occurrence__booking__space"
    )
    if ":" in token:  # a signed link (the first link's token has no colon)
        try:
            registration = found.filter(pk=int(LINK_SIGNER.unsign(token))).first()
        except (signing.BadSignature, ValueError):
            registration = None
    else:
        registration = found.filter(token_hash=hash_token(token)).first()
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
    occurrence = locked_occurrence(registration.occurrence_id)
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
    waitlist_promote(occurrence)
    return registration
