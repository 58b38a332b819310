"""What the scenarios' two file imports share: the population grid (`grid`) and the postcode
areas' centre points (`postcodes`). Each says only what is its own (its columns, its rule for
a row, what it writes); the rest is here, once:

- who may import: management and administrators, and the operator at the server's command
  line (`OPERATOR`), for the pages and the commands alike;
- the file: CSV (UTF-8, semicolons; commas are found from the header too) or an xlsx
  workbook, read by the ledger's reader within `Limits`; a file that is not UTF-8 refused with
  the line of its first bad byte;
- the header row (line 1): the known names (case does not matter) to their columns, a column
  named twice or an unknown one refused, with the columns the import expects;
- every row checked first, each bad one reported with its line number (the header is line 1):
  the first `max_rejected` with their problems, the rest counted; blank lines skipped, a row
  wider than the header refused, a second row for the same cell or postcode refused;
- all or nothing: with any bad row nothing is written; a good file replaces what is in use,
  whole, in one transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from torget.accounts.permissions import is_management
from torget.core.errors import DomainError, PermissionDenied, ValidationFailed
from torget.ledger.imports import Limits, Progress, UnreadableFile, read_rows

if TYPE_CHECKING:
    from torget.accounts.models import User

MB = 1024 * 1024
Rows = Iterable[tuple[int, list[Any]]]
T = TypeVar("T")
R = TypeVar("R", bound="ImportResult")


class Operator:
    """Whoever runs `manage.py import_population_grid` or `import_postcode_areas` (or the
    demo) on the server."""

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR: Final = Operator()


def may_import(actor: User | Operator) -> bool:
    return actor is OPERATOR or is_management(actor)


def imported_by(actor: User | Operator) -> User | None:
    """The person to record as the importer: nobody for the operator."""
    return None if isinstance(actor, Operator) else actor


def refused(error: ValidationFailed | DomainError) -> list[str]:
    """A refused file's messages, one per problem, for a page or a terminal."""
    return [e["message"] for e in error.errors] or [str(error.message)]


# --- The file ---------------------------------------------------------------------------------


def unreadable(message: str) -> UnreadableFile:
    return UnreadableFile(message, errors=[{"field": "file", "message": message}])


def check_encoding(data: bytes) -> None:
    """A file that is not UTF-8 (a Latin-1 export from an old spreadsheet, say) is refused
    with the line of its first bad byte."""
    if data[:4] == b"PK\x03\x04":
        return  # an xlsx workbook
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise unreadable(
            _(
                "Line %(line)s is not UTF-8 text. Save the file as CSV UTF-8 "
                "(in Excel: «CSV UTF-8») and try again."
            )
            % {"line": line}
        ) from None


def cell_text(value: Any) -> str:
    """A cell as text: a whole float as an integer (xlsx), without spaces (a thousands
    separator, plain or no-break)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().replace("\u00a0", "").replace(" ", "")


def header_columns(
    header: list[Any],
    names: Mapping[str, str],
    *,
    hint: str,
    lacking: Callable[[dict[str, int]], str],
) -> dict[str, int]:
    """The header row's known names (`names`: the label, casefolded → the column) to their
    index. Refused, with the columns the import expects (`hint`): a column named twice, one
    this import does not know, or what `lacking` says the found columns lack ("" for none)."""
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(header):
        label = cell_text(cell).lstrip("\ufeff")
        name = names.get(label.casefold())
        if name is None:
            if label:
                unknown.append(label[:40])
            continue
        if name in columns:
            raise unreadable(
                _("The header row (line 1) has the column %(column)s twice.") % {"column": name}
            )
        columns[name] = index
    if unknown:
        problem = ngettext(
            "The header row (line 1) has a column this import does not know: %(columns)s.",
            "The header row (line 1) has columns this import does not know: %(columns)s.",
            len(unknown),
        ) % {"columns": ", ".join(unknown)}
    else:
        problem = lacking(columns)
    if problem:
        raise unreadable(problem + " " + _("The columns are: %(columns)s.") % {"columns": hint})
    return columns


# --- Every row checked ------------------------------------------------------------------------


@dataclass(slots=True)
class Checked(Generic[T]):
    """A file's rows checked: the good ones, and the bad ones with their line and problems
    (the first `max_rejected`; the rest counted)."""

    columns: dict[str, int]
    rows: list[T]
    max_rejected: int
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_more: int = 0

    def reject(self, line: int, message: str) -> None:
        if len(self.rejected) < self.max_rejected:
            self.rejected.append({"line": line, "error": message})
        else:
            self.rejected_more += 1


def check_rows(
    rows: Rows,
    *,
    columns: Callable[[list[Any]], dict[str, int]],
    row: Callable[[int, dict[str, Any]], T],
    key: Callable[[T], Hashable],
    same: Callable[[int], str],
    none: str,
    max_rejected: int = 100,
    progress: Progress | None = None,
    total: int = 0,
) -> Checked[T]:
    """Every row after the header (read by `columns`) made by `row` from its values by
    column name, which raises ValueError with the row's problems. A row whose `key` an
    earlier row had is refused with `same(earlier line)`; a file with a header and no rows
    at all with `none`."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise unreadable(_("The file is empty."))
    result: Checked[T] = Checked(columns(first[1]), [], max_rejected)
    seen: dict[Hashable, int] = {}
    for done, (line, cells) in enumerate(iterator, start=1):
        if not any(cell_text(c) for c in cells):
            continue  # blank lines are not rows
        if len(cells) > len(first[1]):
            result.reject(line, _("more cells than the header has columns"))
            continue
        values = {name: cells[i] if i < len(cells) else None for name, i in result.columns.items()}
        try:
            good = row(line, values)
        except ValueError as error:
            result.reject(line, str(error))
            continue
        earlier = seen.setdefault(key(good), line)
        if earlier != line:
            result.reject(line, same(earlier))
            continue
        result.rows.append(good)
        if progress and done % 1000 == 0:
            progress("read", done, max(total, done))
    if not result.rows and not result.rejected and not result.rejected_more:
        raise unreadable(none)
    return result


# --- All or nothing ---------------------------------------------------------------------------


@dataclass(slots=True)
class ImportResult:
    """What an import did; each import adds its own counts (`counts`)."""

    batch: str
    dry_run: bool = False
    imported: bool = False
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_more: int = 0

    @property
    def rejected_count(self) -> int:
        return len(self.rejected) + self.rejected_more

    def counts(self) -> dict[str, Any]:
        return {}

    def as_json(self) -> dict[str, Any]:
        return {
            "batch": self.batch,
            **self.counts(),
            "dry_run": self.dry_run,
            "imported": self.imported,
            "rejected": self.rejected,
            "rejected_more": self.rejected_more,
        }


def import_file(
    *,
    actor: User | Operator,
    data: bytes,
    filename: str,
    dry_run: bool,
    limits: Limits,
    too_large: type[DomainError],
    check: Callable[[Rows], Checked[T]],
    result: type[R],
    counts: Callable[[Checked[T]], dict[str, Any]],
    write: Callable[[Checked[T], R], None],
) -> R:
    """Check every row (`check`); with none bad and not a dry run, `write` the rows in one
    transaction. The `result` holds the import's own `counts` of the rows checked. Refused
    (`PermissionDenied`) for anyone but management, administrators and the operator; a file
    over `limits.max_bytes` with `too_large`."""
    if not may_import(actor):
        raise PermissionDenied()
    if limits.max_bytes is not None and len(data) > limits.max_bytes:
        raise too_large()
    check_encoding(data)
    checked = check(read_rows(data, filename, limits))
    done = result(
        batch=str(uuid.uuid4()),
        dry_run=dry_run,
        rejected=checked.rejected,
        rejected_more=checked.rejected_more,
        **counts(checked),
    )
    if dry_run or done.rejected_count:
        return done
    with transaction.atomic():
        write(checked, done)
    done.imported = True
    return done
