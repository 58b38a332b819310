"""Tables as files people open in Excel: CSV (semicolons by default, as Norwegian Excel
expects, with a BOM so æøå read right) and xlsx (one sheet per table, numbers as numbers).

Every CSV and xlsx Torget hands out is written here, so two rules hold for all of them:

- Text that Excel would run as a formula (it starts with = + - @, a tab or a carriage
  return) gets a leading apostrophe. Only text: numbers stay numbers, so -1.5 is not touched.
- Numbers are numbers. A semicolon CSV is for Norwegian Excel and writes decimal commas
  (28,5), a comma CSV decimal points; xlsx cells are numeric with a number format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

CSV_SEPARATORS = {";": ";", ",": ","}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

# What a spreadsheet reads as the start of a formula (or of a cell it re-parses).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

# xlsx number formats (format codes use , and . whatever the locale; Excel shows them in the
# reader's own separators).
WHOLE_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


def safe_text(text: str) -> str:
    """Text as a spreadsheet shows it and never runs it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def cell_value(value: Any) -> Any:
    """A value as an xlsx cell holds it: numbers and dates as they are, everything else as
    safe text (lazy translations and other objects become their text first)."""
    if value is None or _is_number(value):
        return value
    if isinstance(value, datetime):
        # Excel has no time zones: the wall time in Oslo, as the pages show it.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return value
    return safe_text(str(value))


def _csv_number(value: int | float | Decimal, decimal_comma: bool) -> str:
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value) if "e" not in repr(value) else f"{value:.10f}".rstrip("0").rstrip(".")
    else:
        text = format(value, "f")
    return text.replace(".", ",") if decimal_comma else text


def csv_cell(value: Any, *, decimal_comma: bool = True) -> str:
    """A value as a CSV cell: numbers in the file's decimal mark, dates dd.mm.yyyy."""
    if value is None:
        return ""
    if _is_number(value):
        return _csv_number(value, decimal_comma)
    value = cell_value(value)
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def csv_text(
    tables: Sequence[Table],
    *,
    about: Sequence[Sequence[Any]] = (),
    separator: str = ";",
    titles: bool = True,
) -> str:
    """The CSV file's text (with its BOM). `about` rows first (what the file is), then each
    table under its title; `titles=False` for a file of one table that is just its rows."""
    delimiter = CSV_SEPARATORS.get(separator, ";")
    decimal_comma = delimiter == ";"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")

    def write(row: Sequence[Any]) -> None:
        writer.writerow([csv_cell(value, decimal_comma=decimal_comma) for value in row])

    for row in about:
        write(row)
    for table in tables:
        if buffer.tell():
            writer.writerow([])
        if titles:
            write([table.title])
        write(table.header)
        for row in table.rows:
            write(row)
    return "\ufeff" + buffer.getvalue()


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    tables: Sequence[Table],
    filename: str,
    *,
    about: Sequence[Sequence[Any]] = (),
    separator: str = ";",
    titles: bool = True,
) -> HttpResponse:
    text = csv_text(tables, about=about, separator=separator, titles=titles)
    return _attachment(HttpResponse(text, content_type=CSV_TYPE), filename)


def sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def number_format(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return WHOLE_FORMAT
    if isinstance(value, float):
        return DECIMAL_FORMAT
    if isinstance(value, Decimal):
        return MONEY_FORMAT
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    return None


def _append(sheet: Any, row: Sequence[Any]) -> None:
    sheet.append([cell_value(value) for value in row])
    for cell, value in zip(sheet[sheet.max_row], row, strict=False):
        if fmt := number_format(value):
            cell.number_format = fmt


def xlsx_bytes(
    tables: Sequence[Table], *, about: Sequence[Sequence[Any]] = (), about_title: str = ""
) -> bytes:
    """One sheet per table (bold header row); the `about` rows on a first sheet of their own."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    if about:
        first.title = sheet_title(about_title)
        for row in about:
            _append(first, row)
        first["A1"].font = Font(bold=True)
    else:
        workbook.remove(first)
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.title))
        _append(sheet, table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            _append(sheet, row)
        sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    tables: Sequence[Table],
    filename: str,
    *,
    about: Sequence[Sequence[Any]] = (),
    about_title: str = "",
) -> HttpResponse:
    content = xlsx_bytes(tables, about=about, about_title=about_title)
    return _attachment(HttpResponse(content, content_type=XLSX_TYPE), filename)
