"""A person's data at the desk: an inquiry note that names them (full name, e-mail address or
phone number) is in their export and is blanked when they are erased; notes naming someone
else, or only a first name, stay; the inquiry itself stays, so the key figures do not move."""

import pytest
from django.utils import translation

from torget.core import personal_data
from torget.desk.models import Inquiry
from torget.desk.services import inquiry_log
from torget.ledger.codes import Channel
from torget.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingrid(personas):
    person = personas.resident
    person.first_name, person.last_name = "Ingrid", "Innbygger"
    person.email, person.phone = "ingrid@example.org", "+47 412 34 567"
    person.save()
    return person


def _note(personas, text):
    return inquiry_log(
        actor=personas.desk_holmen,
        hub=personas.holmen,
        topic="tax",
        channel=Channel.WALK_IN,
        note=text,
    )


def test_notes_naming_the_person_are_exported_and_blanked(personas, ingrid):
    by_name = _note(personas, "Ingrid  Innbygger vil ha svar om skatt")
    by_mail = _note(personas, "Svar sendes til INGRID@example.org")
    by_phone = _note(personas, "Ring 41234567 i morgen")
    first_name_only = _note(personas, "Ingrid fra biblioteket spurte")
    someone_else = _note(personas, "Ola Nordmann, 400 00 000")
    entries = LedgerEntry.objects.count()

    with translation.override("en"):  # the export's labels are in the reader's language
        exported = dict((kind.name, rows) for kind, rows in personal_data.export_person(ingrid))
    notes = sorted(row["Note"] for row in exported["desk.inquiry_notes"])
    assert notes == sorted([by_mail.note, by_phone.note, by_name.note])

    counts = personal_data.erase_person(ingrid)
    assert counts["desk.inquiry_notes"] == 3
    kept = dict(Inquiry.objects.values_list("pk", "note"))
    assert kept[by_name.pk] == kept[by_mail.pk] == kept[by_phone.pk] == ""
    assert kept[first_name_only.pk] == "Ingrid fra biblioteket spurte"
    assert kept[someone_else.pk] == "Ola Nordmann, 400 00 000"
    assert Inquiry.objects.count() == 5 and LedgerEntry.objects.count() == entries


def test_a_person_without_name_or_contact_matches_no_note(personas):
    nobody = personas.org_contact
    nobody.first_name = nobody.last_name = nobody.email = nobody.phone = ""
    nobody.save()
    _note(personas, "Noen spurte om skatt")
    assert personal_data.erase_person(nobody)["desk.inquiry_notes"] == 0
    assert Inquiry.objects.get().note == "Noen spurte om skatt"
