"""Browser tests: the real server (pytest-django's live_server), Debian's Chromium, axe.

Every test here is marked `browser` and skipped, with a message saying why, when
/usr/bin/chromium is missing. Set TORGET_SCREENSHOTS=/some/dir to keep a PNG of each page
a test checks (handy when changing templates).

Every browser context the tests open watches for Content-Security-Policy violations (the
`securitypolicyviolation` event and Chromium's console message); a test during which any
page saw one fails, so inline code cannot creep back in. The policy refuses eval too, which
Playwright needs for a string expression: give wait_for_function a function, "() => ...".
"""

import os
import re
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest

from tests.e2e.keyboard import NOW

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; Django's ORM then refuses to run
# unless told that this is fine (the live server answers from its own thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# Runs in every page and frame before the page's own scripts: reports each violation to the
# test through a binding (Playwright's bindings and evaluate() are not subject to the CSP).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__torgetCspViolation(
    `${e.effectiveDirective} refused ${e.blockedURI || "inline"} on ${e.documentURI}` +
    ` (${e.sourceFile || "?"}:${e.lineNumber}) ${e.sample || ""}`
  );
});
"""


class CspWatch:
    """What the CSP refused in the current test, in any page of any context."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def watch(self, context) -> None:
        context.expose_binding("__torgetCspViolation", lambda _source, text: self.seen.append(text))
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.seen.append(f"console: {message.text}")


CSP = CspWatch()


class WatchedBrowser:
    """The browser, but every new context reports CSP violations to CSP."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        CSP.watch(context)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def no_csp_violations():
    """Fails the test when any page it opened broke the Content-Security-Policy."""
    CSP.seen.clear()
    yield
    seen, CSP.seen[:] = list(CSP.seen), []
    assert not seen, "Content-Security-Policy violations:\n" + "\n".join(seen)


@pytest.fixture
def page(chromium, live_server, transactional_db):
    # A Norwegian browser: with Chromium's default en-US, Django's LocaleMiddleware would
    # honour Accept-Language and answer in English.
    context = chromium.new_context(
        viewport={"width": 1280, "height": 900}, base_url=live_server.url, locale="nb-NO"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def check_page(axe, request):
    """check_page(page): axe (WCAG 2.1 A/AA) finds nothing; optionally keep a screenshot."""
    shots = os.environ.get("TORGET_SCREENSHOTS")

    def check(page, label: str = "") -> None:
        page.wait_for_load_state("load")
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        if shots:
            width = page.viewport_size["width"] if page.viewport_size else 0
            name = label or re.sub(r"[^a-z0-9]+", "-", page.url.split("//", 1)[-1].lower())
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{shots}/{request.node.name}-{name}-{width}.png", full_page=True)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def site(transactional_db):
    """Holmen with hours, a hall with halves, a meeting room, features and notices; and Tofte."""
    from datetime import timedelta
    from decimal import Decimal

    from torget.core.timeutil import today
    from torget.places.codes import Feature, ModuleCode, NoticeLevel, Zone
    from torget.places.models import Module, Notice, SpaceFeature
    from torget.places.tests.factories import HubFactory, SpaceFactory

    holmen = HubFactory.with_hours(
        "Holmen",
        address="Holmensenteret, Vollenveien 2",
        postal_code="1390",
        postal_town="Vollen",
        latitude=Decimal("59.80000"),
        longitude=Decimal("10.48000"),
        description="Bibliotek, seniorsenter og møterom under samme tak.",
        directions="Buss 285 til Holmen senter. Parkering i kjelleren.",
        entrance_accessibility="Automatisk dør ved hovedinngangen. Heis til alle etasjer.",
        step_free_entrance=True,
        hearing_loop=True,
        accessible_toilet=True,
        phone="66 00 00 00",
        email="holmen@example.no",
        is_demo=True,
    )
    for code in (ModuleCode.CITIZEN_SERVICE, ModuleCode.LIBRARY, ModuleCode.SENIOR_CENTRE):
        Module.objects.create(hub=holmen, code=code)
    hall, north, _south = SpaceFactory.hall_with_halves(holmen)
    room = SpaceFactory.meeting_room(holmen, floor="2. etasje", zone=Zone.FOCUS_WORK)
    workshop = SpaceFactory(
        hub=holmen, name="Verkstedet", zone=Zone.ACTIVE_CREATIVE, capacity=8, kind="studio"
    )
    for space, code in [
        (hall, Feature.STAGE),
        (hall, Feature.SOUND_SYSTEM),
        (hall, Feature.PIANO),
        (room, Feature.VIDEO_CONFERENCE),
        (room, Feature.WHITEBOARD),
        (workshop, Feature.SINK),
    ]:
        SpaceFeature.objects.create(space=space, code=code)
    Notice.objects.create(
        hub=holmen,
        space=hall,
        level=NoticeLevel.WARNING,
        title="Storsalen pusses opp",
        text="Bruk Møterom Fjorden i mellomtiden.",
        starts=today(),
        ends=today() + timedelta(days=14),
    )
    Notice.objects.create(
        hub=holmen,
        level=NoticeLevel.INFO,
        title="Ny kaffemaskin i kafeen",
        starts=today() - timedelta(days=1),
        ends=today() + timedelta(days=3),
    )
    tofte = HubFactory.with_hours("Tofte", address="Tofteveien 1", postal_town="Tofte")
    Module.objects.create(hub=tofte, code=ModuleCode.BOOK_OFFER)
    return SimpleNamespace(holmen=holmen, tofte=tofte, hall=hall, north=north, room=room)


@pytest.fixture
def frozen():
    """ "Now" is Monday 23 November 2026, 09:00 in Oslo, in the test and the live server."""
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW
