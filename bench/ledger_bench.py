"""Key figures for one year over 1,000,000 ledger rows (QUALITY.md: ≤ 300 ms on PostgreSQL,
≤ 2 s on SQLite).

Builds a FRESH database named by BENCH_DATABASE_URL (default: the SQLite file
var/ledger-bench.sqlite3; a PostgreSQL database is dropped and created), migrates it,
bulk-inserts the rows (COPY on PostgreSQL, bypassing the ledger service), builds the monthly
rollup from them (`ledger.rollup.rebuild_months`, what the service otherwise keeps in step),
then times `keyfigures.selectors.key_figures` for one year, all hubs and one hub, and a custom
period with part-months at both ends (15 January–14 December, read from the rollup and the
rows): the median of BENCH_RUNS runs (default 10) after a warm-up, each run alternating with
a bare JSON request (`GET /ping` through Django's test client, in the same process) so the
table can show the ratio beside the absolute bar, which decides (a batch computation has
an absolute ceiling, QUALITY.md). Every row falls in the timed year (the worst case).
Prints the table and writes it as JSON to bench/results/ledger-<database>.json.

    .venv/bin/python bench/ledger_bench.py
    BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/ledger_bench .venv/bin/python bench/ledger_bench.py
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import BARE_JSON, print_table, ratio_row  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'ledger-bench.sqlite3'}"
ROWS = int(os.environ.get("BENCH_LEDGER_ROWS", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "10"))
YEAR = 2025
HUBS = [
    "Asker sentrum",
    "Holmen",
    "Heggedal",
    "Slemmestad",
    "Spikkestad",
    "Sætre",
    "Tofte",
    "Borgen",
    "Vollen",
]
TARGET_MS = {"postgresql": 300, "sqlite": 2000}


def fresh_database(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme.startswith("sqlite"):
        path = Path(parsed.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin_url = url.replace(f"/{name}", "/postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "torget.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def rows(hub_ids: list[int]):
    """Plausible rows, deterministic: 60 % activities and meetings, 40 % inquiries."""
    from torget.ledger.codes import Channel, DefaultTopic

    rng = random.Random(1_000_000)
    topics = list(DefaultTopic.values)
    channels = list(Channel.values)
    start = date(YEAR, 1, 1)
    now = "2026-01-01 00:00:00+00"
    for i in range(ROWS):
        hub = hub_ids[i % len(hub_ids)]
        day = (start + timedelta(days=rng.randrange(365))).isoformat()
        roll = rng.random()
        if roll < 0.6:
            kind = "activity" if roll < 0.42 else "meeting"
            organiser_type = rng.choice(
                ("municipal", "voluntary", "voluntary", "private", "resident")
            )
            organiser_class = "municipal" if organiser_type == "municipal" else "non_municipal"
            yield (
                hub, day, "booking", f"b{i}", kind, organiser_class, organiser_type, "", "",
                "Bench", rng.randrange(1, 60), 1, now,
            )  # fmt: skip
        else:
            yield (
                hub, day, "inquiry", f"i{i}", "inquiry", "", "", rng.choice(topics),
                rng.choice(channels), "", None, 1, now,
            )  # fmt: skip


COLUMNS = (
    "hub_id, date, source, source_id, kind, organiser_class, organiser_type, category, "
    "channel, title, participants, count, recorded_at"
)


def insert(hub_ids: list[int], vendor: str) -> float:
    from django.db import connection, transaction

    started = time.perf_counter()
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg 3
            with raw.copy(f"COPY ledger_ledgerentry ({COLUMNS}) FROM STDIN") as copy:
                for row in rows(hub_ids):
                    copy.write_row(row)
            # Index-only scans need the visibility map; autovacuum does this in production.
        connection.ensure_connection()
        old = connection.connection.autocommit
        connection.connection.autocommit = True
        connection.connection.execute("VACUUM ANALYZE ledger_ledgerentry")
        connection.connection.autocommit = old
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            batch: list = []
            placeholders = ", ".join(["%s"] * 13)
            sql = f"INSERT INTO ledger_ledgerentry ({COLUMNS}) VALUES ({placeholders})"  # noqa: S608 (constants)
            for row in rows(hub_ids):
                batch.append(row)
                if len(batch) == 50_000:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def timed(func, runs: int) -> tuple[list[float], list[float]]:
    """(ms of each run, ms of the bare /ping after each), after a warm-up of both."""
    from django.test import Client

    client = Client()
    func()  # warm-up: caches, connection
    client.get("/ping")
    times, pings = [], []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        client.get("/ping")
        pings.append((time.perf_counter() - started) * 1000)
    return times, pings


def main() -> None:
    fresh_database(URL)
    setup_django(URL)
    from django.db import connection

    from torget.keyfigures.selectors import key_figures
    from torget.ledger.models import LedgerEntry
    from torget.ledger.rollup import rebuild_months
    from torget.places.models import Hub

    vendor = connection.vendor
    hubs = [Hub.objects.create(name=name, is_demo=True) for name in HUBS]
    seconds = insert([h.pk for h in hubs], vendor)
    count = LedgerEntry.objects.count()
    print(f"ledger bench on {vendor}: {count:,} rows inserted in {seconds:.1f} s")
    started = time.perf_counter()
    months = rebuild_months()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rebuild = time.perf_counter() - started
    print(f"monthly rollup: {months:,} rows built in {rebuild:.1f} s")

    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    part_start, part_end = date(YEAR, 1, 15), date(YEAR, 12, 14)
    all_times, all_pings = timed(lambda: key_figures(start=start, end=end, hub=None), RUNS)
    one_times, one_pings = timed(lambda: key_figures(start=start, end=end, hub=hubs[1]), RUNS)
    part_times, part_pings = timed(
        lambda: key_figures(start=part_start, end=part_end, hub=None), RUNS
    )
    figures = key_figures(start=start, end=end, hub=None)
    counted = (
        figures.activities.total
        + figures.meetings.total
        + figures.totals.inquiries
        + figures.totals.appointments
    )
    assert counted == count, f"key figures counted {counted}, the ledger holds {count}"

    limit = TARGET_MS.get(vendor, 0)
    name = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(vendor, vendor)
    rows = [
        ratio_row(
            f"key figures, a year, all hubs, {count:,} rows",
            all_times,
            all_pings,
            BARE_JSON,
            None,
        ),
        ratio_row("key figures, a year, one hub", one_times, one_pings, BARE_JSON, None),
        ratio_row(
            "key figures, 15 Jan–14 Dec, all hubs (part-months from rows)",
            part_times,
            part_pings,
            BARE_JSON,
            None,
        ),
    ]
    # The absolute ceiling decides; the ratio is shown beside it.
    median = statistics.median(all_times)
    rows[0].bar, rows[0].passed = f"≤ {limit:,} ms ({name})", median <= limit
    print(f"key figures (the selector) on {vendor}, in-process, median of {RUNS} runs")
    met, bars = print_table(rows)

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"ledger-{vendor}.json").write_text(
        json.dumps(
            {
                "operation": "key_figures one year",
                "database": vendor,
                "rows": count,
                "runs": RUNS,
                "rollup_rows": months,
                "rollup_build_s": round(rebuild, 1),
                "limit_ms": limit,
                "table": [row.as_json() for row in rows],
                "bars_met": met,
                "bars": bars,
                "machine": platform.platform(),
                "python": platform.python_version(),
            },
            indent=2,
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
