"""The demo's 2023 key figures are the memo's, exactly; loading twice changes nothing."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from torget.keyfigures.selectors import key_figures
from torget.ledger.demo import apportion
from torget.ledger.models import LedgerEntry
from torget.places.models import Hub

pytestmark = pytest.mark.django_db

MEMO = {
    "activities": {"municipal": 1517, "non_municipal": 3896},
    "meetings": {"municipal": 744, "non_municipal": 1275},
}


def memo_year():
    return key_figures(start=date(2023, 1, 1), end=date(2023, 12, 31), hub=None).as_json()


def test_load_demo_gives_the_memo_figure_for_2023():
    call_command("load_demo", stdout=io.StringIO())
    assert memo_year()["totals"] == MEMO


def test_the_2023_demo_figure_equals_the_memo_spread_over_hubs_and_months():
    from torget.ledger import demo as ledger_demo
    from torget.places import demo as places_demo

    places_demo.load()
    ledger_demo.load()
    figures = key_figures(start=date(2023, 1, 1), end=date(2023, 12, 31), hub=None).as_json()
    assert figures["totals"] == MEMO
    hubs = Hub.objects.filter(is_demo=True).count()
    assert hubs == 9
    busy = [row for row in figures["by_hub"] if sum(row["activities"].values())]
    assert len(busy) == 9, "spread over every demo hub"
    months = [row for row in figures["trend"] if sum(row["activities"].values())]
    assert len(months) == 12, "and every month"
    assert sum(figures["inquiries"]["by_topic"].values()) > 0
    assert figures["inquiries"]["by_channel"]["walk_in"] > 0

    before = sorted(LedgerEntry.objects.values_list("pk", "source_id", "count", "recorded_at"))
    ledger_demo.load()
    after = sorted(LedgerEntry.objects.values_list("pk", "source_id", "count", "recorded_at"))
    assert before == after


def test_apportion_is_exact_and_deterministic():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(3896, [3.2, 1.6, 1, 1.1, 0.9, 0.8, 0.6, 0.9, 1])) == 3896
    assert apportion(0, [1, 2]) == [0, 0]
