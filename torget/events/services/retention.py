"""Privacy: registrants' names and contact details are blanked after the retention period
(`manage.py purge_personal_data`, `TORGET_REGISTRATION_RETENTION_DAYS`)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from torget.events.models import Registration


def registrations_anonymise(*, older_than_days: int) -> int:
    """Blank the names and contact details of registrations for occurrences that ended more
    than the retention period ago. Seats and attendance stay for the figures."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return registrations_blank(Registration.objects.filter(occurrence__booking__end__lt=cutoff))


def registrations_blank(registrations: QuerySet[Registration]) -> int:
    """Blank the names and contact details of `registrations` (seats and attendance stay):
    the period purge's rule, and erasing one person on request."""
    return registrations.filter(anonymised=False).update(
        name="", email="", phone="", postcode="", user=None, anonymised=True
    )
