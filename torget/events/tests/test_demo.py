"""The events demo: organisers' own activities (waiting, approved, with a paid fee), and
key figures that count each event occurrence exactly once; loading twice changes nothing."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from torget.booking.models import Booking
from torget.events import demo
from torget.events.ledger import counts
from torget.events.models import Event, Occurrence, Registration
from torget.keyfigures.selectors import key_figures
from torget.ledger.models import EntrySource, LedgerEntry

pytestmark = pytest.mark.django_db


def test_the_demo_shows_organisers_activities_and_counts_each_occurrence_once():
    call_command("load_demo", stdout=io.StringIO())
    waiting = Event.objects.get(title=demo.WAITING)
    assert (waiting.approval, waiting.organisation.name) == (
        "pending",
        "Asker sjakklubb (oppdiktet)",
    )
    assert Event.objects.get(title=demo.APPROVED).approval == "approved"
    paid_event = Event.objects.get(title=demo.WITH_FEE)
    registrations = Registration.objects.filter(occurrence__event=paid_event)
    assert {(r.payment_method, r.is_paid) for r in registrations} == {
        ("at_desk", True),
        ("at_desk", False),
        ("invoice", True),
        ("invoice", False),
        ("later", False),
    }
    # Every event room booking is an event's; their rows are the occurrences', one each.
    assert not Booking.objects.filter(event_occurrence__isnull=False, for_event=False).exists()
    booking_ids = [
        str(pk) for pk in Booking.objects.filter(for_event=True).values_list("pk", flat=True)
    ]
    assert not LedgerEntry.objects.filter(
        source=EntrySource.BOOKING, source_id__in=booking_ids
    ).exists()
    counted = [o.pk for o in Occurrence.objects.select_related("event", "booking") if counts(o)]
    rows = LedgerEntry.objects.filter(source=EntrySource.EVENT)
    assert sorted(int(r) for r in rows.values_list("source_id", flat=True)) == sorted(counted)
    assert str(waiting.occurrences.get().pk) not in set(rows.values_list("source_id", flat=True))
    # Sensible key figures for the demo's weeks: activities of both kinds of organiser.
    today = timezone.localdate()
    figures = key_figures(start=today - timedelta(days=7), end=today + timedelta(days=60), hub=None)
    activities = figures.totals.activities
    assert activities.municipal > 0 and activities.non_municipal > 0

    before = sorted(LedgerEntry.objects.values_list("pk", "source", "source_id", "participants"))
    events = Event.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert Event.objects.count() == events
    after = sorted(LedgerEntry.objects.values_list("pk", "source", "source_id", "participants"))
    assert before == after
