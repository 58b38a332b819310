"""Import of a population grid: how many live where (issue 18, item 5).

A CSV (UTF-8, semicolons; commas are found from the header too) or an xlsx workbook, with a
header row and either of two forms:

    ssbid;population[;age_67_plus]     Statistics Norway's cell id
    x;y;population[;age_67_plus]       the cell's centre in EPSG:25833 (UTM 33, metres)

Statistics Norway's cell id (`ssbid`, 14 digits) encodes the cell's lower-left corner in
EPSG:25833: ssbid = (easting + 2,000,000) × 10,000,000 + northing (the 2,000,000 keeps
eastings west of the zone positive). The 250 m grid's centre is 125 m east and north of it.

Every row is checked first and every bad one reported with its line number (the header is
line 1): wrong columns, a number that is not one, coordinates outside Norway's mainland
extent, a cell that comes twice, more aged 67+ than people, a file that is not UTF-8. With
any bad row nothing is written. A good file replaces the grid in use, whole, in one
transaction. pyproj converts each centre to WGS84 once, here, so the distance to a hub (which
stores WGS84) is plain arithmetic later.

What the grid shares with the postcode areas' import — reading the file, the header, the
line-numbered problems, all or nothing, who may import (management and administrators, and
the operator at the server's command line) — is in `imports`; here are the grid's columns and
its rule for a row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.core.errors import DomainError
from torget.ledger.imports import Limits, Progress
from torget.scenarios import imports
from torget.scenarios.imports import MB, Checked, ImportResult, Operator, cell_text

# Where the scenarios' pages, the demo and the tests have always found them.
from torget.scenarios.imports import OPERATOR as OPERATOR
from torget.scenarios.imports import may_import as may_import
from torget.scenarios.imports import refused as refused
from torget.scenarios.models import PopulationCell, PopulationGrid

if TYPE_CHECKING:
    from torget.accounts.models import User

CELL = 250  # metres: Statistics Norway's finest population grid
HALF = CELL // 2
SSBID_OFFSET = 2_000_000
SSBID_FACTOR = 10_000_000
MAX_CELLS = 400_000  # Norway has about 100,000 inhabited 250 m cells
MAX_PEOPLE = 100_000  # in one cell: more is a wrong column, not a city
WRITE_CHUNK = 2000

UPLOAD_LIMITS: Final = Limits(
    max_bytes=20 * MB,
    max_unpacked=40 * MB,
    max_rows=MAX_CELLS,
    max_columns=10,
    max_rejected=100,
)

# Norway's mainland extent (with a margin): in EPSG:25833 first, before pyproj is asked, and
# again in WGS84 after.
X_RANGE = (-110_000, 1_150_000)
Y_RANGE = (6_420_000, 7_960_000)
LAT_RANGE = (57.9, 71.3)
LON_RANGE = (4.4, 31.3)

# Header names (case does not matter) → the column they are.
HEADERS = {
    "ssbid": "ssbid",
    "ssbid250m": "ssbid",
    "ssb_id": "ssbid",
    "ru250m": "ssbid",
    "rute_id": "ssbid",
    "x": "x",
    "øst": "x",
    "easting": "x",
    "y": "y",
    "nord": "y",
    "northing": "y",
    "population": "population",
    "befolkning": "population",
    "pop_tot": "population",
    "bosatte": "population",
    "age_67_plus": "age_67_plus",
    "67+": "age_67_plus",
    "alder_67_pluss": "age_67_plus",
    "over_67": "age_67_plus",
}
COLUMNS_HINT = "ssbid;population;age_67_plus  —  x;y;population;age_67_plus"


class GridTooLarge(DomainError):
    code = "grid.too_large"
    status = 413
    default_message = gettext_lazy(
        "The file is too large to upload (at most 20 MB). "
        "Import it with `manage.py import_population_grid`."
    )


@dataclass(slots=True)
class Cell:
    line: int
    x: int  # the centre, EPSG:25833
    y: int
    population: int
    age_67_plus: int | None
    latitude: float = 0.0
    longitude: float = 0.0


@dataclass(slots=True)
class GridResult(ImportResult):
    cells: int = 0
    population: int = 0
    age_67_plus: int | None = None

    def counts(self) -> dict[str, Any]:
        return {"cells": self.cells, "population": self.population, "age_67_plus": self.age_67_plus}


# --- Reading and checking ---------------------------------------------------------------------


def _lacking(columns: dict[str, int]) -> str:
    has_id, has_xy = "ssbid" in columns, "x" in columns or "y" in columns
    if has_id and has_xy:
        return _("The header row (line 1) has both ssbid and x;y: give one of them.")
    if not has_id and not ("x" in columns and "y" in columns):
        return _("The header row (line 1) needs either ssbid or both x and y.")
    if "population" not in columns:
        return _("The header row (line 1) lacks the column population.")
    return ""


def _columns(header: list[Any]) -> dict[str, int]:
    return imports.header_columns(header, HEADERS, hint=COLUMNS_HINT, lacking=_lacking)


def _whole(value: Any, name: str, maximum: int) -> int:
    text = cell_text(value)
    if not text:
        raise ValueError(_("%(name)s is missing") % {"name": name})
    if not text.isdigit():
        raise ValueError(
            _("%(name)s %(value)r is not a whole number") % {"name": name, "value": text[:40]}
        )
    number = int(text)
    if number > maximum:
        raise ValueError(
            _("%(name)s must be at most %(max)s") % {"name": name, "max": f"{maximum:,}"}
        )
    return number


def _metres(value: Any, name: str) -> int:
    text = cell_text(value).replace(",", ".")
    if not text:
        raise ValueError(_("%(name)s is missing") % {"name": name})
    try:
        number = float(text)
    except ValueError:
        raise ValueError(
            _("%(name)s %(value)r is not a number of metres") % {"name": name, "value": text[:40]}
        ) from None
    if number != number or abs(number) > 1e9:  # NaN or absurd
        raise ValueError(_("%(name)s %(value)r is out of range") % {"name": name, "value": text})
    return round(number)


def ssbid_centre(ssbid: int) -> tuple[int, int]:
    """The 250 m cell's centre (EPSG:25833) from Statistics Norway's id (its lower-left
    corner): ssbid = (easting + 2,000,000) × 10,000,000 + northing."""
    easting = ssbid // SSBID_FACTOR - SSBID_OFFSET
    northing = ssbid % SSBID_FACTOR
    return easting + HALF, northing + HALF


def ssbid_of(x: int, y: int) -> int:
    """Statistics Norway's id of the 250 m cell whose centre is (x, y)."""
    return (x - HALF + SSBID_OFFSET) * SSBID_FACTOR + (y - HALF)


def _ssbid(value: Any) -> tuple[int, int]:
    text = cell_text(value)
    if not (text.isdigit() and len(text) == 14):
        raise ValueError(
            _("ssbid %(value)r is not a 14-digit cell id of Statistics Norway")
            % {"value": text[:40]}
        )
    number = int(text)
    corner_x = number // SSBID_FACTOR - SSBID_OFFSET
    corner_y = number % SSBID_FACTOR
    if corner_x % CELL or corner_y % CELL:
        raise ValueError(_("ssbid %(value)r is not the corner of a 250 m cell") % {"value": text})
    return ssbid_centre(number)


def _in_norway_utm(x: int, y: int) -> bool:
    return X_RANGE[0] <= x <= X_RANGE[1] and Y_RANGE[0] <= y <= Y_RANGE[1]


def in_norway(latitude: float, longitude: float) -> bool:
    return LAT_RANGE[0] <= latitude <= LAT_RANGE[1] and LON_RANGE[0] <= longitude <= LON_RANGE[1]


def _cell(line: int, values: dict[str, Any]) -> Cell:
    problems: list[str] = []
    x = y = 0
    try:
        if "ssbid" in values:
            x, y = _ssbid(values["ssbid"])
        else:
            x, y = _metres(values.get("x"), "x"), _metres(values.get("y"), "y")
    except ValueError as error:
        problems.append(str(error))
    else:
        if not _in_norway_utm(x, y):
            problems.append(
                _("the cell (%(x)s, %(y)s) lies outside Norway (EPSG:25833 expected)")
                % {"x": x, "y": y}
            )
    population = age = None
    try:
        population = _whole(values.get("population"), "population", MAX_PEOPLE)
    except ValueError as error:
        problems.append(str(error))
    if cell_text(values.get("age_67_plus")):
        try:
            age = _whole(values["age_67_plus"], "age_67_plus", MAX_PEOPLE)
        except ValueError as error:
            problems.append(str(error))
        if age is not None and population is not None and age > population:
            problems.append(
                _("age_67_plus (%(age)s) is more than population (%(population)s)")
                % {"age": age, "population": population}
            )
    if problems:
        raise ValueError("; ".join(problems))
    return Cell(line=line, x=x, y=y, population=population or 0, age_67_plus=age)


@lru_cache(maxsize=2)
def _transformer(source: int, target: int):
    from pyproj import Transformer

    return Transformer.from_crs(source, target, always_xy=True)


def to_wgs84(xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """EPSG:25833 → WGS84 (longitudes, latitudes), many points at once."""
    lons, lats = _transformer(25833, 4326).transform(xs, ys)
    return list(lons), list(lats)


def to_utm(lons: list[float], lats: list[float]) -> tuple[list[float], list[float]]:
    """WGS84 → EPSG:25833 (eastings, northings), for the map's hubs."""
    xs, ys = _transformer(4326, 25833).transform(lons, lats)
    return list(xs), list(ys)


def parse(
    rows: Iterable[tuple[int, list[Any]]],
    *,
    progress: Progress | None = None,
    total: int = 0,
    max_rejected: int = 100,
) -> Checked[Cell]:
    """Every row checked; the first `max_rejected` bad ones with their line and problems."""
    result = imports.check_rows(
        rows,
        columns=_columns,
        row=_cell,
        key=lambda cell: (cell.x, cell.y),
        same=lambda line: _("the same cell as line %(line)s") % {"line": line},
        none=_("The file has a header row (line 1) but no cells."),
        max_rejected=max_rejected,
        progress=progress,
        total=total,
    )
    # WGS84 for every centre at once, and Norway's extent checked there too.
    lons, lats = to_wgs84([c.x for c in result.rows], [c.y for c in result.rows])
    kept: list[Cell] = []
    for cell, lon, lat in zip(result.rows, lons, lats, strict=True):
        if not in_norway(lat, lon):
            result.reject(
                cell.line,
                _("the cell (%(x)s, %(y)s) lies outside Norway (%(lat).3f° N, %(lon).3f° E)")
                % {"x": cell.x, "y": cell.y, "lat": lat, "lon": lon},
            )
            continue
        cell.latitude, cell.longitude = round(lat, 6), round(lon, 6)
        kept.append(cell)
    result.rows = kept
    result.rejected.sort(key=lambda r: r["line"])
    if progress:
        progress("read", len(kept) + len(result.rejected), len(kept) + len(result.rejected))
    return result


def _has_ages(checked: Checked[Cell]) -> bool:
    return "age_67_plus" in checked.columns


# --- Importing --------------------------------------------------------------------------------


def import_grid(
    *,
    actor: User | Operator,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    invented: bool = False,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> GridResult:
    """Check every row; with none bad, replace the grid in use with this one (one
    transaction). `dry_run` checks only. Refused (`PermissionDenied`) for anyone but
    management, administrators and the operator."""
    limits = limits or UPLOAD_LIMITS

    def check(rows: Iterable[tuple[int, list[Any]]]) -> Checked[Cell]:
        total = data.count(b"\n")
        return parse(rows, progress=progress, total=total, max_rejected=limits.max_rejected)

    def counts(checked: Checked[Cell]) -> dict[str, Any]:
        cells = checked.rows
        return {
            "cells": len(cells),
            "population": sum(c.population for c in cells),
            "age_67_plus": sum(c.age_67_plus or 0 for c in cells) if _has_ages(checked) else None,
        }

    def write(checked: Checked[Cell], result: GridResult) -> None:
        PopulationGrid.objects.all().delete()
        grid = PopulationGrid.objects.create(
            source=(filename or "grid.csv")[:200],
            imported_by=imports.imported_by(actor),
            invented=invented,
            cells=result.cells,
            population=result.population,
            has_ages=_has_ages(checked),
        )
        for offset in range(0, len(checked.rows), WRITE_CHUNK):
            chunk = checked.rows[offset : offset + WRITE_CHUNK]
            PopulationCell.objects.bulk_create(
                PopulationCell(
                    grid=grid,
                    x=c.x,
                    y=c.y,
                    latitude=c.latitude,
                    longitude=c.longitude,
                    population=c.population,
                    age_67_plus=c.age_67_plus,
                )
                for c in chunk
            )
            if progress:
                progress("write", offset + len(chunk), len(checked.rows))

    return imports.import_file(
        actor=actor,
        data=data,
        filename=filename,
        dry_run=dry_run,
        limits=limits,
        too_large=GridTooLarge,
        check=check,
        result=GridResult,
        counts=counts,
        write=write,
    )


def current_grid() -> PopulationGrid | None:
    return PopulationGrid.objects.order_by("-imported", "-pk").first()
