"""The calendar with 10,000 upcoming events in the database (QUALITY.md: server time median
≤ 20 ms, HTML ≤ 60 KB), and one registration.

Builds a FRESH database named by BENCH_DATABASE_URL (default: the SQLite file
var/events-bench.sqlite3; a PostgreSQL database is dropped and created), migrates it, loads
the demo hubs, creates weekly activities through the event services (each occurrence books
its room through the booking service) until BENCH_EVENTS occurrences exist (default
10,000), then times the pages in-process with Django's test client (server time, no
network): the median and p99 of BENCH_RUNS requests (default 30) after a warm-up. Prints
the numbers and writes them as JSON to bench/results/events-<database>.json.

    .venv/bin/python bench/events_bench.py
    BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/events_bench .venv/bin/python bench/events_bench.py
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ledger_bench import fresh_database, setup_django  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'events-bench.sqlite3'}"
EVENTS = int(os.environ.get("BENCH_EVENTS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
WEEKS = 52
SLOTS = [(clock(h), clock(h + 1)) for h in range(8, 21)]


def build() -> int:
    from django.utils import timezone

    from torget.accounts.models import User
    from torget.core.errors import DomainError
    from torget.core.timeutil import make_local
    from torget.events import services
    from torget.events.models import Occurrence
    from torget.places import demo as places_demo
    from torget.places.models import Space

    places_demo.load()
    admin = User.objects.create_superuser("bench-admin", "bench@example.no", "x")
    spaces = list(Space.objects.filter(bookable=True, parent__isnull=True).order_by("pk"))
    start_day = timezone.localdate() + timedelta(days=1)
    made = 0
    index = 0
    while made < EVENTS:
        space = spaces[index % len(spaces)]
        slot = SLOTS[(index // len(spaces)) % len(SLOTS)]
        day = start_day + timedelta(days=(index // (len(spaces) * len(SLOTS))) % 7)
        index += 1
        weeks = min(WEEKS, EVENTS - made)
        details = services.EventDetails(
            title=f"Aktivitet {index}",
            category="meeting_place",
            organiser_type="voluntary",
            description="Benchmark (oppdiktet).",
            capacity=20,
            registration="optional",
        )
        try:
            services.event_create(
                actor=admin,
                details=details,
                space=space,
                start=make_local(day, slot[0]),
                end=make_local(day, slot[1]),
                until=day + timedelta(weeks=weeks - 1),
                override_reason="benchmark",
                on_conflict="skip",
            )
        except DomainError:  # a space that cannot be booked then: try the next one
            continue
        made = Occurrence.objects.count()
        if index > 50_000:
            break
    return Occurrence.objects.count()


def timed(client, path: str, method: str = "get", **kwargs) -> dict:
    call = getattr(client, method)
    response = call(path, **kwargs)
    assert response.status_code < 400, (path, response.status_code)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = call(path, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "path": path,
        "median_ms": round(statistics.median(times), 2),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
        "bytes": len(response.content),
    }


def main() -> None:
    fresh_database(URL)
    setup_django(URL)
    from django.conf import settings

    # Templates without collectstatic (as in the tests): the manifest storage would refuse.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Messages are "sent" to memory, not printed.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from django.db import connection
    from django.test import Client

    from torget.events.models import Occurrence

    started = time.perf_counter()
    count = build()
    # Fresh statistics, as a database in use has them (autovacuum; sqlite_stat1): without
    # them the planner takes 10,000 new rows for one and walks every event.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    busy = Occurrence.objects.order_by("booking__start").first()
    assert busy is not None
    results = [
        timed(client, "/arrangementer/"),
        timed(client, "/arrangementer/uke/"),
        timed(client, "/torg/holmen/arrangementer/"),
        timed(client, "/arrangementer/?audience=seniors&q=aktivitet"),
        timed(client, f"/arrangementer/{busy.pk}/"),
        timed(client, "/torg/holmen/i-dag/"),
        timed(client, "/api/v1/events?limit=100"),
    ]
    registration_times = []
    for n in range(RUNS):
        t0 = time.perf_counter()
        response = client.post(
            f"/api/v1/events/{busy.pk}/registrations",
            {"name": "Bench", "email": f"bench{n}@example.no"},
            content_type="application/json",
        )
        registration_times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 201, response.content
    registration_times.sort()
    results.append(
        {
            "path": "POST /api/v1/events/{id}/registrations",
            "median_ms": round(statistics.median(registration_times), 2),
            "p99_ms": round(registration_times[-1], 2),
            "bytes": 0,
        }
    )
    vendor = connection.vendor
    print(f"{count} occurrences on {vendor}, built in {built:.0f} s")
    print(f"{'page':60} {'median ms':>10} {'p99 ms':>10} {'KB':>7}")
    for row in results:
        print(
            f"{row['path']:60} {row['median_ms']:>10} {row['p99_ms']:>10} "
            f"{row['bytes'] / 1024:>7.1f}"
        )
    out = ROOT / "bench" / "results" / f"events-{vendor}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "occurrences": count,
                "database": vendor,
                "machine": platform.platform(),
                "runs": RUNS,
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
