"""The monthly rollup stays equal to the ledger's raw sums, whatever the services do."""

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from torget.keyfigures import selectors
from torget.keyfigures.selectors import key_figures
from torget.ledger.models import EntryKind, LedgerEntry, LedgerMonth
from torget.ledger.rollup import rebuild_months
from torget.ledger.services import LedgerFact, ledger_record, ledger_record_many, ledger_reverse

pytestmark = pytest.mark.django_db


def raw_sums() -> Counter:
    sums: Counter = Counter()
    for e in LedgerEntry.objects.all():
        key = (e.hub_id, e.date.replace(day=1), e.kind, e.organiser_class, e.category, e.channel)
        sums[(*key, "n")] += e.count
        sums[(*key, "p")] += e.participants or 0
    return +sums


def rollup_sums() -> Counter:
    sums: Counter = Counter()
    for m in LedgerMonth.objects.all():
        key = (m.hub_id, m.month, m.kind, m.organiser_class, m.category, m.channel)
        sums[(*key, "n")] += m.count
        sums[(*key, "p")] += m.participants
    return +sums  # rows summed down to 0 are left in place; they add nothing


def random_fact(rng: random.Random, hubs) -> LedgerFact:
    kind = rng.choice(list(EntryKind.values))
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(120))
    if kind == EntryKind.INQUIRY:
        return LedgerFact(
            hub_id=rng.choice(hubs).pk,
            date=day,
            kind=kind,
            category=rng.choice(["tax", "nav", ""]),
            channel=rng.choice(["", "phone", "walk_in"]),
            count=rng.randint(1, 5),
        )
    return LedgerFact(
        hub_id=rng.choice(hubs).pk,
        date=day,
        kind=kind,
        organiser_type=rng.choice(["municipal", "voluntary", "resident"]),
        participants=rng.choice([None, rng.randint(0, 50)]),
        count=rng.randint(1, 5),
    )


@pytest.mark.parametrize("seed", range(6))
def test_random_records_updates_and_reversals_keep_the_rollup_exact(
    holmen, tofte, seed, monkeypatch
):
    rng = random.Random(seed)
    hubs = [holmen, tofte]
    ids = [f"s{i}" for i in range(25)]  # few ids: many updates of the same row
    for _step in range(120):
        action = rng.random()
        if action < 0.45:
            ledger_record(source="booking", source_id=rng.choice(ids), fact=random_fact(rng, hubs))
        elif action < 0.7:
            batch = [(rng.choice(ids), random_fact(rng, hubs)) for _ in range(rng.randint(1, 8))]
            ledger_record_many(source="booking", facts=batch)
        else:
            ledger_reverse(source="booking", source_id=rng.choice(ids))
    assert rollup_sums() == raw_sums()
    # And the figures read through the rollup equal those read from the rows alone.
    for start, end in [
        (date(2023, 1, 1), date(2023, 12, 31)),
        (date(2023, 1, 17), date(2023, 3, 9)),
        (date(2023, 2, 1), date(2023, 2, 28)),
        (date(2023, 2, 3), date(2023, 2, 20)),
    ]:
        through_rollup = key_figures(start=start, end=end, hub=None).as_json()
        with monkeypatch.context() as patch:
            patch.setattr(selectors, "whole_months", lambda start, end: None)  # rows only
            from_rows = key_figures(start=start, end=end, hub=None).as_json()
        assert through_rollup == from_rows


def test_figures_from_the_rollup_equal_the_rows_for_partial_months(holmen):
    days = [date(2023, 1, 31), date(2023, 2, 1), date(2023, 2, 28), date(2023, 3, 1)]
    ledger_record_many(
        source="import",
        facts=[
            (
                f"d{i}",
                LedgerFact(
                    hub_id=holmen.pk,
                    date=d,
                    kind="activity",
                    organiser_type="voluntary",
                    count=i + 1,
                ),
            )
            for i, d in enumerate(days)
        ],
    )
    # Only the ledger rows know the day: the rollup row of February must not count for
    # a period that ends on 27 February.
    data = key_figures(start=date(2023, 1, 31), end=date(2023, 2, 27), hub=None).as_json()
    assert data["totals"]["activities"]["non_municipal"] == 1 + 2
    data = key_figures(start=date(2023, 1, 31), end=date(2023, 3, 1), hub=None).as_json()
    assert data["totals"]["activities"]["non_municipal"] == 1 + 2 + 3 + 4
    assert [m["activities"]["non_municipal"] for m in data["trend"]] == [1, 5, 4]


def test_rebuild_equals_the_maintained_rollup(holmen, tofte):
    rng = random.Random(99)
    ledger_record_many(
        source="import", facts=[(i, random_fact(rng, [holmen, tofte])) for i in range(200)]
    )
    kept = rollup_sums()
    assert rebuild_months() > 0
    assert rollup_sums() == kept == raw_sums()
