"""`manage.py import_postcode_areas FILE [--dry-run] [--invented]`: the postcode areas'
centroids (`postnummer;lat;lon[;poststed]`, WGS84) the scenarios count users by. The same
checks as the page (`postcodes.import_postcodes`). All or nothing, in one transaction; exit
status 1 when any row is rejected (the first 100 are listed with their line numbers)."""

from torget.ledger.imports import Progress
from torget.scenarios import postcodes
from torget.scenarios.imports import MB, OPERATOR
from torget.scenarios.management.importing import ImportCommand, command_limits

COMMAND_LIMITS = command_limits(
    postcodes.UPLOAD_LIMITS, max_unpacked=40 * MB, max_rows=postcodes.MAX_AREAS
)


class Command(ImportCommand[postcodes.PostcodeResult]):
    help = "Import the postcode areas' centroids (postnummer;lat;lon[;poststed], WGS84)."
    kept = "the list"

    def run(
        self, data: bytes, filename: str, *, dry_run: bool, invented: bool, progress: Progress
    ) -> postcodes.PostcodeResult:
        return postcodes.import_postcodes(
            actor=OPERATOR,
            data=data,
            filename=filename,
            dry_run=dry_run,
            invented=invented,
            limits=COMMAND_LIMITS,
        )

    def held(self, result: postcodes.PostcodeResult) -> str:
        return f"{result.areas} postcode areas"
