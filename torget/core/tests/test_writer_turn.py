"""SQLite writers take turns across processes (the web server's worker processes), not only threads."""

import subprocess
import sys

import pytest
from django.db import connection

from torget.core.db import sqlite_writer_turn

PROBE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    print("busy")
else:
    print("free")
"""


def other_process_sees() -> str:
    path = f"{connection.settings_dict['NAME']}.writer"
    return subprocess.run(
        [sys.executable, "-c", PROBE, path], capture_output=True, text=True, check=True
    ).stdout.strip()


@pytest.mark.django_db(transaction=True)
def test_another_process_waits_while_this_one_writes():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL needs no turns: its row locks and constraint decide")
    with sqlite_writer_turn():
        assert other_process_sees() == "busy"
    assert other_process_sees() == "free"
