"""`manage.py import_ledger FILE [--dry-run] [--partial]`: historical statistics into the
ledger (CSV or xlsx, the format in API.md), with a progress bar on stderr.

The same checks as the web upload (`imports.read_rows`), with the larger
`imports.COMMAND_LIMITS`: this is the way for files the upload refuses. All rows are
written in one transaction: a process killed halfway leaves nothing behind. Exit status 1
when any row is rejected (the first 100 are listed, the rest counted).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from torget.core.errors import DomainError
from torget.ledger.imports import COMMAND_LIMITS, OPERATOR, import_ledger

BAR_WIDTH = 30
PHASES = {"read": "checking", "write": "writing"}


class Command(BaseCommand):
    help = "Import historical statistics (CSV or xlsx) into the activity ledger."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A CSV (comma or semicolon) or xlsx file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row; write nothing."
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Write the good rows even when some are rejected (default: all or nothing).",
        )

    def progress(self, phase: str, done: int, total: int) -> None:
        label = PHASES.get(phase, phase)
        if total:
            filled = min(BAR_WIDTH, BAR_WIDTH * done // total)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stderr.write(f"\r{label:9} [{bar}] {done}/{total}", ending="")
        else:
            self.stderr.write(f"\r{label:9} {done} rows", ending="")
        self.stderr.flush()

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = import_ledger(
                actor=OPERATOR,
                data=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                partial=options["partial"],
                progress=self.progress,
                limits=COMMAND_LIMITS,
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from error
        self.stderr.write("")
        for row in result.rejected:
            self.stderr.write(f"line {row['line']}: {row['error']}")
        if result.rejected_more:
            self.stderr.write(f"...and {result.rejected_more} more rows with errors.")
        rejected = len(result.rejected) + result.rejected_more
        if result.dry_run:
            self.stdout.write(
                f"Dry run: {result.valid} rows are valid, {rejected} rejected; nothing was written."
            )
        else:
            self.stdout.write(
                f"Imported {result.imported} rows (batch {result.batch}); {rejected} rejected."
            )
        if rejected:
            raise CommandError(f"{rejected} rows rejected (see above).")
