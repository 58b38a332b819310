"""Several app servers on one PostgreSQL, behind haproxy, proven by racing through it.

Starts what docs/deploy.md ("Several app servers") describes, on loopback ports: the
migrations first, two app servers (granian, one worker process each), the job worker
(`manage.py worker`, when this checkout has it) and Debian's haproxy in front of them,
balancing round robin with health checks on /healthz and `option forwardfor`. The app
servers believe the balancer's X-Forwarded-For (`TORGET_TRUSTED_PROXIES=127.0.0.1`), and
every racing client connects from its own loopback address (Linux answers on all of
127.0.0.0/8), so the rate limits count each client, not the balancer. Then, through the
balancer:

1. the booking race: CLIENTS clients ask for the same slot at once, ROUNDS rounds; exactly
   one 201 a round, the rest 409, and exactly ROUNDS bookings in the database;
2. the last-seats registration race: REG_CLIENTS people register for an activity with
   SEATS seats left, REG_ROUNDS activities; exactly SEATS confirmed each, the others on the
   waitlist at positions 1..n without gaps, the seat count in the database exact;
3. a rate limit counts one client across both servers (the 101st registration a minute
   from one address is refused, whichever server answers; another address is not);
4. a sign-in link asked for on one server signs in on the other, and the session it starts
   is known to both (the worker sends the e-mail when there is one).

    DATABASE_URL=postgresql://torget@127.0.0.1:5432/torget_balancer \
        .venv/bin/python scripts/balancer_race.py [--rounds 20] [--clients 50] [--json]

It adds its own hub, rooms, activities and accounts to that database (names start with
"Balanse"), so give it a scratch database, never production. Exit status 0 when every
check held; the figures go to standard output (one JSON object with --json).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
OSLO = ZoneInfo("Europe/Oslo")
TIMEOUT = 60.0
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LINK = re.compile(r"https?://\S+/logg-inn/[^\s/]+/")


def log(text: str) -> None:
    print(f"== {text}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client_address(block: int, n: int) -> str:
    """Client n's own loopback address, never the balancer's 127.0.0.1."""
    return f"127.{block}.{n // 250}.{n % 250 + 1}"


def haproxy_binary() -> str | None:
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/sbin/haproxy") if os.access(p, os.X_OK)), None
    )


def haproxy_config(port: int, servers: dict[str, int]) -> str:
    """The balancer as docs/deploy.md shows it, on loopback and without TLS."""
    lines = [
        "global",
        "    maxconn 2000",
        "defaults",
        "    mode http",
        "    timeout connect 5s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout queue 60s",
        # The client's address for the app servers' rate limits (TORGET_TRUSTED_PROXIES).
        "    option forwardfor",
        # A request whose server went away before it answered is sent to the other one.
        "    retries 2",
        "    option redispatch",
        "frontend torget",
        f"    bind 127.0.0.1:{port}",
        "    http-request set-header X-Forwarded-Proto http",
        "    default_backend app",
        "backend app",
        "    balance roundrobin",
        "    option httpchk",
        "    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1",
        "    http-check expect status 200",
        # Which server answered: for this script's figures (leave it out in production).
        "    http-response set-header X-Served-By %[srv_name]",
    ]
    lines += [
        f"    server {name} 127.0.0.1:{p} check inter 1s fall 2 rise 1 maxconn 32"
        for name, p in servers.items()
    ]
    return "\n".join(lines) + "\n"


@dataclass
class Stack:
    port: int
    servers: dict[str, int]
    worker: bool
    processes: list[subprocess.Popen] = field(default_factory=list)


def _wait_for(port: int, what: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            status, _, _ = request(port, "GET", "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"{what} exited at start (status {process.returncode})")
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not answer /healthz within {seconds:.0f} s")
        time.sleep(0.2)


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def has_worker_command() -> bool:
    from django.core.management import get_commands

    return "worker" in get_commands()


def _start(
    name: str, command: list[str], env: dict[str, str] | None, workdir: Path
) -> subprocess.Popen:
    """A process of the set-up in a session of its own, its output in WORKDIR/NAME.log."""
    output = (workdir / f"{name}.log").open("wb")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
    )


def _tails(workdir: Path, lines: int = 15) -> None:
    """The last lines each process wrote, when something went wrong."""
    for path in sorted(workdir.glob("*.log")):
        text = path.read_text(errors="replace").strip().splitlines()[-lines:]
        if text:
            print(f"-- {path.name}:\n" + "\n".join(text), file=sys.stderr)


@contextmanager
def stack(env: dict[str, str], workdir: Path) -> Iterator[Stack]:
    """Migrations first, then the app servers, the worker and the balancer; all stopped
    on the way out."""
    haproxy = haproxy_binary()
    if haproxy is None:
        raise SystemExit("haproxy is not installed (Debian: apt-get install haproxy)")
    servers = {"app1": free_port(), "app2": free_port()}
    port = free_port()
    running = Stack(port, servers, worker=has_worker_command())
    try:
        log("migrations first (and the static files beside them)")
        manage = [PYTHON, "manage.py"]
        migrate = _start("migrate", [*manage, "migrate", "--noinput", "-v0"], env, workdir)
        static = _start("collectstatic", [*manage, "collectstatic", "--noinput", "-v0"], env, workdir)  # fmt: skip
        running.processes += [migrate, static]
        if migrate.wait() != 0:
            raise SystemExit("migrate failed")
        log("then the app servers and the worker")
        for name, server_port in servers.items():
            command = [
                *(PYTHON, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1"),
                *("--port", str(server_port), "--workers", "1", "--blocking-threads", "16"),
                *("--no-ws", "--log-level", "warning", "torget.wsgi:application"),
            ]
            running.processes.append(_start(name, command, env, workdir))
        if running.worker:
            running.processes.append(_start("worker", [*manage, "worker"], env, workdir))
        if static.wait() != 0:
            raise SystemExit("collectstatic failed")
        for (name, server_port), process in zip(servers.items(), running.processes[2:], strict=False):  # fmt: skip
            _wait_for(server_port, f"app server {name}", process)
        config = workdir / "haproxy.cfg"
        config.write_text(haproxy_config(port, servers))
        subprocess.run([haproxy, "-c", "-q", "-f", str(config)], check=True)
        balancer = _start("haproxy", [haproxy, "-db", "-f", str(config)], None, workdir)
        running.processes.append(balancer)
        _wait_for(port, "haproxy", balancer)
        # Both servers in rotation (the health checks have passed) before the race starts.
        seen: set[str] = set()
        deadline = time.monotonic() + 30
        while seen != set(servers):
            if time.monotonic() > deadline:
                raise SystemExit(f"only {sorted(seen)} answered through the balancer")
            seen.add(request(port, "GET", "/healthz")[1].get("x-served-by", ""))
            seen &= set(servers)
        yield running
    except BaseException:
        _tails(workdir)
        raise
    finally:
        _stop(list(reversed(running.processes)))


def request(
    port: int,
    method: str,
    path: str,
    body: str | bytes | None = None,
    headers: dict[str, str] | None = None,
    source: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request on a connection of its own (so the balancer may pick either server)."""
    conn = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=TIMEOUT, source_address=(source, 0) if source else None
    )
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():  # Set-Cookie may come more than once
            key = name.lower()
            headers[key] = f"{headers[key]}\n{value}" if key in headers else value
        return response.status, headers, data
    finally:
        conn.close()


# --- the data the races need -------------------------------------------------


@dataclass
class Seeded:
    space: int
    tokens: list[str]
    occurrences: list[int]
    limit_occurrence: int
    resident_email: str
    slots: list[datetime]


def seed(rounds: int, reg_rounds: int, seats: int) -> Seeded:
    """A hub open (staffed and self-service) 07–22 every day, two rooms, staff with API tokens, activities with
    `seats` seats: new names each run, so a scratch database may be used again."""
    from datetime import time as clock

    from django.db import connections

    from torget.accounts.models import ApiToken, User
    from torget.events.services import EventDetails, event_create
    from torget.places.codes import HoursKind, SpaceKind, Zone
    from torget.places.hours import public_holiday
    from torget.places.models import Hub, OpeningHoursRule, Space

    tag = datetime.now(OSLO).strftime("%Y%m%d%H%M%S")
    hub = Hub.objects.create(name=f"Balansetorget {tag}", slug=f"balansetorget-{tag}")
    for weekday in range(7):
        for kind in (HoursKind.STAFFED, HoursKind.SELF_SERVICE):
            OpeningHoursRule.objects.create(
                hub=hub, kind=kind, weekday=weekday, opens=clock(7), closes=clock(22)
            )
    room = Space.objects.create(
        hub=hub, name="Balanserommet", kind=SpaceKind.ROOM, zone=Zone.FOCUS_WORK, capacity=12
    )
    hall = Space.objects.create(
        hub=hub, name="Balansesalen", kind=SpaceKind.ROOM, zone=Zone.FOCUS_WORK, capacity=200
    )
    staff = []
    for n in range(3):
        user = User.objects.create(username=f"balanse-{tag}-{n}", is_staff=True, is_superuser=True)
        user.set_unusable_password()
        user.save()
        staff.append(user)
    tokens = [ApiToken.issue(user, name="balancer race")[1] for user in staff]
    # The booking rounds walk through the hours 08–21 of the days from a fortnight on, the
    # activities one a day after them; public holidays (closed) are left out.
    days = []
    day = (datetime.now(OSLO) + timedelta(days=14)).date()
    while len(days) < rounds // 13 + 1 + reg_rounds + 1:
        if not public_holiday(day):
            days.append(day)
        day += timedelta(days=1)
    slots = [
        datetime(d.year, d.month, d.day, 8, tzinfo=OSLO) + timedelta(hours=r % 13)
        for r, d in ((r, days[r // 13]) for r in range(rounds))
    ]
    activity_days = days[rounds // 13 + 1 :]
    occurrences = []
    for r, day in enumerate(activity_days):
        start = datetime(day.year, day.month, day.day, 10, tzinfo=OSLO)
        event = event_create(
            actor=staff[0],
            details=EventDetails(
                title=f"Balansekurs {r + 1}",
                category="digital_help",
                organiser_type="municipal",
                capacity=seats if r < reg_rounds else 150,
                registration="required",
            ),
            space=hall,
            start=start,
            end=start + timedelta(hours=2),
        )
        occurrences.append(event.occurrences.get().pk)
    connections.close_all()
    return Seeded(
        space=room.pk,
        tokens=tokens,
        occurrences=occurrences[:-1],
        limit_occurrence=occurrences[-1],
        resident_email=f"balanse-{tag}@example.no",
        slots=slots,
    )


# --- the races -----------------------------------------------------------------


def booking_race(port: int, seeded: Seeded, clients: int) -> dict:
    """CLIENTS clients, one slot a round: (per round: statuses), servers that answered."""
    rounds = len(seeded.slots)
    barrier = threading.Barrier(clients)
    results: list[Counter] = [Counter() for _ in range(rounds)]
    winners_by: Counter = Counter()
    served: Counter = Counter()
    lock = threading.Lock()

    def client(n: int) -> None:
        headers = {
            "Authorization": f"Bearer {seeded.tokens[n % len(seeded.tokens)]}",
            "Content-Type": "application/json",
        }
        conn = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=TIMEOUT, source_address=(client_address(1, n), 0)
        )
        try:
            for r, start in enumerate(seeded.slots):
                body = json.dumps(
                    {
                        "space": seeded.space,
                        "start": start.isoformat(),
                        "end": (start + timedelta(hours=1)).isoformat(),
                        "title": f"Runde {r + 1}",
                        "organiser_type": "voluntary",
                        "kind": "meeting",
                    }
                )
                barrier.wait(timeout=TIMEOUT)
                try:
                    conn.request("POST", "/api/v1/bookings", body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    outcome: int | str = response.status
                    server = response.getheader("X-Served-By", "?")
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    outcome, server = f"error: {type(exc).__name__}", "?"
                with lock:
                    results[r][outcome] += 1
                    served[server] += 1
                    if outcome == 201:
                        winners_by[server] += 1
        finally:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    from torget.booking.models import Booking

    stored = Booking.objects.filter(space_id=seeded.space).count()
    bad = [
        {"round": r + 1, **{str(k): v for k, v in c.items()}}
        for r, c in enumerate(results)
        if c[201] != 1 or c[409] != clients - 1
    ]
    return {
        "rounds": rounds,
        "clients": clients,
        "rounds_with_one_winner": rounds - len(bad),
        "bad_rounds": bad,
        "bookings_stored": stored,
        "winners_by_server": dict(winners_by),
        "requests_by_server": dict(served),
        "seconds": round(elapsed, 1),
        "ok": not bad and stored == rounds,
    }


def _last_seats(port: int, occurrence: int, r: int, clients: int, served: Counter) -> Counter:
    """One round: CLIENTS people, each from their own address, register at once."""
    barrier = threading.Barrier(clients)
    outcomes: Counter = Counter()
    lock = threading.Lock()

    def client(n: int) -> None:
        body = json.dumps({"name": f"Deltaker {n}", "email": f"r{r}-{n}@example.no"})
        barrier.wait(timeout=TIMEOUT)
        try:
            status, headers, data = request(
                port,
                "POST",
                f"/api/v1/events/{occurrence}/registrations",
                body,
                {"Content-Type": "application/json"},
                source=client_address(2, n),
            )
            outcome = json.loads(data).get("status", status) if status == 201 else str(status)
            server = headers.get("x-served-by", "?")
        except (OSError, http.client.HTTPException) as exc:
            outcome, server = f"error: {type(exc).__name__}", "?"
        with lock:
            outcomes[outcome] += 1
            served[server] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def registration_race(port: int, seeded: Seeded, clients: int, seats: int) -> dict:
    """CLIENTS people race for the last SEATS seats of each activity."""
    from django.db import connections

    from torget.events.models import Occurrence, Registration

    rounds = []
    served: Counter = Counter()
    started = time.perf_counter()
    for r, occurrence in enumerate(seeded.occurrences):
        outcomes = _last_seats(port, occurrence, r, clients, served)
        row = Occurrence.objects.get(pk=occurrence)
        confirmed = Registration.objects.filter(occurrence=row, status="confirmed")
        queue = list(
            Registration.objects.filter(occurrence=row, status="waitlisted")
            .order_by("queue")
            .values_list("queue", flat=True)
        )
        seats_confirmed = sum(confirmed.values_list("seats", flat=True))
        rounds.append(
            {
                "outcomes": dict(outcomes),
                "seats_taken": row.seats_taken,
                "seats_confirmed": seats_confirmed,
                "waitlist_gapless": queue == list(range(1, clients - seats + 1)),
                "ok": outcomes == Counter(confirmed=seats, waitlisted=clients - seats)
                and row.seats_taken == seats_confirmed == seats
                and queue == list(range(1, clients - seats + 1)),
            }
        )
    connections.close_all()
    return {
        "rounds": len(rounds),
        "clients": clients,
        "seats": seats,
        "rounds_exact": sum(r["ok"] for r in rounds),
        "bad_rounds": [r for r in rounds if not r["ok"]],
        "requests_by_server": dict(served),
        "seconds": round(time.perf_counter() - started, 1),
        "ok": all(r["ok"] for r in rounds),
    }


def rate_limit_across_servers(port: int, seeded: Seeded) -> dict:
    """One client's registrations a minute are counted together on both servers: within
    the limit all answered 201, then 429, while another client is still let in."""
    from torget.events.api import REGISTRATION_RATE

    one = client_address(3, 0)
    statuses: Counter = Counter()
    by_server: Counter = Counter()
    path = f"/api/v1/events/{seeded.limit_occurrence}/registrations"
    lock = threading.Lock()
    numbers = iter(range(REGISTRATION_RATE))
    numbers_lock = threading.Lock()

    def sender() -> None:
        while True:
            with numbers_lock:
                n = next(numbers, None)
            if n is None:
                return
            body = json.dumps({"name": f"Grense {n}", "email": f"grense{n}@example.no"})
            status, headers, _ = request(
                port, "POST", path, body, {"Content-Type": "application/json"}, source=one
            )
            with lock:
                statuses[status] += 1
                by_server[(headers.get("x-served-by", "?"), status)] += 1

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    over: list[tuple[int, str]] = []
    for n in range(2):  # once on each server, round robin
        status, headers, _ = request(
            port,
            "POST",
            path,
            json.dumps({"name": "Over", "email": f"over{n}@example.no"}),
            {"Content-Type": "application/json"},
            source=one,
        )
        over.append((status, headers.get("x-served-by", "?")))
    other, _, _ = request(
        port,
        "POST",
        path,
        json.dumps({"name": "Annen", "email": "annen@example.no"}),
        {"Content-Type": "application/json"},
        source=client_address(3, 1),
    )
    servers = {server for server, _ in by_server}
    return {
        "limit": REGISTRATION_RATE,
        "within_limit": dict(statuses),
        "over_limit": [f"{status} from {server}" for status, server in over],
        "another_client": other,
        "ok": statuses == Counter({201: REGISTRATION_RATE})
        and [status for status, _ in over] == [429, 429]
        and len(servers | {s for _, s in over}) == 2
        and other == 201,
    }


def sign_in_across_servers(port: int, seeded: Seeded, worker: bool) -> dict:
    """Ask for a link on one server, open it on the other, and be signed in on both."""
    from django.conf import settings
    from django.db import connections

    from torget.notifications.models import Message

    steps: list[str] = []
    cookies: dict[str, str] = {}

    def send(method: str, path: str, body: str | None = None, form: bool = False) -> tuple:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if form:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, answer, data = request(
            port, method, path, body, headers, source=client_address(4, 0)
        )
        for header in answer.get("set-cookie", "").split("\n"):
            name, _, rest = header.partition("=")
            if name and rest:
                cookies[name.strip()] = rest.split(";", 1)[0]
        steps.append(f"{method} {path.split('?')[0][:24]} → {status} ({answer.get('x-served-by')})")
        return status, answer, data

    _, _, page = send("GET", "/logg-inn/")
    token = TOKEN.search(page.decode())
    assert token, "the sign-in page has no CSRF token"
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "email": seeded.resident_email})
    asked, _, _ = send("POST", "/logg-inn/", form, form=True)
    # The link, from the outbox; with a worker, wait for it to send the e-mail too.
    deadline = time.monotonic() + 30
    while True:
        message = Message.objects.filter(to=seeded.resident_email).first()
        if message and (not worker or message.status == "sent"):
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    status_of_mail = message.status if message else "none"
    connections.close_all()
    link = LINK.search(message.body) if message else None
    signed_in = False
    if link:
        path = urlsplit(link.group(0)).path
        _, _, confirm = send("GET", path)
        token = TOKEN.search(confirm.decode())
        form = urlencode({"csrfmiddlewaretoken": token.group(1) if token else ""})
        opened, _, _ = send("POST", path, form, form=True)
        # The session is in the database: both servers know it.
        known = [send("GET", "/booking/mine/")[0] for _ in range(2)]
        signed_in = opened == 302 and known == [200, 200]
    servers = {step.rsplit("(", 1)[-1].rstrip(")") for step in steps}
    return {
        "steps": steps,
        "mail": status_of_mail,
        "session_cookie": settings.SESSION_COOKIE_NAME in cookies,
        "ok": asked == 302
        and signed_in
        and len(servers) == 2
        and (status_of_mail == "sent" or not worker),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="booking race rounds (20)")
    parser.add_argument("--clients", type=int, default=50, help="booking race clients (50)")
    parser.add_argument("--reg-rounds", type=int, default=5, help="registration races (5)")
    parser.add_argument("--reg-clients", type=int, default=30, help="people per race (30)")
    parser.add_argument("--seats", type=int, default=3, help="seats left per activity (3)")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL must name a PostgreSQL database (a scratch one).", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="torget-balancer-") as tmp:
        workdir = Path(tmp)
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="torget.settings",
            DEBUG="0",
            SECRET_KEY=os.environ.get("SECRET_KEY") or "balancer-" + os.urandom(24).hex(),
            ALLOWED_HOSTS="127.0.0.1",
            TORGET_TRUSTED_PROXIES="127.0.0.1",
            SECURE_COOKIES="0",
            STATIC_ROOT=str(workdir / "static"),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PYTHONUNBUFFERED="1",
        )
        env["TORGET_SITE_URL"] = "http://127.0.0.1"  # the links follow the request's host
        os.environ.update(env)
        import django

        django.setup()
        with stack(env, workdir) as running:
            log(f"balancer on {running.port}: {running.servers}, worker: {running.worker}")
            up = time.perf_counter() - started
            seeded = seed(args.rounds, args.reg_rounds, args.seats)
            log(f"booking race: {args.clients} clients, one slot, {args.rounds} rounds")
            booking = booking_race(running.port, seeded, args.clients)
            log(f"last-seats race: {args.reg_clients} people, {args.seats} seats")
            registration = registration_race(running.port, seeded, args.reg_clients, args.seats)
            log("a rate limit across both servers")
            limit = rate_limit_across_servers(running.port, seeded)
            log("a sign-in link across both servers")
            signin = sign_in_across_servers(running.port, seeded, running.worker)
    summary = {
        "servers": 2,
        "worker": running.worker,
        "start_seconds": round(up, 1),
        "booking": booking,
        "registration": registration,
        "rate_limit": limit,
        "sign_in": signin,
        "seconds": round(time.perf_counter() - started, 1),
    }
    summary["ok"] = all(part["ok"] for part in (booking, registration, limit, signin))
    if args.json:
        print(json.dumps(summary))
    else:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
