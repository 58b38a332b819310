"""The volunteering demo tells the yearly talk: what the chess club and the walking club held
under their agreements (through the events service, so the ledger holds it), relative to
today, and loading it twice changes nothing."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from torget.ledger.models import EntrySource, LedgerEntry
from torget.volunteering import demo
from torget.volunteering.models import CooperationAgreement
from torget.volunteering.selectors import delivery_report

pytestmark = pytest.mark.django_db


def test_the_clubs_delivery_reports_read_like_a_year():
    call_command("load_demo", stdout=io.StringIO())
    chess = CooperationAgreement.objects.get(organisation__name=demo.CHESS_CLUB)
    walking = CooperationAgreement.objects.get(organisation__name=demo.WALKING_CLUB)
    today = timezone.localdate()
    assert (chess.starts, chess.ends) == demo.term(today)
    assert chess.starts < today < chess.ends
    assert chess.series.filter(title="Sjakkveld").exists()  # the weekly evenings ahead

    report = delivery_report(chess)
    assert (report.committed_activities, report.activities_held, report.participants) == (
        30,
        19,
        212,
    )
    assert report.room_hours_used >= Decimal("38.0")  # 19 evenings of two hours, and more
    walks = delivery_report(walking)
    assert (walks.committed_activities, walks.activities_held, walks.participants) == (
        12,
        11,
        217,
    )
    assert walks.activities_ahead == 1 and walks.shortfall == 0
    # Written by the events service: one row per evening, with the club as organiser.
    rows = LedgerEntry.objects.filter(
        source=EntrySource.EVENT, organisation=chess.organisation, title="Klubbkveld i sjakk"
    )
    assert rows.count() == 19 and all(r.date < today for r in rows)

    before = sorted(LedgerEntry.objects.values_list("source", "source_id", "participants"))
    call_command("load_demo", stdout=io.StringIO())
    assert sorted(LedgerEntry.objects.values_list("source", "source_id", "participants")) == before
    assert delivery_report(chess).activities_held == 19


@pytest.mark.parametrize(
    "today",
    ["2026-01-05", "2026-03-31", "2026-07-15", "2026-08-02", "2026-12-07"],
)
def test_what_was_held_lies_in_the_term_whatever_the_day(today):
    from datetime import date

    day = date.fromisoformat(today)
    starts, ends = demo.term(day)
    assert starts < day < ends and (ends - starts).days in (364, 365)
    for spec in demo.HELD:
        past, ahead = demo.held_dates(spec, day)
        assert len(past) == len(spec.headcounts) and len(ahead) == spec.ahead
        assert all(starts <= d < day for d in past)
        assert all(d.month != 7 for d in past)
        assert all(d > day for d in ahead)
