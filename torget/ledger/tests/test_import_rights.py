"""Issue 15: who may import into the ledger is the import service's rule
(`imports.may_import`, checked inside `import_ledger` and `import_upload`). The page and the
API pass their actor and translate the refusal; nothing is written for a refused person."""

import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from torget.core.errors import PermissionDenied
from torget.ledger import imports
from torget.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

CSV = b"date;hub;kind;organiser;count\n01.01.2019;Holmen;aktivitet;kommunal;7\n"
PAGE = "/nokkeltall/import/"
API = "/api/v1/imports/ledger"
REFUSED = ["resident", "desk_holmen", "desk_tofte", "leader", "management"]


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize("dry_run", [False, True])
def test_the_service_refuses_a_person_without_the_right_and_writes_nothing(personas, who, dry_run):
    actor = getattr(personas, who)
    with pytest.raises(PermissionDenied):
        imports.import_ledger(actor=actor, data=CSV, dry_run=dry_run)
    with pytest.raises(PermissionDenied):
        # Refused before the size is looked at: a too large file tells them nothing either.
        imports.import_upload(
            actor=actor,
            file=io.BytesIO(CSV),
            filename="stat.csv",
            size=imports.MAX_UPLOAD_BYTES + 1,
            dry_run=dry_run,
        )
    assert not LedgerEntry.objects.exists()


def test_administrators_and_the_server_s_operator_import(personas):
    assert imports.import_ledger(actor=personas.admin, data=CSV).imported == 1
    assert imports.import_ledger(actor=imports.OPERATOR, data=CSV).imported == 1
    assert LedgerEntry.objects.count() == 2


def _spy():
    return mock.patch.object(imports, "import_upload", wraps=imports.import_upload)


@pytest.mark.parametrize("who", ["resident", "desk_holmen"])
def test_the_page_hands_the_file_to_the_service_which_refuses_it(client, personas, who):
    client.force_login(getattr(personas, who))
    with _spy() as service:
        response = client.post(PAGE, {"file": SimpleUploadedFile("stat.csv", CSV)})
    assert response.status_code == 403
    assert service.call_args.kwargs["actor"] == getattr(personas, who)
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("who", ["resident", "desk_holmen"])
def test_the_api_hands_the_file_to_the_service_whose_refusal_is_a_403_problem(
    client, personas, who
):
    client.force_login(getattr(personas, who))
    with _spy() as service:
        response = client.post(API, {"file": SimpleUploadedFile("stat.csv", CSV)})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "permission_denied"
    assert service.call_args.kwargs["actor"] == getattr(personas, who)
    assert not LedgerEntry.objects.exists()


def test_both_callers_follow_the_service_s_rule_and_keep_no_copy_of_it(
    client, personas, monkeypatch
):
    """Were the rule to admit Holmen's desk staff, the page and the API would both let them
    import: neither has a rule of its own that could drift from the service's."""
    desk = personas.desk_holmen
    monkeypatch.setattr(imports, "may_import", lambda actor: actor == desk)
    client.force_login(desk)
    assert client.get(PAGE).status_code == 200
    page = client.post(PAGE, {"file": SimpleUploadedFile("stat.csv", CSV)})
    assert page.status_code == 302
    api = client.post(API, {"file": SimpleUploadedFile("stat.csv", CSV)})
    assert api.status_code == 200, api.content
    assert LedgerEntry.objects.count() == 2
    client.force_login(personas.admin)
    assert client.post(API, {"file": SimpleUploadedFile("stat.csv", CSV)}).status_code == 403
    assert client.post(PAGE, {"file": SimpleUploadedFile("stat.csv", CSV)}).status_code == 403
    assert LedgerEntry.objects.count() == 2
