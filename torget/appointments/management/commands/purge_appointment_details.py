"""`manage.py purge_appointment_details`: blank old appointments' personal details (daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from torget.appointments.services import appointment_details_purge


class Command(BaseCommand):
    help = "Blank what old appointments were about and who booked them."

    def handle(self, *args, **options):
        days = settings.TORGET_APPOINTMENT_RETENTION_DAYS
        count = appointment_details_purge(older_than_days=days)
        self.stdout.write(f"{count} appointments older than {days} days blanked")
