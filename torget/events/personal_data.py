"""Registrants' personal data, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def _registrations(user):
    """The person's registrations: signed in (the account), or by staff or without
    signing in, which keep the e-mail address and phone number typed."""
    from torget.events.models import Registration

    return Registration.objects.filter(
        Q(user=user) | personal_data.contact_rows(user, email="email", phone="phone")
    ).select_related("occurrence__event", "occurrence__booking")


def registrations_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("Event"): registration.occurrence.event.title,
                _("Start"): registration.occurrence.booking.start,
                _("Status"): registration.get_status_display(),
                _("Name"): registration.name,
                _("E-mail"): registration.email,
                _("Phone"): registration.phone,
                _("Postcode"): registration.postcode,
                _("Registered"): registration.created,
            }
        )
        for registration in _registrations(user).order_by("created")
    ]


def registrations_erase(user) -> int:
    from torget.events.services.retention import registrations_blank

    return registrations_blank(_registrations(user))


def register() -> None:
    from torget.events.models import Occurrence, Registration
    from torget.events.services.retention import registrations_anonymise

    personal_data.register(
        "events.registrations",
        model="events.Registration",
        fields=("name", "email", "phone", "postcode", "user"),
        description=_(
            "Registrations for activities and events: the name, e-mail address and phone "
            "number of the person registered, and the postcode they chose to give (counted "
            "only per postcode area, never shown per person). After the period (counted "
            "from the end of the event) they are blanked; the number of places and "
            "attendance stay."
        ),
        retention="TORGET_REGISTRATION_RETENTION_DAYS",
        purpose=_("To hold your place, keep the waiting list, and tell you if the event changes."),
        period=_("%(period)s after the event"),
        erase=lambda days: registrations_anonymise(older_than_days=days),
        export=registrations_export,
        erase_person=registrations_erase,
    )

    def registered_or_organising_ahead(now: datetime) -> set[int]:
        ahead = Occurrence.objects.filter(booking__end__gte=now)
        registrants = Registration.objects.filter(
            occurrence__in=ahead, user__isnull=False
        ).values_list("user", flat=True)
        organisers = ahead.values_list("event__created_by", flat=True)
        return set(registrants) | set(organisers)

    personal_data.hold_accounts(registered_or_organising_ahead)
