from django.core.management.base import BaseCommand

from torget.notifications.services import outbox_send_pending


class Command(BaseCommand):
    help = "Send every e-mail and SMS still queued in the outbox (run it from a timer or worker)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="at most this many messages")

    def handle(self, *args, limit: int, **options) -> None:
        sent, left = outbox_send_pending(limit=limit)
        self.stdout.write(f"sent {sent}, not sent {left}")
