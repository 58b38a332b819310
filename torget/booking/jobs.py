"""The booking app's background work (run by `manage.py worker`, torget.core.jobs)."""

from datetime import timedelta

from django.db import transaction

from torget.core.jobs import Schedule, register_schedule


def reminders() -> int:
    """Queue tomorrow's booking reminders (daily; a second run queues nothing twice)."""
    from torget.booking.messages import reminders_queue
    from torget.core.timeutil import today

    with transaction.atomic():
        return reminders_queue(today() + timedelta(days=1))


def register() -> None:
    from datetime import time

    from django.utils.translation import gettext_lazy as _

    register_schedule(
        Schedule(
            key="booking.reminders",
            task="torget.booking.jobs.reminders",
            label=_("Booking reminders for tomorrow"),
            at=time(10, 0),
        )
    )
