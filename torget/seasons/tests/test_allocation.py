"""The allocation function on its own: deterministic, follows the rules, explains itself."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from torget.seasons.allocation import Slot, occurrences, propose, rank_key
from torget.seasons.tests import scenario as sc


def run(rules=sc.RULES, applications=None):
    return propose(
        rules=rules,
        applicants=applications if applications is not None else sc.APPLICATIONS,
        spaces=sc.SPACES,
        round_spaces=sc.ROUND_SPACES,
        busy=sc.BUSY,
    )


def outcome(result) -> dict[int, tuple]:
    return {d.application_id: (d.slot, d.choice) for d in result.decisions}


def codes(result, app_id: int) -> list[str]:
    return [r["code"] for r in result.decision(app_id).reasons]


def test_the_scenario_has_twenty_competing_applications_in_every_class():
    apps = sc.APPLICATIONS
    assert len(apps) >= 20
    assert {a.organisation_kind for a in apps} == {"voluntary", "municipal", "business"}
    assert {sc.SPACES[w.space_id].hub_id for a in apps for w in a.wishes} == {1, 2, 3}
    assert len(run().conflicts) >= 8


def test_the_same_input_in_any_order_gives_the_same_proposal():
    first = run()
    for seed in range(5):
        shuffled = list(sc.APPLICATIONS)
        random.Random(seed).shuffle(shuffled)
        again = run(applications=shuffled)
        assert again.decisions == first.decisions
        assert again.conflicts == first.conflicts


def test_who_gets_what():
    got = outcome(run())
    granted = {k: v for k, v in got.items() if v[0] is not None}
    assert sorted(granted) == [1, 3, 5, 6, 7, 8, 9, 12, 13, 14, 15, 17, 19, 21]
    assert got[1] == (Slot(sc.NORTH, sc.TUE, time(18), time(20)), "wish:1")
    # NAV lost the northern half to the chess club, and got the southern half instead.
    assert got[3] == (Slot(sc.SOUTH, sc.TUE, time(18), time(20)), "other_space:1")
    # The choir keeps Thursday in Salen at another time (the walking club's buffer respected).
    assert got[5] == (Slot(sc.SALEN, sc.THU, time(15, 30), time(17, 30)), "other_time:1")
    assert got[8] == (Slot(sc.SCENEN, sc.MON, time(17), time(19)), "wish:3")
    assert got[12] == (Slot(sc.FJORDEN, sc.MON, time(10), time(12)), "other_hub:1")
    assert got[14] == (Slot(sc.SCENEN, sc.SAT, time(12), time(14)), "wish:2")
    assert got[15] == (Slot(sc.SOUTH, sc.WED, time(9), time(11)), "wish:2")
    assert got[17] == (Slot(sc.SCENEN, sc.WED, time(19), time(21)), "other_time:1")


def test_conflicts_are_decided_by_the_rules_in_order_then_time_then_number():
    by_loser = {c.loser: c for c in run().conflicts}
    assert (by_loser[2].winner, by_loser[2].decided_by) == (1, "rule:voluntary")
    assert (by_loser[3].winner, by_loser[3].decided_by) == (1, "rule:voluntary")
    assert (by_loser[4].winner, by_loser[4].decided_by) == (1, "rule:free")
    assert (by_loser[5].winner, by_loser[5].decided_by) == (6, "rule:free")
    assert (by_loser[8].winner, by_loser[8].decided_by) == (7, "earlier")
    assert (by_loser[10].winner, by_loser[10].decided_by) == (9, "lower_number")
    assert (by_loser[16].winner, by_loser[16].decided_by) == (6, "rule:voluntary")
    assert (by_loser[18].winner, by_loser[18].decided_by) == (3, "rule:municipal")
    assert (by_loser[20].winner, by_loser[20].decided_by) == (21, "rule:free")


def test_an_earlier_business_application_still_ranks_after_every_voluntary_one():
    result = run()
    rank = {d.application_id: d.rank for d in result.decisions}
    # Business 2 was submitted first of all, voluntary 6 last of the voluntary ones.
    assert rank[2] > rank[6] and rank[2] > rank[22]
    voluntary = [a.id for a in sc.APPLICATIONS if a.organisation_kind == "voluntary"]
    municipal = [a.id for a in sc.APPLICATIONS if a.organisation_kind == "municipal"]
    assert max(rank[v] for v in voluntary) < min(rank[m] for m in municipal)


def test_no_two_granted_slots_share_a_unit_at_the_same_time_with_buffers():
    result = run()
    granted = result.granted
    apps = {a.id: a for a in sc.APPLICATIONS}

    def span(d):
        s = sc.SPACES[d.slot.space_id]
        start = d.slot.start.hour * 60 + d.slot.start.minute - s.buffer_before
        return start, d.slot.end.hour * 60 + d.slot.end.minute + s.buffer_after

    for i, x in enumerate(granted):
        for y in granted[i + 1 :]:
            shared = set(sc.SPACES[x.slot.space_id].units) & set(sc.SPACES[y.slot.space_id].units)
            if not shared or x.slot.weekday != y.slot.weekday:
                continue
            ax, ay = apps[x.application_id], apps[y.application_id]
            if ax.last_date < ay.first_date or ay.last_date < ax.first_date:
                continue
            (x0, x1), (y0, y1) = span(x), span(y)
            assert x1 <= y0 or y1 <= x0, (x, y)


def test_every_decision_explains_itself():
    result = run()
    for d in result.decisions:
        assert codes(result, d.application_id)[0] == "ranked"
        if d.slot is None:
            assert len(d.reasons) >= 2  # why each wish failed, or the private-party rule
    assert codes(result, 11) == ["ranked", "private_party"]
    assert codes(result, 10) == ["ranked", "taken", "no_slot"]
    assert codes(result, 8) == ["ranked", "taken", "over_capacity", "granted"]
    assert codes(result, 14) == ["ranked", "outside_hours", "granted"]
    assert codes(result, 12) == ["ranked", "existing", "granted"]
    assert codes(result, 16) == ["ranked", "taken", "no_slot"]


def test_weeks_taken_by_a_closure_are_left_out_and_listed():
    d = run().decision(13)
    assert d.choice == "wish:1"
    assert d.skip_dates == [date(2027, 8, 2), date(2027, 8, 9)]
    assert d.reasons[-1]["code"] == "dates_skipped"
    assert d.reasons[-1]["labels"] == ["Vedlikehold"]


def test_reordering_the_rules_changes_the_outcome_accordingly():
    # Free before paid first: NAV (municipal, free) now beats the paying dancers and choir,
    # and the free municipal application 16 still loses Salen to the walking club (voluntary).
    result = run(rules=("free", "voluntary", "municipal", "business"))
    rank = {d.application_id: d.rank for d in result.decisions}
    assert rank[3] < rank[4] and rank[3] < rank[5]
    by_loser = {c.loser: c for c in result.conflicts}
    assert by_loser[4].decided_by == "rule:free"
    # Without any rule only time decides: business 2 (submitted first) takes the hall.
    plain = run(rules=())
    assert plain.decision(2).slot == Slot(sc.HALL, sc.TUE, time(18), time(21))
    assert {c.loser: c.decided_by for c in plain.conflicts}[1] == "earlier"


def test_children_and_youth_rule():
    apps = [
        replace(sc.APPLICATIONS[0], id=100, age_group="adults"),
        replace(sc.APPLICATIONS[0], id=101, age_group="children", submitted_at=sc._at(30)),
    ]
    result = run(rules=("children_youth",), applications=apps)
    assert result.decision(101).choice == "wish:1"
    assert result.conflicts[0].decided_by == "rule:children_youth"


def test_private_parties_are_allowed_when_the_round_allows_them():
    result = propose(
        rules=sc.RULES,
        applicants=[sc.APPLICATIONS[10]],
        spaces=sc.SPACES,
        round_spaces=sc.ROUND_SPACES,
        no_private_parties=False,
    )
    assert result.decision(11).choice == "wish:1"


def test_occurrences_follow_the_weekday_within_the_dates():
    app = sc.APPLICATIONS[0]
    days = occurrences(app, sc.TUE)
    assert days[0] == date(2027, 6, 29) and days[-1] == date(2028, 6, 20)
    assert all(d.weekday() == sc.TUE for d in days) and len(days) == 52


# Any input: the invariants hold ---------------------------------------------------------


SPACE_IDS = sorted(sc.SPACES)


@st.composite
def applicants(draw):
    n = draw(st.integers(1, 25))
    result = []
    for i in range(1, n + 1):
        wishes = []
        for _ in range(draw(st.integers(1, 3))):
            start = draw(st.integers(7, 20))
            length = draw(st.integers(1, 3))
            wishes.append(
                Slot(
                    draw(st.sampled_from(SPACE_IDS)),
                    draw(st.integers(0, 6)),
                    time(start),
                    time(min(start + length, 23)),
                )
            )
        first = sc.SEASON_START + timedelta(days=draw(st.integers(0, 200)))
        result.append(
            replace(
                sc.APPLICATIONS[0],
                id=i,
                organisation_kind=draw(st.sampled_from(["voluntary", "municipal", "business"])),
                paid=draw(st.booleans()),
                participants=draw(st.integers(1, 130)),
                submitted_at=sc._at(1) + timedelta(minutes=draw(st.integers(0, 5))),
                first_date=first,
                last_date=first + timedelta(days=draw(st.integers(0, 160))),
                wishes=tuple(wishes),
                other_times=draw(st.booleans()),
                other_spaces=draw(st.booleans()),
                other_hubs=draw(st.booleans()),
                private_party=draw(st.booleans()),
            )
        )
    return result


@settings(deadline=None, max_examples=60)
@given(apps=applicants(), rules=st.permutations(list(sc.RULES)), seed=st.integers(0, 99))
def test_any_applications_never_overlap_and_always_decide_the_same(apps, rules, seed):
    result = run(rules=rules, applications=apps)
    shuffled = list(apps)
    random.Random(seed).shuffle(shuffled)
    assert run(rules=rules, applications=shuffled).decisions == result.decisions
    by_id = {a.id: a for a in apps}
    granted = result.granted
    for i, x in enumerate(granted):
        for y in granted[i + 1 :]:
            ax, ay = by_id[x.application_id], by_id[y.application_id]
            shared = set(sc.SPACES[x.slot.space_id].units) & set(sc.SPACES[y.slot.space_id].units)
            if shared and x.slot.weekday == y.slot.weekday:
                weeks_overlap = ax.first_date <= ay.last_date and ay.first_date <= ax.last_date
                sx = sc.SPACES[x.slot.space_id]
                sy = sc.SPACES[y.slot.space_id]
                x0 = x.slot.start.hour * 60 + x.slot.start.minute - sx.buffer_before
                x1 = x.slot.end.hour * 60 + x.slot.end.minute + sx.buffer_after
                y0 = y.slot.start.hour * 60 + y.slot.start.minute - sy.buffer_before
                y1 = y.slot.end.hour * 60 + y.slot.end.minute + sy.buffer_after
                assert not weeks_overlap or x1 <= y0 or y1 <= x0
    for c in result.conflicts:
        assert rank_key(rules, by_id[c.winner]) < rank_key(rules, by_id[c.loser])
    for d in result.decisions:
        assert d.reasons and d.reasons[0]["code"] == "ranked"
        if by_id[d.application_id].private_party:
            assert d.slot is None
