"""`manage.py consultations_evaluate`: precision and recall of the theme suggestions."""

from django.core.management.base import BaseCommand

from torget.consultations.evaluation import report


class Command(BaseCommand):
    help = "Measure theme suggestion precision and recall on the hand-coded sets."

    def handle(self, *args, **options) -> None:
        for label, s, n in report():
            self.stdout.write(
                f"{label:45} n={n:3}  precision {s.precision:.2f}  recall {s.recall:.2f}  "
                f"f1 {s.f1:.2f}  ({s.true_positives}/{s.suggested} suggested, "
                f"{s.expected} expected)"
            )
