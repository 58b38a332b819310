from django.core.management.base import BaseCommand

from torget.desk.models import CALLBACK_RETENTION_DAYS
from torget.desk.services import callback_requests_purge


class Command(BaseCommand):
    help = f"Delete callback requests (phone numbers) older than {CALLBACK_RETENTION_DAYS} days."

    def handle(self, *args, **options) -> None:
        count = callback_requests_purge()
        self.stdout.write(f"Deleted {count} callback requests.")
