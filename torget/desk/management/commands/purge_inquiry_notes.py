from django.core.management.base import BaseCommand

from torget.desk.models import RETENTION_DAYS
from torget.desk.services import inquiry_notes_purge


class Command(BaseCommand):
    help = f"Blank the free-text notes of inquiries older than {RETENTION_DAYS} days."

    def handle(self, *args, **options) -> None:
        count = inquiry_notes_purge()
        self.stdout.write(f"Blanked the notes of {count} inquiries.")
