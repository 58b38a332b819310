"""`manage.py import_population_grid FILE [--dry-run]`: a population grid (Statistics
Norway's 250 m cells, or cell centres in EPSG:25833) for the scenarios, with a progress bar on
stderr. The same checks as the page (`grid.import_grid`), with room for a whole country's
grid. All or nothing, in one transaction; exit status 1 when any row is rejected (the first
100 are listed with their line numbers, the rest counted)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from torget.core.errors import DomainError
from torget.ledger.imports import Limits
from torget.scenarios import grid

BAR_WIDTH = 30
PHASES = {"read": "checking", "write": "writing"}
COMMAND_LIMITS = Limits(
    max_bytes=None,
    max_unpacked=400 * grid.MB,
    max_rows=grid.MAX_CELLS,
    max_columns=grid.UPLOAD_LIMITS.max_columns,
    max_rejected=grid.UPLOAD_LIMITS.max_rejected,
)


class Command(BaseCommand):
    help = "Import a population grid (ssbid;population[;age_67_plus] or x;y;population[;...])."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A CSV (semicolons, UTF-8) or xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Check; write nothing.")
        parser.add_argument(
            "--invented",
            action="store_true",
            help="Mark the grid as invented demo data (shown as such on the pages).",
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
            result = grid.import_grid(
                actor=grid.OPERATOR,
                data=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                invented=options["invented"],
                progress=self.progress,
                limits=COMMAND_LIMITS,
            )
        except DomainError as error:
            raise CommandError(" ".join(grid.refused(error))) from error
        self.stderr.write("")
        for row in result.rejected:
            self.stderr.write(f"line {row['line']}: {row['error']}")
        if result.rejected_more:
            self.stderr.write(f"...and {result.rejected_more} more rows with errors.")
        if result.rejected_count:
            raise CommandError(f"{result.rejected_count} rows rejected; nothing was written.")
        aged = f", {result.age_67_plus} aged 67+" if result.age_67_plus is not None else ""
        what = f"{result.cells} cells, {result.population} residents{aged}"
        if result.dry_run:
            self.stdout.write(f"Dry run: {what} are valid; nothing was written.")
        else:
            self.stdout.write(f"Imported {what}.")
