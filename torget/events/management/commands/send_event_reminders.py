"""`manage.py send_event_reminders`: queue a reminder to everyone registered for an event
tomorrow. Run it daily (cron or a systemd timer); running it twice sends nothing twice."""

from django.core.management.base import BaseCommand

from torget.core.siteurl import refuse_missing_site_url
from torget.events.services import reminders_send


class Command(BaseCommand):
    help = "Queue reminders for tomorrow's events (idempotent)."

    def handle(self, *args, **options) -> None:
        refuse_missing_site_url()
        count = reminders_send()
        self.stdout.write(f"{count} reminders queued (or already queued).")
