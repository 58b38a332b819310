"""Tables as files people open in Excel: CSV (semicolons by default, as Norwegian Excel
expects, with a BOM so æøå read right) and xlsx (one sheet per table, numbers as numbers).

The key figures and the invoice basis both render their tables through here."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

CSV_SEPARATORS = {";": ";", ",": ","}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(
    tables: list[Table], filename: str, *, about: Sequence[Sequence[Any]] = (), separator: str = ";"
) -> HttpResponse:
    """The `about` rows first (what the file is), then each table under its title."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATORS.get(separator, ";"), lineterminator="\r\n")
    writer.writerows(about)
    for table in tables:
        if buffer.tell():
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.header)
        writer.writerows(table.rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31]


def xlsx_response(
    tables: list[Table],
    filename: str,
    *,
    about: Sequence[Sequence[Any]] = (),
    about_title: str = "",
) -> HttpResponse:
    """One sheet per table (bold header row); the `about` rows on a first sheet of their own."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    if about:
        first.title = sheet_title(about_title)
        for row in about:
            first.append(row)
        first["A1"].font = Font(bold=True)
    else:
        workbook.remove(first)
    for table in tables:
        sheet = workbook.create_sheet(sheet_title(table.title))
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)
