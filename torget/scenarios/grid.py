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

Who may import: management and administrators (and the operator at the server's command
line), decided here for the page and the command alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from torget.accounts.permissions import is_management
from torget.core.errors import DomainError, PermissionDenied, ValidationFailed
from torget.ledger.imports import Limits, Progress, UnreadableFile, read_rows
from torget.scenarios.models import PopulationCell, PopulationGrid

if TYPE_CHECKING:
    from torget.accounts.models import User

MB = 1024 * 1024
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


class Operator:
    """Whoever runs `manage.py import_population_grid` (or the demo) on the server."""

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR: Final = Operator()


def may_import(actor: User | Operator) -> bool:
    return actor is OPERATOR or is_management(actor)


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
class GridResult:
    batch: str
    cells: int = 0
    population: int = 0
    age_67_plus: int | None = None
    dry_run: bool = False
    imported: bool = False
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_more: int = 0

    @property
    def rejected_count(self) -> int:
        return len(self.rejected) + self.rejected_more

    def as_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            "cells": self.cells,
            "population": self.population,
            "age_67_plus": self.age_67_plus,
            "dry_run": self.dry_run,
            "imported": self.imported,
            "rejected": self.rejected,
            "rejected_more": self.rejected_more,
        }


def _unreadable(message: str) -> UnreadableFile:
    return UnreadableFile(message, errors=[{"field": "file", "message": message}])


def _check_encoding(data: bytes) -> None:
    """A file that is not UTF-8 (a Latin-1 export from an old spreadsheet, say) is refused
    with the line of its first bad byte."""
    if data[:4] == b"PK\x03\x04":
        return  # an xlsx workbook
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _unreadable(
            _(
                "Line %(line)s is not UTF-8 text. Save the file as CSV UTF-8 "
                "(in Excel: «CSV UTF-8») and try again."
            )
            % {"line": line}
        ) from None


# --- Reading and checking ---------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().replace("\u00a0", "").replace(" ", "")


def _columns(header: list[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        label = _text(cell).lstrip("\ufeff")
        name = HEADERS.get(label.casefold())
        if name is None:
            if label:
                unknown.append(label[:40])
            continue
        if name in columns:
            raise _unreadable(
                _("The header row (line 1) has the column %(column)s twice.") % {"column": name}
            )
        columns[name] = index
    has_id, has_xy = "ssbid" in columns, "x" in columns or "y" in columns
    problem = ""
    if unknown:
        problem = ngettext(
            "The header row (line 1) has a column this import does not know: %(columns)s.",
            "The header row (line 1) has columns this import does not know: %(columns)s.",
            len(unknown),
        ) % {"columns": ", ".join(unknown)}
    elif has_id and has_xy:
        problem = _("The header row (line 1) has both ssbid and x;y: give one of them.")
    elif not has_id and not ("x" in columns and "y" in columns):
        problem = _("The header row (line 1) needs either ssbid or both x and y.")
    elif "population" not in columns:
        problem = _("The header row (line 1) lacks the column population.")
    if problem:
        raise _unreadable(
            problem + " " + _("The columns are: %(columns)s.") % {"columns": COLUMNS_HINT}
        )
    return columns


def _whole(value: Any, name: str, maximum: int) -> int:
    text = _text(value)
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
    text = _text(value).replace(",", ".")
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
    text = _text(value)
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


def _in_norway(latitude: float, longitude: float) -> bool:
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
    if _text(values.get("age_67_plus")):
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


@dataclass(slots=True)
class Parsed:
    cells: list[Cell]
    rejected: list[dict[str, Any]]
    rejected_more: int
    has_ages: bool


def parse(
    rows: Iterable[tuple[int, list[Any]]],
    *,
    progress: Progress | None = None,
    total: int = 0,
    max_rejected: int = 100,
) -> Parsed:
    """Every row checked; the first `max_rejected` bad ones with their line and problems."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise _unreadable(_("The file is empty."))
    columns = _columns(first[1])
    result = Parsed([], [], 0, has_ages="age_67_plus" in columns)
    seen: dict[tuple[int, int], int] = {}

    def reject(line: int, message: str) -> None:
        if len(result.rejected) < max_rejected:
            result.rejected.append({"line": line, "error": message})
        else:
            result.rejected_more += 1

    for done, (line, cells) in enumerate(iterator, start=1):
        if not any(_text(c) for c in cells):
            continue  # blank lines are not rows
        if len(cells) > len(first[1]):
            reject(line, _("more cells than the header has columns"))
            continue
        values = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        try:
            cell = _cell(line, values)
        except ValueError as error:
            reject(line, str(error))
            continue
        earlier = seen.setdefault((cell.x, cell.y), line)
        if earlier != line:
            reject(line, _("the same cell as line %(line)s") % {"line": earlier})
            continue
        result.cells.append(cell)
        if progress and done % 1000 == 0:
            progress("read", done, max(total, done))
    if not result.cells and not result.rejected and not result.rejected_more:
        raise _unreadable(_("The file has a header row (line 1) but no cells."))
    # WGS84 for every centre at once, and Norway's extent checked there too.
    lons, lats = to_wgs84([c.x for c in result.cells], [c.y for c in result.cells])
    kept: list[Cell] = []
    for cell, lon, lat in zip(result.cells, lons, lats, strict=True):
        if not _in_norway(lat, lon):
            reject(
                cell.line,
                _("the cell (%(x)s, %(y)s) lies outside Norway (%(lat).3f° N, %(lon).3f° E)")
                % {"x": cell.x, "y": cell.y, "lat": lat, "lon": lon},
            )
            continue
        cell.latitude, cell.longitude = round(lat, 6), round(lon, 6)
        kept.append(cell)
    result.cells = kept
    result.rejected.sort(key=lambda r: r["line"])
    if progress:
        progress("read", len(kept) + len(result.rejected), len(kept) + len(result.rejected))
    return result


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
    if not may_import(actor):
        raise PermissionDenied()
    limits = limits or UPLOAD_LIMITS
    if limits.max_bytes is not None and len(data) > limits.max_bytes:
        raise GridTooLarge()
    _check_encoding(data)
    total = data.count(b"\n")
    parsed = parse(
        read_rows(data, filename, limits),
        progress=progress,
        total=total,
        max_rejected=limits.max_rejected,
    )
    result = GridResult(
        batch=str(uuid.uuid4()),
        cells=len(parsed.cells),
        population=sum(c.population for c in parsed.cells),
        age_67_plus=sum(c.age_67_plus or 0 for c in parsed.cells) if parsed.has_ages else None,
        dry_run=dry_run,
        rejected=parsed.rejected,
        rejected_more=parsed.rejected_more,
    )
    if dry_run or result.rejected_count:
        return result
    with transaction.atomic():
        PopulationGrid.objects.all().delete()
        grid = PopulationGrid.objects.create(
            source=(filename or "grid.csv")[:200],
            imported_by=actor if not isinstance(actor, Operator) else None,
            invented=invented,
            cells=result.cells,
            population=result.population,
            has_ages=parsed.has_ages,
        )
        for offset in range(0, len(parsed.cells), WRITE_CHUNK):
            chunk = parsed.cells[offset : offset + WRITE_CHUNK]
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
                progress("write", offset + len(chunk), len(parsed.cells))
    result.imported = True
    return result


def current_grid() -> PopulationGrid | None:
    return PopulationGrid.objects.order_by("-imported", "-pk").first()


def refused(error: ValidationFailed | DomainError) -> list[str]:
    """A refused file's messages, one per problem, for a page or a terminal."""
    return [e["message"] for e in error.errors] or [str(error.message)]
