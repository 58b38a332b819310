"""Every CSV and xlsx Torget hands out goes through core/exports: text that a spreadsheet would
run as a formula is neutralised, numbers stay numbers (decimal commas in the semicolon CSV,
numeric cells with a number format in xlsx).

The first tests hold the helper to that; the parametrised one downloads every export from
the page a member of staff uses, with formula-like text in the fields people type."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from torget.consultations.tests.conftest import autumn, text_values  # noqa: F401 (fixture)
from torget.core import exports
from torget.core.exports import Table
from torget.seasons.tests.conftest import frozen_now, season  # noqa: F401 (fixtures)

PAYLOADS = ['=HYPERLINK("x")', "@SUM(A1)", "+1", "-1+1", "\tTab", "\rReturn"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = {";": re.compile(r"^-?\d+(,\d+)?$"), ",": re.compile(r"^-?\d+(\.\d+)?$")}


def _csv_cells(text: str, separator: str) -> list[str]:
    assert text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text[1:], newline=""), delimiter=separator)
    return [cell for row in reader for cell in row]


def _xlsx_cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


# --- The helper ---------------------------------------------------------------------------------

TABLE = Table(
    "Tabell",
    ["Tekst", "Heltall", "Desimal", "Beløp", "Dato"],
    [
        ["-1+1", -3, -1.5, Decimal("-2.25"), date(2026, 2, 1)],
        ['=HYPERLINK("x")', 1234, 28.0, Decimal("300.00"), None],
        ["vanlig tekst", 0, 0.125, Decimal("0.5"), None],
    ],
)


def test_csv_for_norwegian_excel_has_decimal_commas_and_no_formulas():
    text = exports.csv_response([TABLE], "x.csv").content.decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[2] == "'-1+1;-3;-1,5;-2,25;01.02.2026"  # −1,5 is a number: no apostrophe
    assert lines[3] == '"\'=HYPERLINK(""x"")";1234;28,0;300,00;'  # quoted: it has quotes
    assert lines[4] == "vanlig tekst;0;0,125;0,5;"


def test_csv_with_commas_keeps_decimal_points():
    text = exports.csv_response([TABLE], "x.csv", separator=",").content.decode("utf-8")
    assert "'-1+1,-3,-1.5,-2.25,01.02.2026" in text


def test_xlsx_numbers_are_numbers_with_a_format_and_text_is_never_a_formula():
    content = exports.xlsx_response([TABLE], "x.xlsx").content
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    first = [cell for cell in sheet[2]]
    assert first[0].value == "'-1+1" and first[0].data_type == "s"
    assert first[1].value == -3 and first[1].number_format == exports.WHOLE_FORMAT
    assert first[2].value == -1.5 and first[2].number_format == exports.DECIMAL_FORMAT
    assert first[3].value == -2.25 and first[3].number_format == exports.MONEY_FORMAT
    assert first[4].value.date() == date(2026, 2, 1)
    assert first[4].number_format == exports.DATE_FORMAT
    assert sheet["A3"].value == '\'=HYPERLINK("x")' and sheet["A3"].data_type == "s"


@pytest.mark.parametrize("payload", [*PAYLOADS, "\nNewline"])
def test_every_formula_start_is_neutralised(payload):
    assert exports.safe_text(payload) == "'" + payload
    assert exports.cell_value(payload) == "'" + payload
    assert exports.safe_text("Kari -1") == "Kari -1"


# --- Every export, through the page -------------------------------------------------------------

NOVEMBER = {"fra": "2026-11-01", "til": "2026-11-30"}


def _key_figures(request, personas) -> str:
    """Organisations, a hub and a space with formula-like names, with activities and a booking."""
    from torget.accounts.tests.factories import OrganisationFactory
    from torget.ledger.models import EntryKind
    from torget.ledger.services import LedgerFact, ledger_record
    from torget.places.tests.factories import HubFactory, SpaceFactory

    hub = HubFactory.with_hours(PAYLOADS[0])
    SpaceFactory.meeting_room(hub, name=PAYLOADS[2])
    for i, payload in enumerate(PAYLOADS):
        org = OrganisationFactory(name=payload)
        ledger_record(
            source="import",
            source_id=f"x{i}",
            fact=LedgerFact(
                hub_id=hub.pk,
                date=date(2026, 2, 3),
                kind=EntryKind.ACTIVITY,
                organiser_type="voluntary",
                organisation_id=org.pk,
                count=i + 1,
            ),
        )
    request.getfixturevalue("client").force_login(personas.management)
    return "/nokkeltall/?period=year&year=2026&hub="


def _consultation(request, personas) -> str:
    from torget.consultations import services

    consultation = request.getfixturevalue("autumn")
    for payload in PAYLOADS:
        services.response_submit(consultation, text_values(consultation, payload))
    request.getfixturevalue("client").force_login(personas.desk_holmen)
    return f"/medvirkning/stab/{consultation.slug}/eksport"


def _invoices(request, personas) -> str:
    from unittest import mock

    from torget.booking.models import Booking, BookingPolicy
    from torget.booking.services import BookingRequest, booking_create
    from torget.places.tests.factories import SpaceFactory

    room = SpaceFactory.meeting_room(personas.holmen, name="Møterom Fjorden", capacity=12)
    BookingPolicy.objects.create(hub=personas.holmen, price_resident=Decimal("150.50"))
    with mock.patch("django.utils.timezone.now", return_value=_at(date(2026, 11, 23), 9)):
        for day, payload in enumerate(PAYLOADS, start=24):
            booking = booking_create(
                actor=personas.resident,
                request=BookingRequest(
                    space=room,
                    start=_at(date(2026, 11, day), 10),
                    end=_at(date(2026, 11, day), 11, 30),
                    title="Møte",
                    organiser_type="resident",
                    kind="meeting",
                    expected_participants=4,
                ),
            )
            Booking.objects.filter(pk=booking.pk).update(on_behalf_name=payload)
    request.getfixturevalue("client").force_login(personas.desk_holmen)
    return f"/booking/ansatte/{personas.holmen.slug}/faktura/?fra={NOVEMBER['fra']}&til={NOVEMBER['til']}"


def _at(day: date, hour: int, minute: int = 0):
    from datetime import datetime

    from torget.core.timeutil import OSLO

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)


def _seasons(request, personas) -> str:
    from torget.seasons import services
    from torget.seasons.tests.conftest import application_input

    round_ = request.getfixturevalue("season")
    for payload in PAYLOADS:
        services.application_save(
            actor=personas.org_contact,
            round_id=round_.round.pk,
            data=application_input(personas.organisation, round_.north, activity=payload),
        )
    services.proposal_compute(actor=personas.admin, round_id=round_.round.pk)
    request.getfixturevalue("client").force_login(personas.admin)
    return f"/sesong/ansatt/{round_.round.pk}/vedtak"


# (name, setup, how the URL ends, the file's kind)
EXPORTS = [
    ("key figures, CSV for Excel", _key_figures, "&format=csv&sep=%3B", ";"),
    ("key figures, CSV with commas", _key_figures, "&format=csv&sep=%2C", ","),
    ("key figures, xlsx", _key_figures, "&format=xlsx", "xlsx"),
    ("consultation answers, CSV", _consultation, ".csv", ";"),
    ("consultation answers, xlsx", _consultation, ".xlsx", "xlsx"),
    ("invoice basis, CSV for Excel", _invoices, "&format=csv&sep=%3B", ";"),
    ("invoice basis, CSV with commas", _invoices, "&format=csv&sep=%2C", ","),
    ("invoice basis, xlsx", _invoices, "&format=xlsx", "xlsx"),
    ("season decisions, CSV", _seasons, ".csv", ";"),
]


@pytest.mark.parametrize(
    ("setup", "suffix", "kind"), [e[1:] for e in EXPORTS], ids=[e[0] for e in EXPORTS]
)
def test_every_export_neutralises_formulas_and_keeps_numbers(
    request, client, personas, setup, suffix, kind
):
    response = client.get(setup(request, personas) + suffix)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if kind == "xlsx":
        cells = _xlsx_cells(response.content)
        texts = [c.value for c in cells if isinstance(c.value, str)]
        numbers = [c for c in cells if isinstance(c.value, int | float)]
        assert not [t for t in texts if t.startswith(FORMULA_START)]
        assert not [c for c in cells if c.data_type == "f"]
        assert numbers and all(c.number_format != "General" for c in numbers)
    else:
        texts = _csv_cells(response.content.decode("utf-8"), kind)
        # Only numbers may start with a minus: a number in the file's own decimal mark.
        assert not [t for t in texts if t.startswith(FORMULA_START) and not NUMBER[kind].match(t)]
        assert [t for t in texts if NUMBER[kind].match(t)]
        if kind == ";":  # Norwegian Excel reads 28.0 as text or a date
            assert not [t for t in texts if re.fullmatch(r"-?\d+\.\d+", t)]
    # The formula-like text got there, as text.
    assert '\'=HYPERLINK("x")' in texts
    assert "'-1+1" in texts or any(t.endswith("'-1+1") for t in texts)


def test_no_app_writes_a_spreadsheet_of_its_own():
    """A new export that bypasses core/exports would also bypass its formula guard."""
    from pathlib import Path

    helper = Path(exports.__file__).resolve()
    root = helper.parents[1]
    writers = re.compile(r"csv\.writer\(|csv\.DictWriter\(|Workbook\(|xlsxwriter|text/csv")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path != helper
        and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
