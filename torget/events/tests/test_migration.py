"""Migration events/0003: existing events counted through their room booking's row; after
it, through their occurrence's row, with the same key figures."""

from datetime import date
from importlib import import_module

import pytest
from django.apps import apps

from torget.booking.models import Booking
from torget.keyfigures.selectors import key_figures
from torget.ledger.models import EntrySource, LedgerEntry, LedgerMonth

pytestmark = pytest.mark.usefixtures("frozen_now")
migration = import_module("torget.events.migrations.0003_event_rows_replace_booking_rows")


def test_existing_events_rows_move_from_their_bookings_to_their_occurrences(make_event):
    occurrences = list(make_event(until=date(2026, 12, 2)).occurrences.order_by("pk"))
    # The old state: the bookings were not an event's, and their rows stood for the event.
    for occurrence in occurrences:
        Booking.objects.filter(pk=occurrence.booking_id).update(for_event=False)
        LedgerEntry.objects.filter(source=EntrySource.EVENT, source_id=str(occurrence.pk)).update(
            source=EntrySource.BOOKING, source_id=str(occurrence.booking_id), category=""
        )
    figures = key_figures(start=date(2026, 11, 1), end=date(2026, 12, 31), hub=None).as_json()

    migration.forwards(apps, None)

    rows = LedgerEntry.objects.order_by("source_id")
    assert [(r.source, r.source_id, r.category) for r in rows] == [
        (EntrySource.EVENT, str(o.pk), "digital_help") for o in occurrences
    ]
    assert not Booking.objects.filter(for_event=False).exists()
    after = key_figures(start=date(2026, 11, 1), end=date(2026, 12, 31), hub=None).as_json()
    assert after["totals"] == figures["totals"]
    assert sum(LedgerMonth.objects.values_list("count", flat=True)) == len(occurrences)
