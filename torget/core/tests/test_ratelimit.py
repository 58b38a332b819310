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


# The client a limit counts: the connection, or behind declared proxies the forwarded client.


def _request(remote: str, forwarded: str | None = None):
    from django.test import RequestFactory

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_declared_proxies_the_header_is_ignored(settings):
    from torget.core.ratelimit import client_address

    settings.TORGET_TRUSTED_PROXIES = []
    assert client_address(_request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        # The balancer appended the address it saw; what the client wrote stands left of it.
        ("10.0.0.5", "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        # Two of our proxies in a row: both skipped.
        ("10.0.0.5", "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        # A connection that is not from a declared proxy: its header means nothing.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # Ports and brackets as some balancers write them.
        ("10.0.0.5", "[2001:db8::1]:4431", "2001:db8::1"),
        ("10.0.0.5", "203.0.113.7:5555", "203.0.113.7"),
        # Only proxies: the farthest one is the client.
        ("10.0.0.5", "10.0.0.9", "10.0.0.9"),
        # A proxy that forwarded nothing.
        ("10.0.0.5", None, "10.0.0.5"),
    ],
)
def test_behind_declared_proxies_the_rightmost_untrusted_hop_is_the_client(
    settings, remote, forwarded, client
):
    from torget.core.ratelimit import client_address

    settings.TORGET_TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(_request(remote, forwarded)) == client


def test_ipv6_clients_count_by_their_64_network(settings):
    from torget.core.ratelimit import client_key

    settings.TORGET_TRUSTED_PROXIES = []
    one = client_key(_request("2001:db8:1:2::1"))
    assert one == client_key(_request("2001:db8:1:2:ffff::9")) == "2001:db8:1:2::/64"
    assert client_key(_request("::ffff:203.0.113.7")) == "203.0.113.7"


def test_a_wrong_proxy_setting_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from torget.core.env import env_networks

    monkeypatch.setenv("TORGET_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.1")
    assert env_networks("TORGET_TRUSTED_PROXIES") == ["10.0.0.0/8", "192.0.2.1"]
    monkeypatch.setenv("TORGET_TRUSTED_PROXIES", "10.0.0.0/8,balancer")
    with pytest.raises(ImproperlyConfigured, match="balancer"):
        env_networks("TORGET_TRUSTED_PROXIES")
