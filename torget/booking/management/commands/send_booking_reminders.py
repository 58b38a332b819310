from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from torget.booking.messages import reminders_queue
from torget.core.siteurl import refuse_missing_site_url
from torget.core.timeutil import today


class Command(BaseCommand):
    help = (
        "Queue a reminder for every confirmed booking that starts tomorrow (run daily; "
        "a second run the same day sends nothing twice)."
    )

    def handle(self, *args, **options) -> None:
        refuse_missing_site_url()
        with transaction.atomic():
            queued = reminders_queue(today() + timedelta(days=1))
        self.stdout.write(f"queued {queued} reminders")
