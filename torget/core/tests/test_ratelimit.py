"""One counter per key and window, exact across threads and processes."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from torget.core.models import RateCount
from torget.core.ratelimit import hit


def test_hits_count_up_within_the_window_and_start_anew_after_it(db):
    now = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert [hit("k", window=60) for _ in range(3)] == [1, 2, 3]
        assert hit("other", window=60) == 1  # keys count apart
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=59)):
        assert hit("k", window=60) == 4
    with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=61)):
        assert hit("k", window=60) == 1


def test_counters_expired_more_than_a_day_ago_are_swept(db):
    long_ago = timezone.now() - timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        hit("old", window=60)
    hit("new", window=60)
    assert list(RateCount.objects.values_list("key", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_counted_exactly():
    threads, each = 8, 25
    seen: list[int] = []
    lock = threading.Lock()

    def client():
        try:
            for _ in range(each):
                n = hit("shared", window=600)
                with lock:
                    seen.append(n)
        finally:
            connection.close()

    workers = [threading.Thread(target=client) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    # Every hit got its own number: none lost, none counted twice.
    assert sorted(seen) == list(range(1, threads * each + 1))
