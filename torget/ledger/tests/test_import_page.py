"""The import page (/nokkeltall/import/): administrators only, line numbers, dry run, PRG."""

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from torget.ledger import imports
from torget.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

URL = "/nokkeltall/import/"
GOOD = (
    "dato;torg;arrangør;type;antall;tema\n"
    "01.02.2019;Holmen;kommunal;aktivitet;5;\n"
    "02.02.2019;holmen;ikke-kommunal;møte;;\n"
    "03.02.2019;TOFTE;;henvendelse;3;tax\n"
)
BAD = GOOD + "31.02.2019;Nowhere;kommunal;aktivitet;1;\n"


def upload(text: str, name: str = "history.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.mark.parametrize("who", ["management", "leader", "desk_holmen", "resident"])
def test_only_administrators(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"file": upload(GOOD)}).status_code == 403
    assert not LedgerEntry.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_bad_row_imports_nothing_and_names_the_line(client, personas):
    client.force_login(personas.admin)
    response = client.post(URL, {"file": upload(BAD)}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="ds-error-summary"' in html
    assert "Line 5:" in html or "Linje 5:" in html
    assert "Nowhere" in html
    assert not LedgerEntry.objects.exists()


def test_dry_run_counts_and_writes_nothing(client, personas):
    client.force_login(personas.admin)
    response = client.post(URL, {"file": upload(GOOD), "dry_run": "on"})
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["dry_run"] and summary["valid"] == 3 and summary["imported"] == 0
    assert summary["rows"] == [["Holmen", [5, 1, 0, 0]], ["Tofte", [0, 0, 3, 0]]]
    assert not LedgerEntry.objects.exists()


def test_import_redirects_to_its_result_and_a_reload_writes_nothing_more(client, personas):
    client.force_login(personas.admin)
    response = client.post(URL, {"file": upload(GOOD)})
    assert response.status_code == 302 and "?done=" in response["Location"]
    assert LedgerEntry.objects.count() == 3
    page = client.get(response["Location"])
    summary = page.context["summary"]
    assert summary["imported"] == 3 and summary["totals"] == [5, 1, 3, 0]
    assert client.get(response["Location"]).status_code == 200
    assert LedgerEntry.objects.count() == 3


def test_unreadable_and_too_large_files_are_form_errors(client, personas, monkeypatch):
    client.force_login(personas.admin)
    response = client.post(URL, {"file": upload("a;b\n1;2\n")})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    small = dataclasses.replace(imports.UPLOAD_LIMITS, max_bytes=10)
    monkeypatch.setattr(imports, "UPLOAD_LIMITS", small)
    response = client.post(URL, {"file": upload(GOOD)})
    assert response.context["form"].errors["file"]
    assert not LedgerEntry.objects.exists()


def test_missing_file(client, personas):
    client.force_login(personas.admin)
    response = client.post(URL, {})
    assert response.context["form"].errors["file"]


def test_key_figures_page_links_to_the_import_for_administrators(client, personas):
    client.force_login(personas.admin)
    assert URL in client.get("/nokkeltall/").content.decode()
    client.force_login(personas.management)
    assert URL not in client.get("/nokkeltall/").content.decode()
