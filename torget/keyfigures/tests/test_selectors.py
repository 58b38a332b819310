"""key_figures: sums of `count` (never rows), split as the memo, per hub, topic, channel, month."""

from datetime import date

import pytest

from torget.core.errors import ValidationFailed
from torget.keyfigures.selectors import UNSPECIFIED_CHANNEL, key_figures
from torget.ledger.codes import Channel, DefaultTopic
from torget.ledger.models import EntryKind
from torget.ledger.periods import part_period, period_from_code, year_period
from torget.ledger.services import LedgerFact, ledger_record_many

pytestmark = pytest.mark.django_db


def record(*facts: LedgerFact) -> None:
    ledger_record_many(source="import", facts=[(f"t:{i}", f) for i, f in enumerate(facts)])


def activity(hub, day, organiser_type="voluntary", count=1, kind=EntryKind.ACTIVITY, **kw):
    return LedgerFact(
        hub_id=hub.pk, date=day, kind=kind, organiser_type=organiser_type, count=count, **kw
    )


def inquiry(hub, day, topic, channel="", count=1):
    return LedgerFact(
        hub_id=hub.pk,
        date=day,
        kind=EntryKind.INQUIRY,
        category=topic,
        channel=channel,
        count=count,
    )


def test_totals_sum_counts_and_split_municipal_from_the_other_three(holmen, tofte):
    record(
        activity(holmen, date(2023, 1, 5), "voluntary", count=10, participants=100),
        activity(holmen, date(2023, 2, 5), "private", count=3),
        activity(tofte, date(2023, 3, 5), "resident", count=2),
        activity(tofte, date(2023, 3, 6), "municipal", count=7, participants=20),
        activity(holmen, date(2023, 4, 1), "municipal", kind=EntryKind.MEETING, count=4),
        activity(tofte, date(2023, 4, 1), "voluntary", kind=EntryKind.MEETING),
        # outside the year: not counted
        activity(holmen, date(2022, 12, 31), "voluntary", count=100),
        activity(holmen, date(2024, 1, 1), "municipal", count=100),
    )
    figures = key_figures(start=date(2023, 1, 1), end=date(2023, 12, 31), hub=None)
    data = figures.as_json()
    assert data["totals"] == {
        "activities": {"municipal": 7, "non_municipal": 15},
        "meetings": {"municipal": 4, "non_municipal": 1},
    }
    assert data["from"] == "2023-01-01" and data["to"] == "2023-12-31" and data["hub"] is None
    assert data["participants"] == 120
    by_hub = {row["hub"]: row for row in data["by_hub"]}
    assert by_hub["holmen"]["activities"] == {"municipal": 0, "non_municipal": 13}
    assert by_hub["tofte"]["meetings"] == {"municipal": 0, "non_municipal": 1}
    assert [row["hub"] for row in data["by_hub"]] == ["holmen", "tofte"]
    assert len(data["trend"]) == 12
    assert data["trend"][2]["activities"] == {"municipal": 7, "non_municipal": 2}


def test_one_hub_only(holmen, tofte):
    record(activity(holmen, date(2023, 5, 5), count=5), activity(tofte, date(2023, 5, 5), count=9))
    data = key_figures(start=date(2023, 1, 1), end=date(2023, 12, 31), hub=tofte).as_json()
    assert data["hub"] == "tofte"
    assert data["totals"]["activities"]["non_municipal"] == 9
    assert [row["hub"] for row in data["by_hub"]] == ["tofte"]


def test_inquiries_by_every_topic_and_channel(holmen):
    record(
        inquiry(holmen, date(2023, 6, 1), "tax", "phone", count=4),
        inquiry(holmen, date(2023, 6, 2), "tax", "walk_in"),
        inquiry(holmen, date(2023, 6, 2), "nav", count=2),
        inquiry(holmen, date(2023, 6, 2), "", "email"),
    )
    data = key_figures(start=date(2023, 6, 1), end=date(2023, 6, 30), hub=None).as_json()
    topics = data["inquiries"]["by_topic"]
    assert set(DefaultTopic.values) <= set(topics)
    assert topics["tax"] == 5 and topics["nav"] == 2 and topics["other"] == 1
    assert topics["kindergarten"] == 0
    channels = data["inquiries"]["by_channel"]
    assert set(Channel.values) <= set(channels)
    assert channels == {
        "walk_in": 1,
        "phone": 4,
        "chat": 0,
        "video": 0,
        "email": 1,
        UNSPECIFIED_CHANNEL: 2,
    }
    # inquiries are not activities
    assert data["totals"]["activities"] == {"municipal": 0, "non_municipal": 0}
    assert data["trend"] == [
        {
            "month": "2023-06",
            "activities": {"municipal": 0, "non_municipal": 0},
            "meetings": {"municipal": 0, "non_municipal": 0},
            "inquiries": 8,
        }
    ]


def test_periods():
    assert year_period(2023).start == date(2023, 1, 1)
    assert period_from_code("t1", 2023).end == date(2023, 4, 30)
    assert period_from_code("t2", 2023).start == date(2023, 5, 1)
    assert period_from_code("t3", 2023).end == date(2023, 12, 31)
    assert period_from_code("q1", 2024).end == date(2024, 3, 31)
    assert period_from_code("m2", 2024).end == date(2024, 2, 29)
    assert period_from_code("m12", 2024).end == date(2024, 12, 31)
    assert part_period("quarter", 2023, 4).code == "q4"
    with pytest.raises(ValidationFailed):
        period_from_code("t4", 2023)
    with pytest.raises(ValidationFailed):
        period_from_code("x", 2023)


def test_end_before_start_or_huge_spans_are_refused(holmen):
    with pytest.raises(ValidationFailed):
        key_figures(start=date(2023, 2, 1), end=date(2023, 1, 1), hub=None)
    with pytest.raises(ValidationFailed):
        key_figures(start=date(1900, 1, 1), end=date(2999, 1, 1), hub=None)
