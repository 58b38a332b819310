"""`manage.py import_population_grid FILE [--dry-run] [--invented]`: a population grid
(Statistics Norway's 250 m cells, or cell centres in EPSG:25833) for the scenarios, with a
progress bar on stderr. The same checks as the page (`grid.import_grid`), with room for a
whole country's grid. All or nothing, in one transaction; exit status 1 when any row is
rejected (the first 100 are listed with their line numbers, the rest counted)."""

from torget.ledger.imports import Progress
from torget.scenarios import grid
from torget.scenarios.management.importing import ImportCommand, command_limits

COMMAND_LIMITS = command_limits(
    grid.UPLOAD_LIMITS, max_unpacked=400 * grid.MB, max_rows=grid.MAX_CELLS
)


class Command(ImportCommand[grid.GridResult]):
    help = "Import a population grid (ssbid;population[;age_67_plus] or x;y;population[;...])."
    kept = "the grid"

    def run(
        self, data: bytes, filename: str, *, dry_run: bool, invented: bool, progress: Progress
    ) -> grid.GridResult:
        return grid.import_grid(
            actor=grid.OPERATOR,
            data=data,
            filename=filename,
            dry_run=dry_run,
            invented=invented,
            progress=progress,
            limits=COMMAND_LIMITS,
        )

    def held(self, result: grid.GridResult) -> str:
        aged = f", {result.age_67_plus} aged 67+" if result.age_67_plus is not None else ""
        return f"{result.cells} cells, {result.population} residents{aged}"
