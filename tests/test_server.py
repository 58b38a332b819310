"""The production server (granian, as docs/deploy.md and `make demo` start it) serves Torget:
the browser tests use Django's live server, so this is where granian itself is started."""

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_granian_serves_torget_as_deployed(tmp_path):
    port = _free_port()
    env = dict(
        os.environ,
        SECRET_KEY="server-test-" + "x" * 40,
        DEBUG="0",
        TORGET_SITE_URL=f"http://127.0.0.1:{port}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    # The pages asked for here read no table; an empty database keeps the server off the
    # suite's own.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    # As docs/deploy.md says: collect the static files, then start the server. Without
    # DEBUG, every page (the 404 page too) names its files by their hashed names.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1"),
            *("--port", str(port), "--workers", "2", "--blocking-threads", "4", "--no-ws"),
            *("--log-level", "warning", "torget.wsgi:application"),
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = _get(port, "/ping")
                break
            except OSError:
                assert server.poll() is None, "granian exited at start"
                assert time.monotonic() < deadline, "granian did not answer within 30 s"
                time.sleep(0.2)
        assert (status, json.loads(body)) == (200, {"ok": True})
        status, body = _get(port, "/api/v1/openapi.json")
        assert status == 200 and json.loads(body)["info"]["title"]
        # The bare insert exists only for `make bench`.
        status, body = _get(port, "/ping/insert")
        assert status == 404
        # The 404 page is a whole page: its stylesheet comes from the collected files.
        stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body)
        assert stylesheet, "the front page links no stylesheet"
        status, css = _get(port, stylesheet.group(1).decode())
        assert status == 200 and b"{" in css
    finally:
        server.terminate()
        server.wait(10)
