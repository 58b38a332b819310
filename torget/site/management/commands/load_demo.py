"""`manage.py load_demo [--if-empty]`: Asker's nine hubs with invented details, demo
organisations and accounts, and whatever each capability adds through its own demo module.

Idempotent: every demo module brings its rows to a known state, so a second run changes
nothing. All of it happens in one transaction: a failure leaves the database as it was.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import module_has_submodule

from torget.places.models import Hub

# Every installed app's `demo.py` with a `load()` runs, so a capability extends the demo by
# adding its own module. Hubs come first and then the people and organisations every other
# demo uses (`torget.site.demo`); the rest follow INSTALLED_APPS; the ledger (imported history) comes last.
FIRST = ("torget.places", "torget.site")
LAST = ("torget.ledger",)

# The rows counted in the summary line (models of apps that are installed).
COUNTED = (
    "places.Hub",
    "places.Space",
    "places.Resource",
    "places.OpeningHoursRule",
    "places.OpeningException",
    "places.Notice",
    "accounts.Organisation",
    "accounts.User",
    "ledger.LedgerEntry",
)


def demo_modules() -> list[str]:
    found = [
        c.name
        for c in apps.get_app_configs()
        if c.name.startswith("torget.") and module_has_submodule(c.module, "demo")
    ]
    middle = [name for name in found if name not in FIRST + LAST]
    ordered = (
        [name for name in FIRST if name in found]
        + middle
        + [name for name in LAST if name in found]
    )
    return [f"{name}.demo" for name in ordered]


def load_all() -> None:
    with transaction.atomic():
        for name in demo_modules():
            import_module(name).load()


def summary() -> str:
    with translation.override("en"):
        return ", ".join(
            f"{apps.get_model(label).objects.count()} {apps.get_model(label)._meta.verbose_name_plural}"
            for label in COUNTED
        )


class Command(BaseCommand):
    help = (
        "Load demo data for Asker's nine hubs (invented details). Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has hubs (for `make demo`).",
        )

    def handle(self, *args, **options) -> None:
        if options["if_empty"] and Hub.objects.exists():
            self.stdout.write(
                "The database already has hubs; the demo data was not loaded (--if-empty)."
            )
            return
        load_all()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary()}."))
