"""A hub-structure scenario over the scaled dataset with a 3,000-cell population grid
(QUALITY.md: ≤ 2 s).

Builds a FRESH database named by BENCH_DATABASE_URL (default: the SQLite file
var/scenario-bench.sqlite3; a PostgreSQL database is dropped and created), migrates it, loads
the Asker demo and scales it with `manage.py bench_dataset` (a year of about 50,000 bookings
with weekly series, event occurrences and office hours), replaces the demo's grid with an
invented grid of exactly 3,000 cells (`scenarios.demo_grid`, imported through
`scenarios.grid.import_grid`), and saves one scenario through the service: the hub with the
most bookings from next Monday closes. Then times `scenarios.selectors.report` — every
section the scenario page shows (what happens there today, displaced activity, room
elsewhere, who would have further to go, what residents said, staffed hours) — the median of
BENCH_RUNS runs (default 5) after a warm-up, each run alternating with a bare JSON request
(`GET /ping` through Django's test client, in the same process) so the table shows the ratio
beside the absolute bar, which decides. For context, without a bar: the distance figures
alone, the map drawn from them, the grid's import and the whole page.
Prints the table and writes it as JSON to bench/results/scenario-<database>.json.

    .venv/bin/python bench/scenario_bench.py
    BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/scenario_bench .venv/bin/python bench/scenario_bench.py
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ledger_bench import fresh_database, setup_django, timed  # noqa: E402
from report import BARE_JSON, print_table, ratio_row  # noqa: E402

URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'scenario-bench.sqlite3'}"
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
CELLS = 3000
LIMIT_MS = 2000


def build() -> dict:
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("load_demo", verbosity=0)
    call_command("bench_dataset", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"build_s": round(time.perf_counter() - started, 1)}


def grid() -> float:
    """The 3,000-cell grid in place of the demo's; seconds the import took."""
    from torget.scenarios.demo_grid import invented_grid_csv
    from torget.scenarios.grid import OPERATOR, import_grid

    data = invented_grid_csv(cells=CELLS)
    started = time.perf_counter()
    result = import_grid(actor=OPERATOR, data=data, filename=f"bench-{CELLS}.csv", invented=True)
    assert result.imported and result.cells == CELLS, result.as_json()
    return time.perf_counter() - started


def scenario():
    """Close the hub with the most active bookings from next Monday (the worst case)."""
    from django.db.models import Count, Q

    from torget.accounts.models import User
    from torget.booking.models import ACTIVE_STATUSES
    from torget.core.timeutil import today
    from torget.places.models import Hub
    from torget.scenarios.models import ChangeKind
    from torget.scenarios.services import ChangeSpec, create_scenario

    day = today() + timedelta(days=1)
    monday = day + timedelta(days=(7 - day.weekday()) % 7)
    busiest = (
        Hub.objects.annotate(
            n=Count(
                "spaces__bookings",
                filter=Q(
                    spaces__bookings__status__in=ACTIVE_STATUSES,
                    spaces__bookings__start__date__gte=monday,
                ),
            )
        )
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    return create_scenario(
        actor=User.objects.get(username="ledelse"),
        name=f"{busiest.name} stenger (benchmark)",
        starts=monday,
        assumptions="",
        changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=busiest)],
    )


def main() -> None:
    fresh_database(URL)
    setup_django(URL)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from torget.booking.models import Booking
    from torget.scenarios import selectors
    from torget.scenarios.distance import distance
    from torget.scenarios.maps import distance_map_svg

    settings.STORAGES = {  # templates without collectstatic, as in the tests
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    vendor = connection.vendor
    facts = build()
    import_s = grid()
    chosen = scenario()
    bookings = Booking.objects.count()
    closing = {c.hub_id for c in chosen.changes.all()}
    print(
        f"scenario bench on {vendor}: {bookings:,} bookings, {CELLS:,} grid cells, "
        f"built in {facts['build_s']} s; grid imported in {import_s:.2f} s; {chosen.name}"
    )

    report_times, report_pings = timed(lambda: selectors.report(chosen), RUNS)
    distance_times, distance_pings = timed(lambda: distance(closing), RUNS)
    figures = distance(closing)
    assert figures is not None and len(figures.cells) == CELLS
    map_times, map_pings = timed(lambda: distance_map_svg(figures), RUNS)
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    from torget.accounts.models import User

    client.force_login(User.objects.get(username="ledelse"))
    page = f"/ansatt/scenarioer/{chosen.pk}/"
    page_times, page_pings = timed(lambda: client.get(page), RUNS)
    size = len(client.get(page).content)

    rows = [
        ratio_row("a scenario's report, every section (selector)", report_times, report_pings,
                  BARE_JSON, None),
        ratio_row(f"  of it: distance figures, {CELLS:,} cells", distance_times, distance_pings,
                  BARE_JSON, None),
        ratio_row("the distance map (SVG, before and after)", map_times, map_pings, BARE_JSON,
                  None, size=len(str(distance_map_svg(figures)))),
        ratio_row("the scenario's page (the memo), in-process", page_times, page_pings,
                  BARE_JSON, None, size=size),
    ]  # fmt: skip
    median = statistics.median(report_times)
    rows[0].bar, rows[0].passed = f"≤ {LIMIT_MS:,} ms", median <= LIMIT_MS
    print(f"a hub-structure scenario, in-process, median of {RUNS} runs")
    met, bars = print_table(rows)
    d = figures.beyond
    print(
        "headline: residents beyond "
        + ", ".join(f"{b.threshold} km {b.before:,} → {b.after:,}" for b in d)
        + f"; {figures.further:,} of {figures.population:,} would have further to go"
    )

    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"scenario-{vendor}.json").write_text(
        json.dumps(
            {
                "operation": "scenario report, close the busiest hub",
                "database": vendor,
                "bookings": bookings,
                "cells": CELLS,
                "runs": RUNS,
                "build_s": facts["build_s"],
                "grid_import_s": round(import_s, 2),
                "limit_ms": LIMIT_MS,
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
