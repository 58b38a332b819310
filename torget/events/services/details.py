"""What describes an event, checked; and the room booking request made from it. Shared by
creating and changing events, and by moving an occurrence to a new room or time."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from torget.accounts.models import Organisation
from torget.booking.models import BookingKind
from torget.booking.services import BookingRequest
from torget.core.errors import ValidationFailed
from torget.events.codes import Audience, Category, Language, RegistrationMode
from torget.events.models import Event
from torget.ledger.models import OrganiserType
from torget.places.models import Space

MAX_TITLE = 200
MAX_TEXT = 10_000


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


def field_error(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


def check_details(d: EventDetails) -> EventDetails:
    errors = []
    title = d.title.strip()
    if not title:
        errors.append(field_error("title", _("A title is required.")))
    if len(title) > MAX_TITLE:
        errors.append(field_error("title", _("At most 200 characters.")))
    if len(d.description) > MAX_TEXT or len(d.accessibility) > MAX_TEXT:
        errors.append(field_error("description", _("The text is too long.")))
    if d.category not in Category.values:
        errors.append(field_error("category", _("Unknown category.")))
    if d.organiser_type not in OrganiserType.values:
        errors.append(field_error("organiser_type", _("Unknown organiser type.")))
    if d.audience not in Audience.values:
        errors.append(field_error("audience", _("Unknown audience.")))
    if d.registration not in RegistrationMode.values:
        errors.append(field_error("registration", _("Unknown registration mode.")))
    if d.language not in Language.values:
        errors.append(field_error("language", _("Unknown language.")))
    for name in ("min_age", "max_age"):
        value = getattr(d, name)
        if value is not None and not 0 <= value <= 130:
            errors.append(field_error(name, _("Out of range.")))
    if d.min_age is not None and d.max_age is not None and d.max_age < d.min_age:
        errors.append(field_error("max_age", _("Must be at least the minimum age.")))
    if d.fee < 0 or d.fee > Decimal("100000"):
        errors.append(field_error("fee", _("Out of range.")))
    if d.capacity is not None and not 1 <= d.capacity <= 100_000:
        errors.append(field_error("capacity", _("Out of range.")))
    if d.registration == RegistrationMode.REQUIRED and d.capacity is None:
        errors.append(
            field_error("capacity", _("Give the number of places when registration is required."))
        )
    opens, closes = d.registration_opens, d.registration_closes
    if opens and closes and closes <= opens:
        errors.append(field_error("registration_closes", _("Must be after registration opens.")))
    if errors:
        raise ValidationFailed(errors=errors)
    return replace(d, title=title)


def event_fields(d: EventDetails | Event) -> dict:
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


def details_of(event: Event) -> EventDetails:
    return EventDetails(**event_fields(event))


def booking_request(
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
