"""`make bench`: build a scaled dataset, serve it with gunicorn, time each operation over HTTP.

Prints a table (median, p99, requests/s, ratio to the bare JSON endpoint measured in the
same run) and writes the same numbers as JSON under bench/results/. Set BENCH_DATABASE_URL
to run against PostgreSQL; the default is an SQLite file under var/.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def timed_get(port: int, path: str, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
        if response.status >= 400:
            raise SystemExit(f"{path} answered {response.status}")
    conn.close()
    return times


def throughput(port: int, path: str, clients: int, per_client: int) -> float:
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(lambda _: timed_get(port, path, per_client), range(clients)))
    return clients * per_client / (time.perf_counter() - start)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 100 else max(values)


def main() -> None:
    env = dict(os.environ)
    db_url = env.get("BENCH_DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    if db_url.startswith("sqlite:///"):
        Path(db_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    env.update(DATABASE_URL=db_url, SECURE_COOKIES="0", DEBUG="0", PYTHONUNBUFFERED="1")
    (ROOT / "var").mkdir(exist_ok=True)
    print(f"== building the dataset ({db_url.split('@')[-1]})", flush=True)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo")
    manage(env, "bench_dataset")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "torget.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--worker-class",
            "gthread",
            "--workers",
            "2",
            "--threads",
            "16",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                timed_get(port, "/ping", 1)
                break
            except (ConnectionError, OSError):
                time.sleep(0.1)
        monday = (datetime.now(UTC) + timedelta(days=7 - datetime.now(UTC).weekday())).date()
        window = f"free_from={quote(f'{monday}T10:00:00+01:00')}&free_to={quote(f'{monday}T12:00:00+01:00')}"
        operations = [
            ("bare Django JSON (/ping)", "/ping"),
            ("hubs with open now (GET /api/v1/hubs)", "/api/v1/hubs"),
            ("one hub, 14 days of hours (GET /api/v1/hubs/holmen)", "/api/v1/hubs/holmen"),
            ("spaces open for a 2-hour window, all hubs", f"/api/v1/spaces?{window}"),
            ("front page (HTML)", "/"),
            ("hub page (HTML)", "/torg/holmen/"),
        ]
        rows = []
        for name, path in operations:
            timed_get(port, path, 20)  # warm up both workers' caches
            samples = timed_get(port, path, REQUESTS)
            rps = throughput(port, path, CLIENTS, max(REQUESTS // CLIENTS, 10))
            rows.append(
                {
                    "operation": name,
                    "path": path,
                    "median_ms": statistics.median(samples),
                    "p99_ms": p99(samples),
                    "rps_16_clients": rps,
                }
            )
    finally:
        server.terminate()
        server.wait(10)

    bare = rows[0]["median_ms"]
    print(
        f"\n{'operation':58} {'median ms':>10} {'p99 ms':>8} {'req/s@' + str(CLIENTS):>10} {'× bare':>7}"
    )
    for row in rows:
        row["ratio_to_bare"] = row["median_ms"] / bare
        print(
            f"{row['operation']:58} {row['median_ms']:10.2f} {row['p99_ms']:8.2f} "
            f"{row['rps_16_clients']:10.0f} {row['ratio_to_bare']:7.1f}"
        )
    out = ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(
        json.dumps(
            {
                "when": datetime.now(UTC).isoformat(),
                "database": db_url.split(":")[0],
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "requests": REQUESTS,
                "clients": CLIENTS,
                "rows": rows,
            },
            indent=2,
        )
    )
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
