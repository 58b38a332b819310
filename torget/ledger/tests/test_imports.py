"""Import of historical statistics: exact totals, line numbers, all or nothing, dry runs."""

import dataclasses
import io
import random
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from torget.keyfigures.selectors import key_figures
from torget.ledger import imports
from torget.ledger.imports import MAX_UPLOAD_BYTES, OPERATOR, import_ledger
from torget.ledger.models import LedgerEntry
from torget.places.tests.factories import HubFactory

pytestmark = pytest.mark.django_db

YEAR = (date(2019, 1, 1), date(2019, 12, 31))


@pytest.fixture
def saetre(db):
    return HubFactory(name="Sætre")


def figures(hub=None):
    return key_figures(start=YEAR[0], end=YEAR[1], hub=hub).as_json()


def random_norwegian_file(hubs, rows=400, seed=8):
    """A semicolon file with DD.MM.YYYY dates and Norwegian headers and values, and the
    totals per hub it must give."""
    rng = random.Random(seed)
    names = {
        "holmen": ["Holmen", "holmen", "HOLMEN"],
        "tofte": ["Tofte", "tofte"],
        "saetre": ["Sætre", "saetre", "SÆTRE", "sætre"],
    }
    expected: Counter = Counter()
    lines = ["dato;torg;arrangør;type;tittel;deltakere;antall"]
    for _ in range(rows):
        hub = rng.choice(hubs)
        organiser = rng.choice(["kommunal", "ikke-kommunal", "Kommunal", "IKKE-KOMMUNAL"])
        kind = rng.choice(["aktivitet", "møte", "Aktivitet", "Møte"])
        count = rng.choice(["", "1", str(rng.randint(2, 60))])
        day = date(2019, rng.randint(1, 12), rng.randint(1, 28))
        people = rng.choice(["", str(rng.randint(0, 200))])
        title = rng.choice(["Allsang", "Styremøte; årsmøte", "Strikkekafé", "Språkkafé"])
        title = f'"{title}"' if ";" in title else title
        lines.append(
            f"{day:%d.%m.%Y};{rng.choice(names[hub.slug])};{organiser};{kind};{title};{people};{count}"
        )
        key = (
            hub.slug,
            "activities" if kind.lower() == "aktivitet" else "meetings",
            "municipal" if organiser.lower() == "kommunal" else "non_municipal",
        )
        expected[key] += int(count or 1)
    return "\n".join(lines) + "\n", expected


def test_random_semicolon_file_gives_exactly_its_totals_per_hub(holmen, tofte, saetre):
    text, expected = random_norwegian_file([holmen, tofte, saetre])
    result = import_ledger(actor=OPERATOR, data=text.encode(), filename="statistikk.csv")
    assert result.rejected == []
    assert result.imported == 400
    data = figures()
    for row in data["by_hub"]:
        for kind in ("activities", "meetings"):
            for organiser_class in ("municipal", "non_municipal"):
                assert row[kind][organiser_class] == expected[(row["hub"], kind, organiser_class)]
    total = sum(expected.values())
    assert sum(sum(split.values()) for split in data["totals"].values()) == total
    entry = LedgerEntry.objects.first()
    assert entry.source == "import" and entry.source_id == f"{result.batch}:2"


def test_one_bad_row_imports_nothing_and_names_its_line(holmen):
    text = (
        "date,hub,organiser,kind,title,participants,count\n"
        "2019-01-01,holmen,municipal,activity,Allsang,12,1\n"
        "2019-01-02,holmen,municipal,activity,Allsang,12,1\n"
        "2019-02-30,Nowhere,someone,activity,Allsang,many,0\n"
        "2019-01-03,holmen,non_municipal,meeting,Styre,,\n"
    )
    with translation.override("en"):
        result = import_ledger(actor=OPERATOR, data=text.encode(), filename="x.csv")
    assert result.imported == 0
    assert [r["line"] for r in result.rejected] == [4]
    error = result.rejected[0]["error"]
    for word in ("2019-02-30", "Nowhere", "someone", "participants", "count"):
        assert word in error
    assert not LedgerEntry.objects.exists()


def test_partial_imports_the_good_rows(holmen):
    text = "date,hub,kind,organiser\n2019-01-01,holmen,activity,municipal\n2019-01-01,x,activity,municipal\n"
    result = import_ledger(actor=OPERATOR, data=text.encode(), partial=True)
    assert result.imported == 1 and len(result.rejected) == 1
    assert LedgerEntry.objects.count() == 1


def test_line_numbers_count_lines_of_the_file_not_records(holmen):
    text = (
        'date;hub;kind;organiser;title\n2019-01-01;holmen;activity;municipal;"Two\nlines"\n\n'
        "2019-01-01;holmen;activity;nobody;x\n"
    )
    result = import_ledger(actor=OPERATOR, data=text.encode())
    assert result.rejected == [{"line": 5, "error": result.rejected[0]["error"]}]


def test_dry_run_writes_nothing(holmen):
    text = "date,hub,kind,organiser\n2019-01-01,holmen,activity,municipal\n"
    result = import_ledger(actor=OPERATOR, data=text.encode(), dry_run=True)
    assert result.valid == 1 and result.imported == 0 and result.dry_run
    assert not LedgerEntry.objects.exists()


def test_bom_and_comma_and_inquiries_with_topic_and_channel(holmen):
    text = (
        "\ufeffdato,torg,arrangør,type,tittel,antall,tema,kanal\n"
        "01.03.2019,Holmen,,henvendelse,,5,tax,telefon\n"
        "1.3.2019,Holmen,,inquiry,,,digital_help,\n"
    )
    result = import_ledger(actor=OPERATOR, data=text.encode("utf-8"))
    assert result.rejected == [] and result.imported == 2
    data = figures()
    assert data["inquiries"]["by_topic"]["tax"] == 5
    assert data["inquiries"]["by_topic"]["digital_help"] == 1
    assert data["inquiries"]["by_channel"]["phone"] == 5
    assert data["inquiries"]["by_channel"]["unspecified"] == 1


def test_an_inquiry_needs_a_known_topic(holmen):
    text = "date,hub,kind,topic\n2019-01-01,holmen,inquiry,\n2019-01-01,holmen,inquiry,weather\n"
    result = import_ledger(actor=OPERATOR, data=text.encode())
    assert [r["line"] for r in result.rejected] == [2, 3]


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_real_dates_and_numbers(holmen, saetre):
    data = xlsx_bytes(
        [
            ["Dato", "Torg", "Arrangør", "Type", "Tittel", "Deltakere", "Antall"],
            [date(2019, 5, 1), "Sætre", "kommunal", "aktivitet", "Bibliotek", 30, 12],
            ["02.05.2019", "holmen", "ikke-kommunal", "møte", "Styre", None, 3],
            [None, None, None, None, None, None, None],
        ]
    )
    result = import_ledger(actor=OPERATOR, data=data, filename="stat.xlsx")
    assert result.rejected == [] and result.imported == 2
    totals = figures()["totals"]
    assert totals["activities"]["municipal"] == 12 and totals["meetings"]["non_municipal"] == 3


def test_xlsx_bad_row_names_its_line(holmen):
    data = xlsx_bytes(
        [
            ["date", "hub", "organiser", "kind"],
            ["2019-01-01", "holmen", "municipal", "activity"],
            ["2019-01-01", "holmen", "municipal", "party"],
        ]
    )
    result = import_ledger(actor=OPERATOR, data=data, filename="stat.xlsx")
    assert result.imported == 0 and [r["line"] for r in result.rejected] == [3]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "import.unreadable"),
        (b"title,participants\nx,1\n", "import.unreadable"),
        (b"\xff\xfe\x00d\x00a", "import.unreadable"),
        (b"PK\x03\x04garbage", "import.unreadable"),
    ],
)
def test_unreadable_files_are_one_clear_error(holmen, data, code):
    from torget.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        import_ledger(actor=OPERATOR, data=data)
    assert error.value.code == code
    assert error.value.errors[0]["field"] == "file"


def test_command_imports_with_progress_and_refuses_bad_files(holmen, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("date;hub;kind;organiser;count\n01.01.2019;Holmen;aktivitet;kommunal;7\n")
    call_command("import_ledger", str(good), "--dry-run")
    assert not LedgerEntry.objects.exists()
    call_command("import_ledger", str(good))
    assert figures()["totals"]["activities"]["municipal"] == 7
    assert "[" in capsys.readouterr().err  # the progress bar
    bad = tmp_path / "bad.csv"
    bad.write_text("date;hub;kind;organiser\n01.01.2019;Holmen;aktivitet;kommunal\nx;y;z;w\n")
    with pytest.raises(CommandError):
        call_command("import_ledger", str(bad))
    assert "line 3" in capsys.readouterr().err
    assert LedgerEntry.objects.count() == 1


# --- The API ------------------------------------------------------------------------------------

URL = "/api/v1/imports/ledger"
CSV = b"date;hub;kind;organiser;count\n01.01.2019;Holmen;aktivitet;kommunal;7\n"


def upload(client, content=CSV, name="stat.csv", **data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(URL, {"file": SimpleUploadedFile(name, content), **data})


def test_only_administrators_import(client, personas):
    assert upload(client).status_code == 401
    for user in (personas.resident, personas.desk_holmen, personas.leader, personas.management):
        client.force_login(user)
        response = upload(client)
        assert response.status_code == 403, user
        assert response["Content-Type"] == "application/problem+json"
    client.force_login(personas.admin)
    response = upload(client)
    assert response.status_code == 200, response.content
    assert response.json()["imported"] == 1 and response.json()["rejected"] == []
    assert LedgerEntry.objects.get().count == 7


def test_api_dry_run_and_rejected_lines(client, personas):
    client.force_login(personas.admin)
    response = upload(client, dry_run="true")
    assert response.json() | {"batch": ""} == {
        "imported": 0,
        "rejected": [],
        "rejected_more": 0,
        "valid": 1,
        "dry_run": True,
        "batch": "",
    }
    response = upload(client, CSV + b"32.01.2019;Holmen;aktivitet;kommunal;1\n")
    assert response.status_code == 200
    body = response.json()
    assert body["imported"] == 0 and body["rejected"][0]["line"] == 3
    assert not LedgerEntry.objects.exists()


def test_api_unreadable_file_is_422_and_too_large_is_413(client, personas, monkeypatch):
    client.force_login(personas.admin)
    response = upload(client, b"nothing useful\n")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"
    small = dataclasses.replace(imports.UPLOAD_LIMITS, max_bytes=10)
    monkeypatch.setattr(imports, "UPLOAD_LIMITS", small)
    response = upload(client)
    assert response.status_code == 413 and response.json()["code"] == "import.too_large"
    assert MAX_UPLOAD_BYTES == 20 * 1024 * 1024
