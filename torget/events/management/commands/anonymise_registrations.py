"""`manage.py anonymise_registrations`: blank registrants' names and contact details
TORGET_REGISTRATION_RETENTION_DAYS after their event. Run it daily."""

from django.conf import settings
from django.core.management.base import BaseCommand

from torget.events.services import registrations_anonymise


class Command(BaseCommand):
    help = "Anonymise registrations older than the retention period."

    def handle(self, *args, **options) -> None:
        count = registrations_anonymise(older_than_days=settings.TORGET_REGISTRATION_RETENTION_DAYS)
        self.stdout.write(f"{count} registrations anonymised.")
