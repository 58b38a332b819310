"""GET /api/v1/reports/key-figures and the page: who sees which hub, the contract's shape."""

from datetime import date

import pytest
from openpyxl import load_workbook

from torget.ledger.models import EntryKind
from torget.ledger.services import LedgerFact, ledger_record_many

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/key-figures"
YEAR = {"from": "2023-01-01", "to": "2023-12-31"}
PAGE = "/nokkeltall/"


@pytest.fixture
def rows(personas):
    holmen, tofte = personas.holmen, personas.tofte
    ledger_record_many(
        source="import",
        facts=[
            (
                "a",
                LedgerFact(
                    hub_id=holmen.pk,
                    date=date(2023, 3, 1),
                    kind=EntryKind.ACTIVITY,
                    organiser_type="municipal",
                    count=5,
                ),
            ),
            (
                "b",
                LedgerFact(
                    hub_id=tofte.pk,
                    date=date(2023, 3, 1),
                    kind=EntryKind.MEETING,
                    organiser_type="voluntary",
                    count=3,
                ),
            ),
            (
                "c",
                LedgerFact(
                    hub_id=tofte.pk,
                    date=date(2023, 9, 1),
                    kind=EntryKind.INQUIRY,
                    category="nav",
                    channel="chat",
                    count=2,
                ),
            ),
        ],
    )
    return personas


def test_the_contract_shape_for_management(client, rows):
    client.force_login(rows.management)
    response = client.get(URL, YEAR)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["from"] == "2023-01-01" and data["to"] == "2023-12-31" and data["hub"] is None
    assert data["totals"] == {
        "activities": {"municipal": 5, "non_municipal": 0},
        "meetings": {"municipal": 0, "non_municipal": 3},
    }
    assert {row["hub"] for row in data["by_hub"]} == {"holmen", "tofte"}
    assert set(data["by_hub"][0]) == {"hub", "activities", "meetings"}
    assert data["inquiries"]["by_topic"]["nav"] == 2
    assert data["inquiries"]["by_channel"]["chat"] == 2
    assert len(data["trend"]) == 12


@pytest.mark.parametrize(
    ("who", "hub", "status"),
    [
        ("management", "", 200),
        ("management", "tofte", 200),
        ("admin", "", 200),
        ("desk_holmen", "holmen", 200),
        ("desk_holmen", "", 200),  # their own hub
        ("desk_holmen", "tofte", 403),
        ("leader", "holmen", 200),
        ("leader", "tofte", 403),
        ("desk_tofte", "holmen", 403),
        ("resident", "", 403),
        ("resident", "holmen", 403),
        ("org_contact", "", 403),
        ("case_officer", "", 403),
    ],
)
def test_who_reads_which_hub(client, rows, who, hub, status):
    client.force_login(getattr(rows, who))
    response = client.get(URL, {**YEAR, "hub": hub} if hub else YEAR)
    assert response.status_code == status, response.content
    if status == 200 and who.startswith("desk"):
        assert response.json()["hub"] == "holmen"
        assert response.json()["totals"]["meetings"]["non_municipal"] == 0
    if status == 403:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "permission_denied"


def test_anonymous_is_401_problem(client, rows):
    response = client.get(URL, YEAR)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2023-12-31", "to": "2023-01-01"},
        {"from": "2023-02-30", "to": "2023-12-31"},
        {"from": "0001-01-01", "to": "9999-12-31"},
        {"to": "2023-12-31"},
        {**YEAR, "hub": "nowhere"},
        {**YEAR, "hub": "x" * 500},
    ],
)
def test_bad_input_is_422_problem(client, rows, params):
    client.force_login(rows.management)
    response = client.get(URL, params)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"


# --- The page and its files ---------------------------------------------------------------------


def test_page_needs_sign_in_and_a_reporting_role(client, rows):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
    for who in ("resident", "org_contact", "case_officer"):
        client.force_login(getattr(rows, who))
        assert client.get(PAGE).status_code == 403, who
    for who in ("desk_holmen", "leader", "management", "admin"):
        client.force_login(getattr(rows, who))
        assert client.get(PAGE).status_code == 200, who


def test_page_shows_the_figure_with_chart_and_table(client, rows):
    client.force_login(rows.management)
    response = client.get(PAGE, {"period": "year", "year": "2023", "hub": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert html.count("<table") >= 5
    assert ">5<" in html and ">3<" in html


def test_hub_staff_cannot_pick_another_hub_on_the_page(client, rows):
    client.force_login(rows.desk_holmen)
    response = client.get(PAGE, {"period": "year", "year": "2023", "hub": "tofte"})
    assert response.status_code == 200
    assert response.context["figures"] is None and response.context["form"].errors["hub"]
    response = client.get(PAGE, {"period": "t1", "year": "2023", "hub": "holmen"})
    assert response.context["figures"].activities.municipal == 5


def test_custom_period_needs_both_dates(client, rows):
    client.force_login(rows.management)
    response = client.get(PAGE, {"period": "custom", "year": "2023", "start": "2023-03-01"})
    assert response.context["figures"] is None and "end" in response.context["form"].errors
    response = client.get(
        PAGE, {"period": "custom", "year": "2023", "start": "2023-03-01", "end": "2023-03-31"}
    )
    assert response.context["figures"].activities.municipal == 5


def test_csv_export_semicolons_by_default_and_commas_on_request(client, rows):
    client.force_login(rows.management)
    query = {"period": "year", "year": "2023", "hub": "", "format": "csv"}
    response = client.get(PAGE, query)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert any(line.endswith(";5;0;5;100,0") for line in text.splitlines())  # decimal comma
    text = client.get(PAGE, {**query, "sep": ","}).content.decode()
    assert any(line.endswith(",5,0,5,100.0") for line in text.splitlines())


def test_xlsx_export_has_the_tables(client, rows):
    import io

    client.force_login(rows.management)
    response = client.get(PAGE, {"period": "year", "year": "2023", "hub": "", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    # About, memo, hubs, topics, channels, trend, organisations, utilisation per hub and space,
    # the figures other apps add (the desk's callback requests).
    assert len(workbook.sheetnames) == 10
    assert len(set(workbook.sheetnames)) == 10
    memo = workbook.worksheets[1]
    values = [[c.value for c in row] for row in memo.iter_rows()]
    assert values[1][1:4] == [5, 0, 5]
    assert values[2][1:4] == [0, 3, 3]
