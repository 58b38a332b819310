"""Retention: personal details blanked once a booking is old enough."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from torget.booking.models import Booking

PERSONAL_FIELDS = (
    "on_behalf_name",
    "on_behalf_phone",
    "staff_notes",
    "access_instructions",
    "decision_reason",
    "override_reason",
)


def booking_details_purge(*, older_than_days: int) -> int:
    """Blank the personal details of bookings that ended more than the retention period ago.
    The booking (when, where, what kind, who organised) stays: the key figures need it."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    has_details = Q()
    for name in PERSONAL_FIELDS:
        has_details |= ~Q(**{name: ""})
    old = Booking.objects.filter(end__lt=cutoff).filter(has_details)
    return old.update(**dict.fromkeys(PERSONAL_FIELDS, ""))
