"""The registration rush (QUALITY.md): PEOPLE people register for one activity, CONCURRENCY
at a time, each from their own address.

Linux answers on all of 127.0.0.0/8, so each person's connection binds its own loopback
source address before connecting: the server sees PEOPLE different clients, as it would on
the day, and a per-address rate limit counts each person once. The clients are a few
processes with threads each: one process's threads share one core's worth of GIL, and a
client that cannot keep CONCURRENCY requests in flight measures itself, not the server.

Two ways in, as people use them:
- `api`: `POST /api/v1/events/{id}/registrations` with a name and an e-mail address;
- `form`: the event's page (GET, which sets the CSRF cookie and writes the token into the
  form), the form posted with cookie and token, and the private registration page the
  answer redirects to (GET), on one keep-alive connection per person.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing
import queue
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlparse

PEOPLE = 2000
CONCURRENCY = 100
PROCESSES = 4  # × CONCURRENCY / PROCESSES threads; the machine has 2 cores
TIMEOUT = 30.0  # seconds; a request not answered by then counts as not answered
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def address(block: int, person: int) -> str:
    """Person n's own loopback address: 127.<block>.<n // 250>.<n % 250 + 1>."""
    return f"127.{block}.{person // 250}.{person % 250 + 1}"


@dataclass
class Outcome:
    """One request: how long it took (ms), its status, or why it got none."""

    what: str
    ms: float
    status: int = 0
    error: str = ""


@dataclass
class Person:
    done_at: float = 0.0
    requests: list[Outcome] = field(default_factory=list)
    ok: bool = False


class Browser:
    """One person's connection and cookies."""

    def __init__(self, port: int, source: str) -> None:
        self.conn = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=TIMEOUT, source_address=(source, 0)
        )
        self.cookies: dict[str, str] = {}

    def send(
        self, person: Person, what: str, method: str, path: str, body=None, headers=None
    ) -> tuple[int, dict[str, str], bytes] | None:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            elapsed = (time.perf_counter() - started) * 1000
            person.requests.append(Outcome(what, elapsed, error=type(exc).__name__))
            return None
        elapsed = (time.perf_counter() - started) * 1000
        person.requests.append(Outcome(what, elapsed, response.status))
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def close(self) -> None:
        self.conn.close()


def _api(port: int, occurrence: int, n: int, block: int) -> Person:
    person = Person()
    browser = Browser(port, address(block, n))
    body = json.dumps({"name": f"Deltaker {n}", "email": f"deltaker{n}@example.no"})
    answer = browser.send(
        person,
        "register",
        "POST",
        f"/api/v1/events/{occurrence}/registrations",
        body,
        {"Content-Type": "application/json"},
    )
    person.ok = answer is not None and answer[0] == 201
    browser.close()
    return person


def _form(port: int, occurrence: int, n: int, block: int) -> Person:
    person = Person()
    browser = Browser(port, address(block, n))
    try:
        page = browser.send(person, "page", "GET", f"/arrangementer/{occurrence}/")
        if page is None or page[0] != 200:
            return person
        token = TOKEN.search(page[2].decode())
        if token is None or "csrftoken" not in browser.cookies:
            person.requests[-1].error = "no CSRF token in the page"
            return person
        form = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "name": f"Deltaker {n}",
                "email": f"deltaker{n}@example.no",
                "phone": "",
                "seats": "1",
            }
        )
        posted = browser.send(
            person,
            "register",
            "POST",
            f"/arrangementer/{occurrence}/pamelding/",
            form,
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if posted is None or posted[0] != 302:
            return person
        # The browser follows the redirect to the private page: status and place in line.
        shown = browser.send(
            person, "registration page", "GET", urlparse(posted[1]["location"]).path
        )
        person.ok = shown is not None and shown[0] == 200
        return person
    finally:
        browser.close()


def _client(
    mode: str,
    port: int,
    occurrence: int,
    people: list[int],
    threads: int,
    block: int,
    ready,
    results,
) -> None:
    work: queue.Queue[int] = queue.Queue()
    for n in people:
        work.put(n)
    done: list[Person] = []
    lock = threading.Lock()
    one = _api if mode == "api" else _form

    def worker() -> None:
        while True:
            try:
                n = work.get_nowait()
            except queue.Empty:
                return
            person = one(port, occurrence, n, block)
            person.done_at = time.perf_counter()
            with lock:
                done.append(person)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    ready.wait()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    results.put(
        [(p.done_at, p.ok, [(o.what, o.ms, o.status, o.error) for o in p.requests]) for p in done]
    )


def rush(mode: str, port: int, occurrence: int, *, block: int) -> dict:
    """Run one rush; returns what the client saw (the database is checked by the caller)."""
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(PROCESSES + 1)
    results = context.Queue()
    processes = [
        context.Process(
            target=_client,
            args=(
                mode,
                port,
                occurrence,
                list(range(p, PEOPLE, PROCESSES)),
                CONCURRENCY // PROCESSES,
                block,
                ready,
                results,
            ),
        )
        for p in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    ready.wait()
    started = time.perf_counter()  # perf_counter is the same clock in forked children
    people = []
    for _ in processes:
        people += results.get(timeout=PEOPLE * TIMEOUT)
    for process in processes:
        process.join()
    elapsed = max(done for done, _ok, _r in people) - started
    requests = [r for _done, _ok, rs in people for r in rs]
    times = sorted(ms for _what, ms, _status, _error in requests)
    server_errors = sum(1 for _w, _ms, status, _e in requests if status >= 500)
    no_answer = sum(1 for _w, _ms, status, error in requests if error and not status)
    statuses: dict[str, int] = {}
    for what, _ms, status, error in requests:
        key = f"{what} {status or error}"
        statuses[key] = statuses.get(key, 0) + 1
    steps: dict[str, list[float]] = {}
    for what, ms, _status, _error in requests:
        steps.setdefault(what, []).append(ms)
    return {
        "mode": mode,
        "people": len(people),
        "registered": sum(1 for _d, ok, _r in people if ok),
        "requests": len(requests),
        "server_errors": server_errors,
        "no_answer": no_answer,
        "statuses": statuses,
        # Which step is slow, for the form: its page, the post, the page after it.
        "p99_ms_by_step": {
            what: round(statistics.quantiles(ms, n=100)[98]) for what, ms in steps.items()
        },
        "median_ms": statistics.median(times),
        "p99_ms": statistics.quantiles(times, n=100)[98],
        "seconds": elapsed,
        "people_per_second": len(people) / elapsed,
    }
