"""1,000 taps sent concurrently across three hubs count exactly; resends count once."""

import os
import threading
import time
import uuid
from collections import Counter

import pytest
from django.db import connection, connections

from torget.desk.models import Inquiry
from torget.desk.services import inquiry_log
from torget.ledger.codes import Channel
from torget.ledger.models import LedgerEntry

THREADS = int(os.environ.get("TORGET_DESK_RACE_THREADS", "20"))
TAPS_PER_THREAD = int(os.environ.get("TORGET_DESK_RACE_TAPS", "50"))
TOPICS = ["tax", "nav", "digital_help", "general_info", "just_a_chat"]


def send_concurrently(jobs_per_thread: list[list[dict]]) -> Counter:
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(jobs_per_thread))

    def worker(jobs: list[dict]) -> None:
        try:
            barrier.wait(timeout=60)
            for job in jobs:
                try:
                    inquiry = inquiry_log(**job)
                    outcome = "replayed" if inquiry.replayed else "created"
                except Exception as exc:  # the test must show anything unexpected
                    outcome = f"error: {type(exc).__name__}: {exc}"
                with lock:
                    outcomes[outcome] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(jobs,)) for jobs in jobs_per_thread]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_a_thousand_concurrent_taps_across_three_hubs_count_exactly(personas, saetre):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory

    desk_saetre = UserFactory.with_role("desk-saetre", RoleKind.DESK_STAFF, hub=saetre)
    desks = [
        (personas.desk_holmen, personas.holmen),
        (personas.desk_tofte, personas.tofte),
        (desk_saetre, saetre),
    ]
    jobs: list[list[dict]] = []
    expected: Counter = Counter()
    for t in range(THREADS):
        mine = []
        for n in range(TAPS_PER_THREAD):
            actor, hub = desks[(t + n) % 3]
            topic = TOPICS[n % len(TOPICS)]
            expected[(hub.pk, topic)] += 1
            mine.append(
                {
                    "actor": actor,
                    "hub": hub,
                    "topic": topic,
                    "channel": Channel.WALK_IN,
                    "client_id": uuid.uuid4(),
                }
            )
        jobs.append(mine)
    total = THREADS * TAPS_PER_THREAD

    started = time.perf_counter()
    outcomes = send_concurrently(jobs)
    elapsed = time.perf_counter() - started
    assert outcomes == Counter({"created": total}), outcomes

    # The offline queue resends all of them (every client_id twice, from other threads).
    resent = [list(reversed(jobs[(t + 7) % THREADS])) for t in range(THREADS)]
    started_resend = time.perf_counter()
    outcomes = send_concurrently(resent)
    resend_elapsed = time.perf_counter() - started_resend
    assert outcomes == Counter({"replayed": total}), outcomes

    assert Inquiry.objects.count() == total
    assert LedgerEntry.objects.filter(source="inquiry").count() == total
    counted = Counter(
        {(row["hub"], row["topic"]): 1 for row in Inquiry.objects.values("hub", "topic")}
    )
    by_hub_topic: Counter = Counter()
    for hub_id, topic in Inquiry.objects.values_list("hub", "topic"):
        by_hub_topic[(hub_id, topic)] += 1
    assert by_hub_topic == expected
    assert counted.keys() == expected.keys()
    print(
        f"\n{total} taps, {THREADS} threads, {connection.vendor}: {elapsed:.2f} s "
        f"({total / elapsed:.0f} taps/s); resending all {total}: {resend_elapsed:.2f} s"
    )


@pytest.mark.django_db(transaction=True)
def test_the_same_client_id_sent_at_the_same_moment_counts_once(personas):
    """Twenty threads send the same 50 taps at once: 50 inquiries, 50 ledger rows."""
    taps = [
        {
            "actor": personas.desk_holmen,
            "hub": personas.holmen,
            "topic": "tax",
            "channel": Channel.PHONE,
            "client_id": uuid.uuid4(),
        }
        for _ in range(50)
    ]
    outcomes = send_concurrently([list(taps) for _ in range(20)])
    assert outcomes["created"] == 50, outcomes
    assert outcomes["replayed"] == 19 * 50, outcomes
    assert Inquiry.objects.count() == 50
    assert LedgerEntry.objects.filter(source="inquiry").count() == 50
