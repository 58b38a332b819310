"""Several app servers on one PostgreSQL behind haproxy (scripts/balancer_race.py): the
booking race and the last-seats race through the balancer have exactly one winner and exact
seat counts, and the rate limits and a sign-in link work whichever server answers.

Once per suite, on the PostgreSQL run: the script starts two granian servers, the worker
and haproxy against the suite's test database."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from balancer_race import haproxy_binary  # noqa: E402


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_app_servers_behind_haproxy_race_exactly():
    if connection.vendor != "postgresql":
        pytest.skip(
            "several app servers share one PostgreSQL; this runs in the suite's PostgreSQL "
            "run (DATABASE_URL), not on SQLite"
        )
    if haproxy_binary() is None:
        pytest.skip("haproxy is not installed (.ci/run installs Debian's haproxy)")
    # The suite's own test database, which the servers share with this test.
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    env = dict(os.environ, DATABASE_URL=url.geturl())
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "balancer_race.py"), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.stdout.strip(), result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    booking, registration = summary["booking"], summary["registration"]
    print(
        f"\nbalancer: 2 app servers, worker {summary['worker']}, up in "
        f"{summary['start_seconds']} s; booking race {booking['rounds']} rounds × "
        f"{booking['clients']} clients: {booking['rounds_with_one_winner']} with one winner, "
        f"{booking['bookings_stored']} stored, winners by server {booking['winners_by_server']}, "
        f"{booking['seconds']} s; last seats {registration['rounds']} × "
        f"{registration['clients']} people for {registration['seats']} seats: "
        f"{registration['rounds_exact']} exact, {registration['seconds']} s; "
        f"all in {summary['seconds']} s"
    )
    assert booking["ok"], booking
    assert booking["rounds_with_one_winner"] == booking["rounds"] == 20
    assert booking["clients"] == 50 and booking["bookings_stored"] == 20
    # Both servers took their share of the race.
    assert set(booking["requests_by_server"]) == {"app1", "app2"}
    assert registration["ok"], registration
    assert registration["rounds_exact"] == registration["rounds"]
    assert summary["rate_limit"]["ok"], summary["rate_limit"]
    assert summary["sign_in"]["ok"], summary["sign_in"]
    assert summary["ok"] and result.returncode == 0, result.stderr[-3000:]
