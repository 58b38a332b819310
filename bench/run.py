"""`make bench`: build a scaled dataset, serve it as in production, time each operation over HTTP.

Prints a table (median, p99, requests/s with 16 clients, ratio to the bare JSON endpoint
measured in the same run: ratios survive a noisy machine, absolute times do not) and writes
the same numbers as JSON under bench/results/.

    make bench                                     # SQLite file under var/
    BENCH_DATABASE_URL=postgresql://root@127.0.0.1:5432/torget_bench make bench
"""

from __future__ import annotations

import http.client
import itertools
import json
import multiprocessing
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlparse
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
SERVER = os.environ.get("BENCH_SERVER", "granian")
OSLO = ZoneInfo("Europe/Oslo")

Request = tuple[str, str, dict | None]  # method, path, JSON body
BARE_INSERT = "bare Django insert (POST /ping/insert)"
CREATE = "create one booking (POST /bookings)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def server_command(port: int) -> list[str]:
    """The production server as docs/deploy.md runs it: 2 workers, 16 threads each.
    BENCH_SERVER=gunicorn measures the server Torget used before (gthread workers)."""
    if SERVER == "gunicorn":
        return [
            *(PYTHON, "-m", "gunicorn", "torget.wsgi", "--bind", f"127.0.0.1:{port}"),
            *("--worker-class", "gthread", "--workers", "2", "--threads", "16"),
            *("--log-level", "warning"),
        ]
    return [
        *(PYTHON, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1"),
        *("--port", str(port), "--workers", "2", "--blocking-threads", "16"),
        *("--no-ws", "--log-level", "warning", "torget.wsgi:application"),
    ]


def bench_table(url: str) -> None:
    """The table the bare insert (POST /ping/insert) writes to: the benchmark's own."""
    create = "CREATE TABLE IF NOT EXISTS bench_ping (id {pk}, at timestamp NOT NULL)"
    if url.startswith("sqlite:///"):
        import sqlite3

        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute(create.format(pk="integer PRIMARY KEY"))
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(create.format(pk="bigserial PRIMARY KEY"))


def fresh_postgres(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = url.replace(f"/{name}", "/postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Client:
    """One keep-alive connection; times each request in milliseconds."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def send(self, request: Request) -> tuple[float, int]:
        method, path, body = request
        data = json.dumps(body) if body is not None else None
        start = time.perf_counter()
        self.conn.request(method, path, body=data, headers=self.headers)
        response = self.conn.getresponse()
        response.read()
        return (time.perf_counter() - start) * 1000, response.status


def run(port: int, token: str, requests: Callable[[], Request], n: int, expect: int) -> list[float]:
    client = Client(port, token)
    times = []
    for _ in range(n):
        request = requests()
        elapsed, status = client.send(request)
        if status != expect:
            raise SystemExit(f"{request[0]} {request[1]} answered {status}, expected {expect}")
        times.append(elapsed)
    return times


def throughput(
    port: int,
    token: str,
    requests: Callable[[], Request],
    expect: int,
    total: int,
    slots: list[Slots],
) -> float:
    """Requests per second from CLIENTS client processes, one keep-alive connection each.

    Processes, not threads: one Python process's threads share one core's worth of GIL and
    measured the client, not the server (`/ping` topped out near 1,000/s). Each process
    takes its own stride of the slots, so no two clients ask for the same room and hour.
    """
    per_client = max(total // CLIENTS, 30)
    firsts = [s.reserve(CLIENTS * per_client) for s in slots]
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(CLIENTS + 1)

    def client(i: int) -> None:
        for s, first in zip(slots, firsts, strict=True):
            s.stride(first + i, CLIENTS)
        connection = Client(port, token)
        connection.send(("GET", "/ping", None))  # connected before the clock starts
        ready.wait()
        for _ in range(per_client):
            request = requests()
            _elapsed, status = connection.send(request)
            if status != expect:
                raise SystemExit(f"{request[0]} {request[1]} answered {status}")

    processes = [context.Process(target=client, args=(i,)) for i in range(CLIENTS)]
    for process in processes:
        process.start()
    ready.wait()
    start = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    if any(p.exitcode for p in processes):
        raise SystemExit("a client process failed (see above)")
    return CLIENTS * per_client / elapsed


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 100 else max(values)


class Slots:
    """Unique one-hour night slots on the benchmark rooms (free in the dataset), thread-safe."""

    def __init__(self, spaces: list[int], first: date) -> None:
        self.spaces, self.first = spaces, first
        self.counter = itertools.count()
        self.lock = threading.Lock()

    def take(self) -> int:
        with self.lock:
            return next(self.counter)

    def reserve(self, n: int) -> int:
        """Set aside the next n numbers (for client processes); returns the first."""
        with self.lock:
            first = next(self.counter)
            self.counter = itertools.count(first + n)
            return first

    def stride(self, first: int, step: int) -> None:
        """In a client process: take first, first + step, … of a reserved block."""
        self.counter = itertools.count(first, step)

    def next(self) -> tuple[int, datetime]:
        n = self.take()
        space = self.spaces[n % len(self.spaces)]
        hour = (n // len(self.spaces)) % 6  # 00:00–06:00
        day = self.first + timedelta(days=(n // (len(self.spaces) * 6)))
        return space, datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)


def booking_body(space: int, start: datetime, **extra) -> dict:
    return {
        "space": space,
        "start": start.isoformat(),
        "end": (start + timedelta(hours=1)).isoformat(),
        "title": "Benkmøte",
        "organiser_type": "voluntary",
        "kind": "meeting",
        "expected_participants": 4,
        **extra,
    }


def main() -> None:
    env = dict(os.environ)
    db_url = env.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    (ROOT / "var").mkdir(exist_ok=True)
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        fresh_postgres(db_url)
    env.update(
        DATABASE_URL=db_url, SECURE_COOKIES="0", DEBUG="0", PYTHONUNBUFFERED="1", TORGET_BENCH="1"
    )
    # Messages are queued inside each booking's transaction, as always; sending them is
    # `manage.py send_outbox`'s work outside the measurement (and no console full of mail).
    env.setdefault("TORGET_OUTBOX_SEND", "worker")
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    env.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    print(f"== building the dataset on {db_url.split(':')[0]}", flush=True)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo")
    manage(env, "bench_dataset")
    if not db_url.startswith("sqlite"):
        # Fresh statistics and a vacuumed table now, not from autovacuum in the middle of
        # the timings.
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    bench_table(db_url)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    token = manage(env, "issue_token", "admin", "--name", "bench", capture=True).strip().split()[-1]
    ids = json.loads(
        manage(
            env,
            "shell",
            "-c",
            "import json; from torget.places.models import Space; "
            "print(json.dumps([s.pk for s in Space.objects.filter(name__startswith='Benkrom').order_by('pk')]))",
            capture=True,
        )
        .strip()
        .splitlines()[-1]
    )
    busy_space = ids[0]
    # The everyday booker: an organisation's contact person (the demo's chess club), whose
    # bookings go through the organisation, contact and upcoming-bookings checks too.
    org_token = (
        manage(env, "issue_token", "org-sjakk", "--name", "bench", capture=True).strip().split()[-1]
    )
    org_id = int(
        manage(
            env,
            "shell",
            "-c",
            "from torget.accounts.models import Organisation; "
            "print(Organisation.objects.get(contacts__username='org-sjakk').pk)",
            capture=True,
        )
        .strip()
        .splitlines()[-1]
    )

    port = free_port()
    server = subprocess.Popen(server_command(port), cwd=ROOT, env=env)
    rows = []
    try:
        for _ in range(200):
            try:
                Client(port, token).send(("GET", "/ping", None))
                break
            except OSError:
                time.sleep(0.1)
        today = datetime.now(OSLO).date()
        monday = today + timedelta(days=7 - today.weekday())
        window = f"free_from={quote(f'{monday}T10:00:00+01:00')}&free_to={quote(f'{monday}T12:00:00+01:00')}"
        week = f"from={quote(f'{monday}T00:00:00+01:00')}&to={quote(f'{monday + timedelta(days=7)}T00:00:00+01:00')}"
        slots = Slots(ids, today + timedelta(days=1))
        series_slots = Slots(ids, today)

        def create() -> Request:
            space, start = slots.next()
            return ("POST", "/api/v1/bookings", booking_body(space, start))

        def create_for_organisation() -> Request:
            space, start = slots.next()
            return ("POST", "/api/v1/bookings", booking_body(space, start, organisation=org_id))

        def series() -> Request:
            # 06:00–08:00 is free in the dataset and left to the series: one (room, hour,
            # weekday) each, 52 weeks ahead.
            n = series_slots.take()
            space = ids[n % len(ids)]
            hour = 6 + (n // len(ids)) % 2
            day = today + timedelta(days=1 + (n // (len(ids) * 2)) % 7)
            start = datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)
            until = (start + timedelta(weeks=51)).date().isoformat()
            return (
                "POST",
                "/api/v1/booking-series",
                booking_body(space, start, until=until, on_conflict="reject"),
            )

        def get(path: str) -> Callable[[], Request]:
            return lambda: ("GET", path, None)

        operations: list[tuple[str, Callable[[], Request], int, int] | tuple] = [
            ("bare Django JSON (/ping)", get("/ping"), 200, REQUESTS),
            (BARE_INSERT, lambda: ("POST", "/ping/insert", None), 201, REQUESTS),
            ("hubs with open now (GET /hubs)", get("/api/v1/hubs"), 200, REQUESTS),
            (
                "one hub, 14 days of hours (GET /hubs/holmen)",
                get("/api/v1/hubs/holmen"),
                200,
                REQUESTS,
            ),
            (
                "availability of one space, 7 days",
                get(f"/api/v1/spaces/{busy_space}/availability?{week}"),
                200,
                REQUESTS,
            ),
            (
                "free spaces, all hubs, 2-hour window",
                get(f"/api/v1/spaces?{window}"),
                200,
                REQUESTS,
            ),
            (CREATE, create, 201, REQUESTS),
            (
                "create one booking as an organisation's contact",
                create_for_organisation,
                201,
                REQUESTS,
                org_token,
            ),
            ("weekly series, 52 weeks (POST /booking-series)", series, 201, 30),
            ("front page (HTML)", get("/"), 200, REQUESTS),
            ("hub page (HTML)", get("/torg/holmen/"), 200, REQUESTS),
        ]
        for name, make, expect, n, *who in operations:
            as_token = who[0] if who else token
            run(port, as_token, make, min(10, n), expect)  # warm up
            samples = run(port, as_token, make, n, expect)
            rps = (
                throughput(port, as_token, make, expect, n, [slots, series_slots])
                if n >= 100
                else None
            )
            rows.append(
                {
                    "operation": name,
                    "median_ms": statistics.median(samples),
                    "p99_ms": p99(samples),
                    "rps": rps,
                    "n": n,
                }
            )
            print(f"  {name}: median {statistics.median(samples):.2f} ms", flush=True)
        rss = _worker_rss(server.pid)
    finally:
        server.terminate()
        server.wait(10)

    bare = rows[0]["median_ms"]
    print(
        f"\n{'operation':50} {'median ms':>10} {'p99 ms':>8} {f'req/s ({CLIENTS})':>12} {'× bare':>7}"
    )
    for row in rows:
        row["ratio_to_bare"] = row["median_ms"] / bare
        rps = f"{row['rps']:.0f}" if row["rps"] else "–"
        print(
            f"{row['operation']:50} {row['median_ms']:10.2f} {row['p99_ms']:8.2f} {rps:>12} {row['ratio_to_bare']:7.1f}"
        )
    by_name = {row["operation"]: row for row in rows}
    limit, creates = by_name[BARE_INSERT]["rps"], by_name[CREATE]["rps"]
    print(
        f"\ncreates per second: {creates:.0f}, {creates / limit:.0%} of the bare-insert limit"
        f" ({limit:.0f}/s on this machine; target ≥ 50 %)"
    )
    print(f"\nworker memory after the run: {', '.join(f'{r:.0f} MB' for r in rss)} RSS")
    out = (
        ROOT
        / "bench"
        / "results"
        / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{db_url.split(':')[0]}.json"
    )
    out.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(),
                "database": db_url.split(":")[0],
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "clients": CLIENTS,
                "server": SERVER,
                "rows": rows,
                "worker_rss_mb": rss,
                "creates_share_of_bare_insert": creates / limit,
            },
            indent=2,
        )
    )
    print(f"written to {out.relative_to(ROOT)}")


def _worker_rss(master: int) -> list[float]:
    """RSS of the server's worker processes (children of the master), from /proc."""
    result = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master):
            result.append(int(fields.get("VmRSS", "0 kB").split()[0]) / 1024)
    return result


if __name__ == "__main__":
    main()
