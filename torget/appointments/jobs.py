"""The appointments app's background work (run by `manage.py worker`, torget.core.jobs)."""

from datetime import timedelta

from torget.core.jobs import Schedule, register_schedule


def reminders() -> int:
    """Queue a reminder for every appointment tomorrow (daily; idempotent)."""
    from torget.appointments.services import appointment_reminders_queue
    from torget.core.timeutil import today

    return appointment_reminders_queue(day=today() + timedelta(days=1))


def register() -> None:
    from datetime import time

    from django.utils.translation import gettext_lazy as _

    register_schedule(
        Schedule(
            key="appointments.reminders",
            task="torget.appointments.jobs.reminders",
            label=_("Appointment reminders for tomorrow"),
            at=time(10, 0),
        )
    )
