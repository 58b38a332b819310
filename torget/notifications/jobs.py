"""The outbox's background work (run by `manage.py worker`, torget.core.jobs): each queued
message is a job of its own (services.message_queue); the sweep sends what is left — a
message whose attempt failed and is due again, or one a killed worker held."""

from datetime import timedelta

from torget.core.jobs import Schedule, register_schedule


def sweep() -> str:
    from torget.notifications.services import outbox_send_pending

    sent, left = outbox_send_pending()
    return f"sent {sent}, not sent {left}"


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    register_schedule(
        Schedule(
            key="outbox.sweep",
            task="torget.notifications.jobs.sweep",
            label=_("E-mail and SMS left in the outbox"),
            every=timedelta(minutes=1),
        )
    )
