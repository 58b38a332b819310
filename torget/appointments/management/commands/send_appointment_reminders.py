"""`manage.py send_appointment_reminders [--day YYYY-MM-DD]`: queue tomorrow's reminders.

Run daily (the worker, cron or a systemd timer). Idempotent: running it twice queues each
reminder once (the outbox key names the appointment and its time).
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from torget.appointments.services import appointment_reminders_queue
from torget.core.siteurl import refuse_missing_site_url
from torget.core.timeutil import today


class Command(BaseCommand):
    help = "Queue a reminder for every appointment tomorrow (or on --day)."

    def add_arguments(self, parser):
        parser.add_argument("--day", help="the appointments' day, YYYY-MM-DD (default tomorrow)")

    def handle(self, *args, **options):
        refuse_missing_site_url()
        try:
            day = date.fromisoformat(options["day"]) if options["day"] else None
        except ValueError as exc:
            raise CommandError("--day must be YYYY-MM-DD") from exc
        day = day or today() + timedelta(days=1)
        queued = appointment_reminders_queue(day=day)
        self.stdout.write(f"{queued} reminders queued for {day.isoformat()}")
