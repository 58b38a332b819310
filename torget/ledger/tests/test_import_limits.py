"""The import's limits (issue 16.7): a small xlsx that unpacks to a huge sheet, or declares a
million rows or columns, is refused at once with a clear message and nothing written, on
the page, through the API and by the command alike; a file of bad rows lists the first 100
and counts the rest."""

import dataclasses
import io
import re
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from torget.ledger import imports
from torget.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

PAGE = "/nokkeltall/import/"
API = "/api/v1/imports/ledger"
HEADER = ["dato", "torg", "arrangør", "type", "antall"]
GOOD_ROW = ["01.02.2019", "Holmen", "kommunal", "aktivitet", 5]


def workbook(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in (HEADER, *rows):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite_sheet(data: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML changed (what a crafted file does)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item.filename, content)
    return out.getvalue()


def bomb() -> bytes:
    """Under 100 KB, unpacking to a 60 MB sheet (blanks inside sheetData: valid XML)."""
    padding = " " * (60 * 1024 * 1024)
    return rewrite_sheet(
        workbook(GOOD_ROW), lambda xml: xml.replace("<sheetData>", "<sheetData>" + padding)
    )


def declared(ref: str) -> bytes:
    return rewrite_sheet(
        workbook(GOOD_ROW),
        lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml),
    )


def wide_without_dimension() -> bytes:
    """A row with a cell in column 60, and no dimension to warn of it."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(GOOD_ROW)
    sheet.cell(row=2, column=60, value="x")
    out = io.BytesIO()
    book.save(out)
    return rewrite_sheet(out.getvalue(), lambda xml: re.sub(r"<dimension [^>]*/>", "", xml))


TOO_BIG = {
    "unpacks to 60 MB": (bomb, "60 MB"),
    "declares a million rows": (lambda: declared("A1:E1048576"), "500"),
    "declares 16,384 columns": (lambda: declared("A1:XFD2"), "16384"),
    "has a cell in column 60": (wide_without_dimension, "60"),
}


@pytest.mark.parametrize("build", TOO_BIG.values(), ids=TOO_BIG.keys())
def test_the_page_refuses_an_oversized_workbook_at_once(client, personas, build):
    make, says = build
    data = make()
    assert len(data) < 200 * 1024
    client.force_login(personas.admin)
    assert client.get(PAGE).status_code == 200  # URLs and templates loaded: time the file only
    started = time.monotonic()
    response = client.post(
        PAGE, {"file": SimpleUploadedFile("statistikk.xlsx", data)}, HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert errors and says in errors[0]
    assert "Fila har" in errors[0] or "Arbeidsboka pakkes ut" in errors[0]
    assert not LedgerEntry.objects.exists()


def test_the_api_and_the_command_refuse_the_same_bomb(client, personas, tmp_path):
    data = bomb()
    started = time.monotonic()
    with pytest.raises(imports.ImportTooLarge):
        imports.import_ledger(actor=imports.OPERATOR, data=data, filename="b.xlsx")
    assert time.monotonic() - started < 1  # from the zip's directory, not by unpacking
    client.force_login(personas.admin)
    response = client.post(
        API, {"file": SimpleUploadedFile("b.xlsx", data)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413
    problem = response.json()
    assert problem["code"] == "import.too_large"
    assert "unpacks to 60 MB; at most 40 MB" in problem["detail"]

    # The command allows ten times as much: a sheet of 450 MB is too much for it too.
    path = tmp_path / "b.xlsx"
    path.write_bytes(declared("A1:E6000000"))
    with pytest.raises(CommandError, match="more than"):
        call_command("import_ledger", str(path))
    assert not LedgerEntry.objects.exists()


def test_a_csv_with_too_many_rows_or_columns_is_refused(client, personas, monkeypatch):
    small = dataclasses.replace(imports.UPLOAD_LIMITS, max_rows=3)
    monkeypatch.setattr(imports, "UPLOAD_LIMITS", small)
    client.force_login(personas.admin)
    rows = "dato;torg;arrangør;type\n" + "01.02.2019;Holmen;kommunal;aktivitet\n" * 4
    response = client.post(
        API, {"file": SimpleUploadedFile("a.csv", rows.encode())}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413 and "more than 3 rows" in response.json()["detail"]
    wide = "dato;torg;arrangør;type" + ";x" * 60 + "\n"
    response = client.post(
        API, {"file": SimpleUploadedFile("a.csv", wide.encode())}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413 and "64 columns" in response.json()["detail"]
    assert not LedgerEntry.objects.exists()


BAD_ROWS = "dato;torg;arrangør;type\n" + "".join(
    f"01.02.2019;{'Nowhere' * 100}{n};kommunal;aktivitet\n" for n in range(150)
)


def test_bad_rows_are_listed_up_to_100_and_the_rest_counted(client, personas, tmp_path, capsys):
    client.force_login(personas.admin)
    body = client.post(API, {"file": SimpleUploadedFile("a.csv", BAD_ROWS.encode())}).json()
    assert len(body["rejected"]) == 100 and body["rejected_more"] == 50
    assert body["rejected"][-1]["line"] == 101
    assert len(body["rejected"][0]["error"]) < 120  # the 700-character hub name is cut short

    response = client.post(
        PAGE, {"file": SimpleUploadedFile("a.csv", BAD_ROWS.encode())}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "150 rows have errors" in html
    assert html.count("<li>Line ") == 100
    assert "and 50 more rows with errors" in html

    path = tmp_path / "a.csv"
    path.write_text(BAD_ROWS)
    with pytest.raises(CommandError, match="150 rows rejected"):
        call_command("import_ledger", str(path))
    assert "...and 50 more rows with errors." in capsys.readouterr().err
    assert not LedgerEntry.objects.exists()
