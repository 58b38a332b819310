"""Reminders the day before (`manage.py send_event_reminders`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from torget.events import messages
from torget.events.codes import OccurrenceStatus, RegistrationStatus
from torget.events.models import Registration


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
