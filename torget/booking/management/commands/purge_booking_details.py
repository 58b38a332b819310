"""`manage.py purge_booking_details`: the retention period for bookings' personal details."""

from django.conf import settings
from django.core.management.base import BaseCommand

from torget.booking.services import booking_details_purge


class Command(BaseCommand):
    help = "Blank the personal details of bookings that ended before the retention period."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=settings.TORGET_BOOKING_RETENTION_DAYS)

    def handle(self, *args, days: int, **options) -> None:
        count = booking_details_purge(older_than_days=days)
        self.stdout.write(
            f"{count} bookings older than {days} days had their personal details blanked."
        )
