"""Room use for a year of imported figures only: no booking was recorded in Torget, so the
page and the files say "not recorded" rather than a share of 0, in Norwegian."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from torget.ledger.models import EntryKind
from torget.ledger.services import LedgerFact, ledger_record
from torget.places.tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db

PAGE = "/nokkeltall/"
YEAR_2023 = {"period": "year", "year": "2023", "hub": ""}


@pytest.fixture
def imported_2023(personas):
    for hub in (personas.holmen, personas.tofte):
        SpaceFactory.meeting_room(hub, name=f"Møterom {hub.name}")
        ledger_record(
            source="import",
            source_id=f"2023-{hub.slug}",
            fact=LedgerFact(
                hub_id=hub.pk,
                date=date(2023, 3, 1),
                kind=EntryKind.ACTIVITY,
                organiser_type="municipal",
                count=3716,
            ),
        )
    return personas


def test_the_page_says_not_recorded_instead_of_zero_per_cent(client, imported_2023):
    client.force_login(imported_2023.management)
    html = client.get(PAGE, YEAR_2023).content.decode()
    room_use = html[html.index('id="kf-utilisation-heading"') : html.index("kf-organisations")]
    assert "ikke registrert" in room_use
    assert "0,0&nbsp;%" not in room_use
    # The wide table scrolls in a container of its own (reachable by keyboard).
    assert '<div class="kf-table-wrap" role="region" aria-labelledby="kf-util-hubs-caption"' in (
        room_use
    )
    assert 'id="chart-utilisation"' not in html  # no bars of 0 for hubs without bookings


def test_the_files_have_norwegian_room_use_columns_and_not_recorded(client, imported_2023):
    client.force_login(imported_2023.management)
    text = client.get(PAGE, {**YEAR_2023, "format": "csv"}).content.decode("utf-8-sig")
    assert "Staffed hours open" not in text and "Self-service, booked (%)" not in text
    header = next(line for line in text.splitlines() if line.startswith("Torg;Betjente timer"))
    assert header.split(";")[1:4] == [
        "Betjente timer, åpent",
        "Betjente timer, booket",
        "Betjent, booket (%)",
    ]
    holmen = next(
        line for line in text.splitlines() if line.startswith("Holmen;") and "ikke" in line
    )
    assert holmen.split(";")[2:4] == ["ikke registrert", "ikke registrert"]

    workbook = load_workbook(io.BytesIO(client.get(PAGE, {**YEAR_2023, "format": "xlsx"}).content))
    sheet = workbook["Rombruk per torg"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Betjente timer, åpent"
    assert rows[1][0] == "Holmen" and rows[1][1] > 0  # open hours: a number with a format
    assert sheet["B2"].data_type == "n" and sheet["B2"].number_format == "#,##0.0#"
    assert rows[1][2] == "ikke registrert"

    data = client.get(
        "/api/v1/reports/key-figures", {"from": "2023-01-01", "to": "2023-12-31"}
    ).json()["utilisation"]
    assert data["bookings_recorded"] is False
    assert [h["bookings_recorded"] for h in data["hubs"]] == [False, False]
