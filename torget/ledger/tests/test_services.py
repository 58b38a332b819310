from datetime import date

import pytest

from torget.core.errors import ValidationFailed
from torget.ledger.models import EntryKind, LedgerEntry, OrganiserClass
from torget.ledger.services import LedgerFact, ledger_record, ledger_reverse

pytestmark = pytest.mark.django_db


def fact(hub, **overrides):
    values = dict(
        hub_id=hub.pk,
        date=date(2026, 11, 23),
        kind=EntryKind.ACTIVITY,
        organiser_type="voluntary",
        title="Allsang",
    )
    values.update(overrides)
    return LedgerFact(**values)


def test_recording_twice_keeps_one_row_and_updates_it(holmen):
    ledger_record(source="booking", source_id=7, fact=fact(holmen))
    ledger_record(source="booking", source_id=7, fact=fact(holmen, participants=23))
    (entry,) = LedgerEntry.objects.all()
    assert entry.participants == 23
    assert entry.organiser_class == OrganiserClass.NON_MUNICIPAL


def test_municipal_organiser_is_the_municipal_class(holmen):
    entry = ledger_record(
        source="event", source_id="e1", fact=fact(holmen, organiser_type="municipal")
    )
    assert entry.organiser_class == OrganiserClass.MUNICIPAL


@pytest.mark.parametrize("organiser_type", ["voluntary", "private", "resident"])
def test_the_other_three_are_non_municipal(holmen, organiser_type):
    entry = ledger_record(
        source="booking", source_id=organiser_type, fact=fact(holmen, organiser_type=organiser_type)
    )
    assert entry.organiser_class == OrganiserClass.NON_MUNICIPAL


def test_reverse_removes_the_row_and_is_idempotent(holmen):
    ledger_record(source="booking", source_id=1, fact=fact(holmen))
    assert ledger_reverse(source="booking", source_id=1) == 1
    assert ledger_reverse(source="booking", source_id=1) == 0
    assert not LedgerEntry.objects.exists()


def test_inquiries_need_no_organiser_but_activities_do(holmen):
    ledger_record(
        source="inquiry",
        source_id="u1",
        fact=fact(holmen, kind=EntryKind.INQUIRY, organiser_type="", category="tax"),
    )
    with pytest.raises(ValidationFailed):
        ledger_record(source="booking", source_id=2, fact=fact(holmen, organiser_type=""))
    with pytest.raises(ValidationFailed):
        ledger_record(source="nonsense", source_id=3, fact=fact(holmen))
    assert LedgerEntry.objects.count() == 1
