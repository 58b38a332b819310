"""`manage.py purge_personal_data`: erase every kind of personal data past its period (run
daily). What is erased, and when, is the registry's (torget.core.personal_data)."""

from django.core.management.base import BaseCommand, CommandError

from torget.core.personal_data import purge_all


class Command(BaseCommand):
    help = "Erase the personal data every app keeps past its retention period."

    def handle(self, *args, **options) -> None:
        failed = []
        for kind, count in purge_all():
            if count is None:
                failed.append(kind.name)
                self.stdout.write(f"{kind.name}: failed")
            else:
                self.stdout.write(f"{kind.name}: {count} (after {kind.retention_days} days)")
        if failed:
            raise CommandError(f"Purging failed for: {', '.join(failed)}")
