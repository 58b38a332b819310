"""`make bench`: build the scaled dataset, serve it as in production, and measure every
performance bar of QUALITY.md that a request can show, over HTTP.

Each bar is a ratio to a bare endpoint measured in the same run, through the same server,
client and connection: the bare JSON response (`GET /ping`) for reads and pages, the bare
insert (`POST /ping/insert`, one row in one autocommit statement) for writes. Single-client
timings alternate the operation with its baseline request by request, so both see the same
machine (absolute times on these shared machines move by 2× within the hour). Prints one
table (measured, baseline, ratio, bar, PASS/FAIL), a line "N of M bars met", and writes the
rows as JSON under bench/results/. A FAIL does not fail the run: it is a measurement.

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
sys.path.insert(0, str(ROOT / "bench"))

import rush  # noqa: E402
from report import BARE_INSERT, BARE_JSON, Row, p99, print_table, ratio_row  # noqa: E402

PYTHON = sys.executable
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
PAGES = int(os.environ.get("BENCH_PAGES", "100"))  # samples of each HTML page
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
SERVER = os.environ.get("BENCH_SERVER", "granian")
# "creates": the create rows alone (both callers, p99, creates per second), then the table.
ONLY = os.environ.get("BENCH_ONLY", "")
OSLO = ZoneInfo("Europe/Oslo")
RUSH_TITLES = {"api": "Påmeldingsrush (API)", "form": "Påmeldingsrush (skjema)"}
RUSH_SEATS = 300

# method, path, JSON body (and, for the lock bridge's signed check, headers of its own)
Request = tuple  # (str, str, dict | None) or (str, str, dict | None, dict[str, str])
PING: Request = ("GET", "/ping", None)
INSERT: Request = ("POST", "/ping/insert", None)


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


def shell(env: dict[str, str], code: str):
    """Run Python in `manage.py shell`; its last line of output, read as JSON."""
    return json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


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

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Content-Type": "application/json", **headers}

    def send(self, request: Request) -> tuple[float, int, int]:
        """(milliseconds, status, bytes of the body)."""
        method, path, body = request[:3]
        data = json.dumps(body) if body is not None else None
        headers = {**self.headers, **request[3]} if len(request) > 3 else self.headers
        start = time.perf_counter()
        self.conn.request(method, path, body=data, headers=headers)
        response = self.conn.getresponse()
        size = len(response.read())
        return (time.perf_counter() - start) * 1000, response.status, size


def expected(request: Request) -> int:
    return 201 if request[0] == "POST" and request[1] != DOOR_CHECK else 200


# The lock bridge's check (meråpent): signed as a bridge signs it, a new event id each time.
DOOR_CHECK = "/api/v1/access/check"
BRIDGE = "bench-lock"
BRIDGE_SECRET = "bench-bridge-" + os.urandom(8).hex()


def door_fixture(env: dict[str, str]) -> dict:
    """A room door on the bench's lock bridge, locked in staffed hours too, and a booking
    of its room going on now: its code is what the bridge presents."""
    return shell(
        env,
        "import json; from datetime import timedelta; from django.utils import timezone; "
        "from torget.access.models import Door, DoorKind; "
        "from torget.access.services import code_for_booking; "
        "from torget.booking.models import Booking; from torget.places.models import Space; "
        "from torget.accounts.models import User; "
        "space = Space.objects.filter(name__startswith='Benkrom').order_by('-pk').first() "
        "or Space.objects.filter(hub__slug='holmen').order_by('pk').first(); "
        "door = Door.objects.create(hub=space.hub, label='Benkdør', kind=DoorKind.ROOM, "
        f"always_locked=True, system={BRIDGE!r}, external_id='BENCH-1'); door.spaces.set([space]); "
        "now = timezone.now(); "
        "b = Booking.objects.create(space=space, start=now - timedelta(hours=1), "
        "end=now + timedelta(hours=3), title='Benk', organiser_type='resident', kind='meeting', "
        "booked_by=User.objects.get(username='admin')); "
        "print(json.dumps({'code': code_for_booking(b).code}))",
    )


def door_check_request(code: str) -> Request:
    import hashlib
    import hmac
    import uuid

    body = {"door": "BENCH-1", "credential": code}
    event, stamp = uuid.uuid4().hex, str(int(time.time()))
    message = f"{stamp}.{event}.".encode() + json.dumps(body).encode()
    digest = hmac.new(BRIDGE_SECRET.encode(), message, hashlib.sha256).hexdigest()
    headers = {
        "X-Torget-System": BRIDGE,
        "X-Torget-Event-Id": event,
        "X-Torget-Timestamp": stamp,
        "X-Torget-Signature": f"sha256={digest}",
    }
    return ("POST", DOOR_CHECK, body, headers)


def paired(
    port: int,
    headers: dict[str, str],
    operation: Callable[[], Request],
    baseline: Request,
    n: int,
) -> tuple[list[float], list[float], int]:
    """n timings of the operation and n of its baseline, alternating on one connection
    after a warm-up of a fifth as many (2 to 10); returns (operation ms, baseline ms,
    bytes of the last answer)."""
    client = Client(port, headers)
    size = 0
    operation_ms: list[float] = []
    baseline_ms: list[float] = []
    warm = min(10, max(n // 5, 2))
    for i in range(n + warm):
        request = operation()
        elapsed, status, size = client.send(request)
        if status != expected(request):
            raise SystemExit(f"{request[0]} {request[1]} answered {status}")
        base_elapsed, base_status, _size = client.send(baseline)
        if base_status != expected(baseline):
            raise SystemExit(f"{baseline[1]} answered {base_status}")
        if i >= warm:  # the first ones warm caches and connections
            operation_ms.append(elapsed)
            baseline_ms.append(base_elapsed)
    return operation_ms, baseline_ms, size


def throughput(
    port: int,
    headers: dict[str, str],
    requests: Callable[[], Request],
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
        connection = Client(port, headers)
        connection.send(PING)  # connected before the clock starts
        ready.wait()
        for _ in range(per_client):
            request = requests()
            _elapsed, status, _size = connection.send(request)
            if status != expected(request):
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


# --- the rush's rows ---------------------------------------------------------------------


def rush_rows(mode: str, seen: dict, db: dict, insert_rps: float, postgres: bool) -> list[Row]:
    """The rush's five conditions, each its own row. On SQLite they are informational:
    the bar is stated for PostgreSQL."""
    label = "rush, JSON API" if mode == "api" else "rush, HTML form (session, CSRF)"
    informational = not postgres
    waiting = db["queues"]
    expected_queue = list(range(1, rush.PEOPLE - RUSH_SEATS + 1))
    share = seen["people_per_second"] / insert_rps
    rows = [
        Row(
            f"{label}: every request answered",
            f"{seen['requests'] - seen['server_errors'] - seen['no_answer']}/{seen['requests']}"
            f", {seen['server_errors']} 5xx, {seen['no_answer']} lost, "
            f"{seen['registered']} people through",
            f"{rush.PEOPLE} people, {rush.CONCURRENCY} at a time",
            "–",
            "no 5xx, no time-out",
            seen["server_errors"] == 0 and seen["no_answer"] == 0,
        ),
        Row(
            f"{label}: exactly {RUSH_SEATS} confirmed",
            f"{db['confirmed']} confirmed, {db['seats_taken']} seats taken",
            "–",
            "–",
            f"= {RUSH_SEATS}",
            db["confirmed"] == RUSH_SEATS
            and db["seats_taken"] == RUSH_SEATS
            and seen["registered"] == rush.PEOPLE,
        ),
        Row(
            f"{label}: waitlist 1–{len(expected_queue):,}",
            f"{min(waiting, default=0)}–{max(waiting, default=0)}, "
            f"{len(waiting)} rows, {len(set(waiting))} distinct",
            "–",
            "–",
            "no gaps, no repeats",
            waiting == expected_queue and db["waitlisted"] == len(expected_queue),
        ),
        Row(
            f"{label}: p99 of every request",
            f"{seen['p99_ms']:.0f} ms (median {seen['median_ms']:.0f})",
            "–",
            "–",
            "≤ 2,500 ms",
            seen["p99_ms"] <= 2500,
        ),
        Row(
            f"{label}: registrations per second",
            f"{seen['people_per_second']:.0f}/s",
            f"{BARE_INSERT} {insert_rps:.0f}/s ({CLIENTS} clients)",
            f"{share * 100:.1f} %",
            f"≥ 10 % of {BARE_INSERT}",
            share >= 0.10,
        ),
    ]
    for row in rows:
        row.informational = informational
        row.values = {"client": seen, "database": db, "bare_insert_rps": insert_rps}
    return rows


# --- the run ----------------------------------------------------------------------------


def build(env: dict[str, str], db_url: str) -> None:
    print(f"== building the dataset on {db_url.split(':')[0]}", flush=True)
    started = time.perf_counter()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo")
    manage(env, "bench_dataset")
    if not db_url.startswith("sqlite"):
        # Fresh statistics and a vacuumed table now, not from autovacuum in the middle of
        # the timings.
        import psycopg

        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    else:
        import sqlite3

        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            conn.execute("ANALYZE")
    bench_table(db_url)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    print(f"== dataset built in {time.perf_counter() - started:.0f} s", flush=True)


class CreatesMeasured(Exception):
    """BENCH_ONLY=creates: the create rows are in; the rest is not measured."""


def main() -> None:
    env = dict(os.environ)
    db_url = env.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    postgres = not db_url.startswith("sqlite")
    (ROOT / "var").mkdir(exist_ok=True)
    if postgres:
        fresh_postgres(db_url)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(db_url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    env.update(
        DATABASE_URL=db_url, SECURE_COOKIES="0", DEBUG="0", PYTHONUNBUFFERED="1", TORGET_BENCH="1"
    )
    # Messages are queued inside each booking's transaction, as always; sending them is
    # `manage.py send_outbox`'s work outside the measurement (and no console full of mail).
    env.setdefault("TORGET_OUTBOX_SEND", "worker")
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    env.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    # The server refuses to start without it; nobody follows the benchmark's links.
    env.setdefault("TORGET_SITE_URL", "http://127.0.0.1")
    env["TORGET_ACCESS_BRIDGES"] = json.dumps(
        {BRIDGE: {"url": "http://127.0.0.1:9/", "secret": BRIDGE_SECRET}}
    )
    build(env, db_url)
    door = door_fixture(env)

    token = manage(env, "issue_token", "admin", "--name", "bench", capture=True).strip().split()[-1]
    api = {"Authorization": f"Bearer {token}"}
    # The everyday booker: an organisation's contact person (the demo's chess club). Not
    # staff, so the audit log writes nothing for their create (docs/decisions/0007), but
    # the organisation, contact and upcoming-bookings checks run.
    org_token = (
        manage(env, "issue_token", "org-sjakk", "--name", "bench", capture=True).strip().split()[-1]
    )
    org_api = {"Authorization": f"Bearer {org_token}"}
    org_id = shell(
        env,
        "from torget.accounts.models import Organisation; "
        "print(Organisation.objects.get(contacts__username='org-sjakk').pk)",
    )
    ids = shell(
        env,
        "import json; from torget.places.models import Space; "
        "print(json.dumps([s.pk for s in Space.objects.filter(name__startswith='Benkrom')"
        ".order_by('pk')]))",
    )
    # Management opens the key figures signed in, with the session cookie a login sets.
    session = shell(
        env,
        "import json; from django.conf import settings; from django.test import Client; "
        "from torget.accounts.models import User; c = Client(); "
        "c.force_login(User.objects.get(username='ledelse')); "
        "print(json.dumps(f'{settings.SESSION_COOKIE_NAME}={c.cookies[settings.SESSION_COOKIE_NAME].value}'))",
    )
    management = {"Cookie": session}
    rush_ids = shell(
        env,
        "import json; from torget.events.models import Occurrence; "
        f"titles = {RUSH_TITLES!r}; "
        "print(json.dumps({m: Occurrence.objects.get(event__title=t).pk "
        "for m, t in titles.items()}))",
    )
    busy_space = ids[0]

    port = free_port()
    server = subprocess.Popen(server_command(port), cwd=ROOT, env=env)
    rows: list[Row] = []
    try:
        for _ in range(200):
            try:
                Client(port, api).send(PING)
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

        def step(name: str) -> None:
            print(f"  {name}", flush=True)

        # "create one booking" is the administrator's (every staff write adds its audit-log
        # entry); the organisation's contact's create follows, against the same bar.
        step("create one booking (alternating with the bare insert)")
        created, inserted, _ = paired(port, api, create, INSERT, REQUESTS)
        rows.append(ratio_row("create one booking, median", created, inserted, BARE_INSERT, 5))
        create_median = statistics.median(created)
        rows.append(
            Row(
                "create one booking, p99",
                f"{p99(created):.2f} ms",
                f"its own median {create_median:.2f} ms",
                f"{p99(created) / create_median:.1f} ×",
                "≤ 4 × its own median",
                p99(created) / create_median <= 4,
                values={"p99_ms": p99(created), "median_ms": create_median, "n": len(created)},
            )
        )

        step("create one booking as an organisation's contact (alternating with the bare insert)")
        by_contact, inserted, _ = paired(port, org_api, create_for_organisation, INSERT, REQUESTS)
        rows.append(
            ratio_row(
                "create one booking as an organisation's contact, median",
                by_contact,
                inserted,
                BARE_INSERT,
                5,
            )
        )

        step(f"creates per second, {CLIENTS} clients (bare insert before and after)")
        insert_before = throughput(port, api, lambda: INSERT, REQUESTS, [slots, series_slots])
        creates = throughput(port, api, create, REQUESTS, [slots, series_slots])
        insert_after = throughput(port, api, lambda: INSERT, REQUESTS, [slots, series_slots])
        insert_rps = (insert_before + insert_after) / 2
        rows.append(
            Row(
                f"creates per second, {CLIENTS} clients",
                f"{creates:.0f}/s",
                f"{BARE_INSERT} {insert_rps:.0f}/s ({insert_before:.0f}, {insert_after:.0f})",
                f"{creates / insert_rps * 100:.1f} %",
                f"≥ 15 % of {BARE_INSERT}",
                creates / insert_rps >= 0.15,
                values={
                    "creates_per_second": creates,
                    "bare_insert_per_second": [insert_before, insert_after],
                    "share": creates / insert_rps,
                },
            )
        )
        if ONLY == "creates":
            raise CreatesMeasured

        step("the lock bridge's door check, a booking's code (alternating with the bare insert)")
        checked, inserted, _ = paired(
            port, {}, lambda: door_check_request(door["code"]), INSERT, REQUESTS
        )
        rows.append(
            ratio_row(
                '"may this credential open this door now?" (signed check, logged), median',
                checked,
                inserted,
                BARE_INSERT,
                5,
            )
        )

        step("availability of one space, 7 days")
        reads, pings, _ = paired(
            port, api, get(f"/api/v1/spaces/{busy_space}/availability?{week}"), PING, REQUESTS
        )
        rows.append(
            ratio_row("availability of one space, 7 days, median", reads, pings, BARE_JSON, 8)
        )
        step("free spaces across all hubs, 2-hour window")
        reads, pings, _ = paired(port, api, get(f"/api/v1/spaces?{window}"), PING, REQUESTS)
        rows.append(
            ratio_row("free spaces, all hubs, 2-hour window, median", reads, pings, BARE_JSON, 30)
        )
        step("weekly series, 52 weeks (alternating with the bare insert)")
        made, inserted, _ = paired(port, api, series, INSERT, 30)
        rows.append(
            ratio_row("weekly series for a year (52), median", made, inserted, BARE_INSERT, 40)
        )
        for name, path, limit in (
            ("hub page (HTML), median", "/torg/holmen/", 60),
            ("event list (HTML), 10,000 upcoming events, median", "/arrangementer/", 80),
            ("event week view (HTML), 10,000 upcoming events, median", "/arrangementer/uke/", 80),
        ):
            step(name)
            pages, pings, size = paired(port, {}, get(path), PING, PAGES)
            rows.append(
                ratio_row(name, pages, pings, BARE_JSON, limit, size=size, size_limit_kb=60)
            )
        step("key-figures page, this year, all hubs, as management")
        pages, pings, size = paired(
            port, management, get("/nokkeltall/"), PING, max(PAGES // 5, 10)
        )
        row = ratio_row(
            "key-figures page, a year, all hubs, management, median", pages, pings, BARE_JSON, 150
        )
        row.size_kb = size / 1024
        rows.append(row)

        # The rush's bar is a share of the bare insert's throughput: measured again just
        # before, the machine being what it is by now.
        for block, mode in enumerate(("api", "form"), start=1):
            step(f"registration rush, {mode}: bare insert throughput first")
            rush_insert = throughput(port, api, lambda: INSERT, REQUESTS, [slots, series_slots])
            step(f"registration rush, {mode}: {rush.PEOPLE} people, {rush.CONCURRENCY} at a time")
            seen = rush.rush(mode, port, rush_ids[mode], block=block)
            db = shell(
                env,
                "import json; from torget.events.models import Occurrence, Registration; "
                f"o = Occurrence.objects.get(pk={rush_ids[mode]}); "
                "r = Registration.objects.filter(occurrence=o); "
                "print(json.dumps({'confirmed': r.filter(status='confirmed').count(), "
                "'waitlisted': o.waitlisted, 'seats_taken': o.seats_taken, "
                "'queues': sorted(r.filter(status='waitlisted').values_list('queue', flat=True))}))",
            )
            print(f"    answers {seen['statuses']}; p99 ms {seen['p99_ms_by_step']}", flush=True)
            rows += rush_rows(mode, seen, db, rush_insert, postgres)

        rss = _worker_rss(server.pid)
        rows.append(
            Row(
                "a worker's memory after the benchmark",
                ", ".join(f"{r:.0f} MB" for r in rss),
                "–",
                "–",
                "≤ 200 MB RSS",
                bool(rss) and max(rss) <= 200,
                values={"rss_mb": rss},
            )
        )
    except CreatesMeasured:
        pass
    finally:
        server.terminate()
        server.wait(10)

    print(
        f"\n== the bars: {db_url.split(':')[0]}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} CPUs, {SERVER} with 2 workers × 16 threads"
    )
    met, bars = print_table(
        rows, "" if postgres else " (the rush's rows in brackets: informational on SQLite)"
    )
    print(
        "Measured by the other benchmarks: key figures over 1,000,000 ledger rows (the "
        "selector, bench/ledger_bench.py); the event pages in-process (bench/events_bench.py). "
        "Not measured: the hub-structure scenario (no endpoint yet)."
    )
    out = (
        ROOT
        / "bench"
        / "results"
        / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{db_url.split(':')[0]}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(),
                "database": db_url.split(":")[0],
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "clients": CLIENTS,
                "server": SERVER,
                "rows": [r.as_json() for r in rows],
                "bars_met": met,
                "bars": bars,
            },
            indent=2,
            default=str,
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
