"""What `manage.py import_population_grid` and `import_postcode_areas` share: the file and
its flags, the progress bar on stderr, and the rejected rows listed with their line numbers
(exit status 1 when any is, and nothing written). Each command says only how to import and
what it imported."""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from pathlib import Path
from typing import Generic, TypeVar

from django.core.management.base import BaseCommand, CommandError

from torget.core.errors import DomainError
from torget.ledger.imports import Limits, Progress
from torget.scenarios import imports

R = TypeVar("R", bound=imports.ImportResult)
BAR_WIDTH = 30
PHASES = {"read": "checking", "write": "writing"}


def command_limits(upload: Limits, *, max_unpacked: int, max_rows: int) -> Limits:
    """The page's limits without its cap on the file's size: the way for the files the
    upload refuses."""
    return Limits(
        max_bytes=None,
        max_unpacked=max_unpacked,
        max_rows=max_rows,
        max_columns=upload.max_columns,
        max_rejected=upload.max_rejected,
    )


class ImportCommand(BaseCommand, Generic[R], metaclass=ABCMeta):
    """Each import command says `run` and `held`; a command that does not cannot be made."""

    kept: str  # what --invented marks: "the grid", "the list"
    drawn = False  # whether the progress bar is on stderr's last line

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A CSV (semicolons, UTF-8) or xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Check; write nothing.")
        parser.add_argument(
            "--invented",
            action="store_true",
            help=f"Mark {self.kept} as invented demo data (shown as such on the pages).",
        )

    @abstractmethod
    def run(
        self, data: bytes, filename: str, *, dry_run: bool, invented: bool, progress: Progress
    ) -> R:
        """The import, as the operator (`imports.OPERATOR`)."""

    @abstractmethod
    def held(self, result: R) -> str:
        """What a good file held ("1500 cells, ..."), for "Imported ..." and the dry run."""

    def progress(self, phase: str, done: int, total: int) -> None:
        label = PHASES.get(phase, phase)
        if total:
            filled = min(BAR_WIDTH, BAR_WIDTH * done // total)
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            self.stderr.write(f"\r{label:9} [{bar}] {done}/{total}", ending="")
        else:
            self.stderr.write(f"\r{label:9} {done} rows", ending="")
        self.stderr.flush()
        self.drawn = True

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = self.run(
                path.read_bytes(),
                path.name,
                dry_run=options["dry_run"],
                invented=options["invented"],
                progress=self.progress,
            )
        except DomainError as error:
            raise CommandError(" ".join(imports.refused(error))) from error
        if self.drawn:
            self.stderr.write("")  # the bar's line ends
        for row in result.rejected:
            self.stderr.write(f"line {row['line']}: {row['error']}")
        if result.rejected_more:
            self.stderr.write(f"...and {result.rejected_more} more rows with errors.")
        if result.rejected_count:
            raise CommandError(f"{result.rejected_count} rows rejected; nothing was written.")
        what = self.held(result)
        if result.dry_run:
            self.stdout.write(f"Dry run: {what} are valid; nothing was written.")
        else:
            self.stdout.write(f"Imported {what}.")
