"""`manage.py purge_consultation_identities`: delete names and contacts whose date has come
(run daily from cron with the other purge commands)."""

from django.core.management.base import BaseCommand

from torget.consultations.services import identities_purge


class Command(BaseCommand):
    help = "Delete consultation respondents' names and contacts past their deletion date."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Deleted {identities_purge()} identities.")
