"""The events app's background work (run by `manage.py worker`, torget.core.jobs)."""

from torget.core.jobs import Schedule, register_schedule


def register() -> None:
    from datetime import time

    from django.utils.translation import gettext_lazy as _

    register_schedule(
        Schedule(
            key="events.reminders",
            task="torget.events.services.reminders_send",
            label=_("Reminders for tomorrow's activities"),
            at=time(10, 0),
        )
    )
