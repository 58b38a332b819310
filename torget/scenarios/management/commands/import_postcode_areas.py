"""`manage.py import_postcode_areas FILE [--dry-run] [--invented]`: the postcode areas'
centroids (`postnummer;lat;lon[;poststed]`, WGS84) the scenarios count users by. The same
checks as the page (`postcodes.import_postcodes`). All or nothing, in one transaction; exit
status 1 when any row is rejected (the first 100 are listed with their line numbers)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from torget.core.errors import DomainError
from torget.ledger.imports import Limits
from torget.scenarios import grid, postcodes

COMMAND_LIMITS = Limits(
    max_bytes=None,
    max_unpacked=40 * grid.MB,
    max_rows=postcodes.MAX_AREAS,
    max_columns=postcodes.LIMITS.max_columns,
    max_rejected=postcodes.LIMITS.max_rejected,
)


class Command(BaseCommand):
    help = "Import the postcode areas' centroids (postnummer;lat;lon[;poststed], WGS84)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A CSV (semicolons, UTF-8) or xlsx file.")
        parser.add_argument("--dry-run", action="store_true", help="Check; write nothing.")
        parser.add_argument(
            "--invented",
            action="store_true",
            help="Mark the list as invented demo data (shown as such on the pages).",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            result = postcodes.import_postcodes(
                actor=grid.OPERATOR,
                data=path.read_bytes(),
                filename=path.name,
                dry_run=options["dry_run"],
                invented=options["invented"],
                limits=COMMAND_LIMITS,
            )
        except DomainError as error:
            raise CommandError(" ".join(grid.refused(error))) from error
        for row in result.rejected:
            self.stderr.write(f"line {row['line']}: {row['error']}")
        if result.rejected_more:
            self.stderr.write(f"...and {result.rejected_more} more rows with errors.")
        if result.rejected_count:
            raise CommandError(f"{result.rejected_count} rows rejected; nothing was written.")
        if result.dry_run:
            self.stdout.write(f"Dry run: {result.areas} postcode areas are valid; nothing written.")
        else:
            self.stdout.write(f"Imported {result.areas} postcode areas.")
