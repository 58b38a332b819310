"""`make demo PORT=8123` as a person trying Torget meets it: the server `make demo` starts
(granian, the demo's settings, the demo data), on a port of its own. A resident books a
room with the sign-in link from the demo's messages page, never the server's terminal, and
the confirmation's link to "my bookings" opens on that same port.

The commands are the Makefile's own (`make -n demo PORT=…`), run with this interpreter and
a database and static folder of the test's own.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
RESIDENT = "innbygger@torget-demo.example"


def _port() -> int:
    """8123 as in the issue, or any free port when something else holds it."""
    for port in (8123, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise AssertionError("no free port")


def _demo_commands(port: int) -> list[str]:
    """The recipe of `make demo PORT=port`, with this interpreter's tools (BIN) and
    without the installation steps (this environment is installed)."""
    printed = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-n",
            "demo",
            f"PORT={port}",
            f"BIN={Path(sys.executable).parent}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\\\n", " ")
    return [
        line
        for line in printed.splitlines()
        if line.strip() and not re.search(r"pip |-m venv|touch ", line)
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if shutil.which("make") is None:
        pytest.skip("needs make")
    folder = tmp_path_factory.mktemp("demo")
    port = _port()
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{folder / 'demo.sqlite3'}",
        STATIC_ROOT=str(folder / "static"),
        # Not the suite's: the demo's settings are the Makefile's.
        DJANGO_SETTINGS_MODULE="torget.settings",
    )
    env.pop("TORGET_SITE_URL", None)
    *prepare, serve = _demo_commands(port)
    assert "granian" in serve and f"TORGET_SITE_URL='http://127.0.0.1:{port}'" in serve
    for command in prepare:
        subprocess.run(["bash", "-c", command], cwd=ROOT, env=env, check=True, capture_output=True)
    # A session of its own: the server and its workers stop together at the end.
    server = subprocess.Popen(["bash", "-c", serve], cwd=ROOT, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/ping", timeout=5) as response:
                    assert response.status == 200
                break
            except OSError:
                assert server.poll() is None, "the demo server exited at start"
                assert time.monotonic() < deadline, "the demo server did not answer within 30 s"
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(15)


def _weekday_ahead() -> str:
    """A weekday at least two days ahead, when the demo's hubs are open at 10–12."""
    day = datetime.now(ZoneInfo("Europe/Oslo")).date() + timedelta(days=2)
    while day.weekday() > 4:
        day += timedelta(days=1)
    return day.isoformat()


def test_a_resident_books_with_the_link_from_the_demo_messages_page(demo, chromium, check_page):
    port = urlsplit(demo).port
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    context.set_default_timeout(15_000)
    page = context.new_page()

    # A room for two hours; booking it asks for a sign-in, by a link sent by e-mail.
    page.goto(f"{demo}/booking/?date={_weekday_ahead()}&start_time=10:00&end_time=12:00")
    page.locator('main a[href^="/booking/rom/"][href*="/bestill/"]').first.click()
    page.wait_for_url(re.compile(r".*/logg-inn/\?next=.*"))
    page.fill("#id_email", RESIDENT)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/logg-inn/sendt/")

    # The demo sends no e-mail: the page that says so leads to the messages it "sent".
    page.click('main a[href="/demo/meldinger/"]')
    page.wait_for_url("**/demo/meldinger/")
    check_page(page, "demo-messages")
    newest = page.locator(".dm-message").first
    expect(newest).to_contain_text(RESIDENT)
    sign_in = newest.locator('a[href*="/logg-inn/"]')
    assert sign_in.get_attribute("href").startswith(f"{demo}/logg-inn/")
    sign_in.click()
    page.click("main form button[type=submit]")  # "Logg inn": the link alone signs nobody in

    # Back at the room: book it.
    page.wait_for_url(re.compile(r".*/booking/rom/\d+/bestill/.*"))
    page.fill("#id_title", "Styremøte i Holmen vel")
    page.fill("#id_expected_participants", "6")
    page.check("#id_accept_rules")
    page.click("button[name=action][value=book]")
    page.wait_for_url(re.compile(r".*/booking/\d+/$"))

    # The confirmation, on the messages page: its link to see or cancel the booking opens
    # on the demo's own port, signed in, with the booking and its cancel link.
    page.goto(f"{demo}/demo/meldinger/?til={RESIDENT}")
    newest = page.locator(".dm-message").first
    expect(newest).to_contain_text("Styremøte i Holmen vel")
    mine = newest.locator('a[href$="/booking/mine/"]')
    assert mine.get_attribute("href") == f"{demo}/booking/mine/"
    mine.click()
    page.wait_for_url(f"{demo}/booking/mine/")
    assert urlsplit(page.url).port == port
    expect(page.locator("main")).to_contain_text("Styremøte i Holmen vel")
    expect(page.locator('main a[href$="/avbestill/"]').first).to_be_visible()
    context.close()
