"""A figure another app registers (`core.figures`) is in the key figures' JSON, CSV and xlsx,
as it is on the page (issue 17): the same number for the same period and hub."""

import io

import pytest
from openpyxl import load_workbook

from torget.core.figures import Figure, register_figure, unregister_figure

pytestmark = pytest.mark.django_db

API = "/api/v1/reports/key-figures"
PAGE = "/nokkeltall/"
YEAR = {"period": "year", "year": "2026"}


@pytest.fixture
def volunteer_hours():
    register_figure(
        Figure(
            key="volunteers.hours",
            label="Frivillige timer",
            value=lambda hub, start, end: 12.5 if hub is None else 7.25,
            decimals=1,
            order=999,  # after every figure the apps register
        )
    )
    yield
    unregister_figure("volunteers.hours")


def test_the_json_has_every_registered_figure(client, personas, volunteer_hours):
    client.force_login(personas.management)

    everywhere = client.get(API, {"from": "2026-01-01", "to": "2026-12-31"}).json()
    holmen = client.get(API, {"from": "2026-01-01", "to": "2026-12-31", "hub": "holmen"}).json()

    assert everywhere["added_figures"][-1] == {
        "key": "volunteers.hours",
        "label": "Frivillige timer",
        "value": 12.5,
        "decimals": 1,
    }
    assert holmen["added_figures"][-1]["value"] == 7.2  # rounded as the page shows it
    page = client.get(PAGE, {**YEAR, "hub": "holmen"}).content.decode()
    assert "Frivillige timer</dt><dd>7,2</dd>" in page
    callbacks = next(f for f in everywhere["added_figures"] if f["key"] == "desk.callbacks")
    assert callbacks["value"] == 0 and callbacks["decimals"] == 0


def test_a_figure_not_counted_is_null(client, personas):
    register_figure(Figure(key="test.unknown", label="Ukjent", value=lambda h, s, e: None))
    try:
        client.force_login(personas.management)
        data = client.get(API, {"from": "2026-01-01", "to": "2026-12-31"}).json()
    finally:
        unregister_figure("test.unknown")
    assert {"key": "test.unknown", "label": "Ukjent", "value": None, "decimals": 0} in data[
        "added_figures"
    ]


def test_the_csv_has_every_registered_figure(client, personas, volunteer_hours):
    client.force_login(personas.management)

    text = client.get(PAGE, {**YEAR, "hub": "", "format": "csv"}).content.decode("utf-8-sig")

    lines = text.splitlines()
    table = lines.index("Flere nøkkeltall")
    assert lines[table + 1] == "Nøkkeltall;Verdi"
    assert "Frivillige timer;12,5" in lines[table:]
    assert "Ønsker om å bli ringt opp;0" in lines[table:]


def test_the_xlsx_has_every_registered_figure(client, personas, volunteer_hours):
    client.force_login(personas.desk_holmen)

    content = client.get(PAGE, {**YEAR, "hub": "holmen", "format": "xlsx"}).content

    sheet = load_workbook(io.BytesIO(content))["Flere nøkkeltall"]
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Nøkkeltall", "Verdi")
    assert ("Frivillige timer", 7.2) in rows  # a number cell, not text


def test_the_openapi_document_describes_the_added_figures(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "added_figures" in schemas["KeyFiguresOut"]["properties"]
    assert set(schemas["AddedFigureOut"]["required"]) == {"key", "label", "value", "decimals"}
