"""The main pages under the Content-Security-Policy, each as the person who uses it: the
public pages and the kiosk as anyone, the desk screen with its offline queue as desk staff,
the key figures as management, the back office (changelist, change form with date widgets
and filter_horizontal, delete confirmation) as an administrator.

conftest.py fails any test that saw a CSP violation; this one also requires a clean console
(no error, no failed request: a 404 for /favicon.ico used to be in every visitor's)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import signed_in
from torget.core.timeutil import OSLO

pytestmark = pytest.mark.browser


class Console:
    """Console errors, uncaught exceptions and failed requests of every page in a context."""

    def __init__(self, context) -> None:
        self.problems: list[str] = []
        self.offline = False
        context.on("console", self._message)
        context.on("weberror", lambda error: self.problems.append(f"exception: {error.error}"))
        context.on("response", self._response)

    def _message(self, message) -> None:
        if message.type != "error":
            return
        if self.offline and "ERR_INTERNET_DISCONNECTED" in message.text:
            return  # the desk screen's queue is meant to meet a dead network
        self.problems.append(
            f"console on {message.page.url if message.page else '?'}: {message.text}"
        )

    def _response(self, response) -> None:
        if response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")

    def visit(self, page, path: str) -> None:
        response = page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        page.wait_for_load_state("load")
        href = page.locator('link[rel="icon"]').get_attribute("href", timeout=1000)
        assert href, f"{path} links no icon"
        fetched = page.request.get(href)
        assert fetched.ok and "svg" in fetched.headers["content-type"], f"{path}: icon {href}"

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def user(username: str, role: str | None = None, hub=None, **fields):
    from torget.accounts.tests.factories import UserFactory

    if role is None:
        return UserFactory(username=username, **fields)
    return UserFactory.with_role(username, role, hub=hub)


@pytest.fixture
def event(site, frozen):
    from torget.accounts.models import RoleKind
    from torget.events.services import EventDetails, event_create

    organiser = user("arrangor-holmen", RoleKind.DESK_STAFF, hub=site.holmen)
    created = event_create(
        actor=organiser,
        details=EventDetails(
            title="Strikkekafé",
            category="digital_help",
            organiser_type="municipal",
            audience="seniors",
            capacity=10,
            registration="required",
        ),
        space=site.room,
        start=datetime(2026, 11, 25, 10, 0, tzinfo=OSLO),
        end=datetime(2026, 11, 25, 12, 0, tzinfo=OSLO),
    )
    return created.occurrences.get()


def test_public_pages_and_the_kiosk_run_clean(page, site, event):
    console = Console(page.context)
    for path in [
        "/",
        site.holmen.get_absolute_url(),
        site.hall.get_absolute_url(),
        "/arrangementer/",
        "/arrangementer/uke/",
        event.get_absolute_url(),
        "/booking/",
        f"/booking/rom/{site.room.pk}/",
        "/timeavtaler/",
        "/medvirkning/",
        "/tilgjengelighet/",
        "/personvern/",
        "/kiosk/holmen/",
        "/kiosk/holmen/ring-meg/",
        "/torg/holmen/i-dag/",  # the lobby screen: its own base template links the icon too
    ]:
        console.visit(page, path)
    # Browsers ask for /favicon.ico on their own; it leads to the icon.
    favicon = page.request.get("/favicon.ico")
    assert favicon.ok and "svg" in favicon.headers["content-type"]
    console.assert_clean()


def test_desk_screen_and_its_offline_queue_run_clean(chromium, live_server, site):
    from torget.accounts.models import RoleKind
    from torget.desk.models import Inquiry
    from torget.desk.services import default_topics_ensure

    default_topics_ensure()  # transactional tests flush the data migration's rows
    desk = user("desk-holmen", RoleKind.DESK_STAFF, hub=site.holmen)
    context = signed_in(chromium, live_server, desk)
    console = Console(context)
    page = context.new_page()
    for path in ["/ansatt/", "/booking/ansatte/holmen/", "/skranke/holmen/"]:
        console.visit(page, path)

    console.offline = True
    context.set_offline(True)
    page.locator('.desk-topic[value="housing"]').click()
    page.locator("#desk-pending").wait_for(state="visible")
    context.set_offline(False)
    page.locator("#desk-pending").wait_for(state="hidden")
    console.offline = False
    for _ in range(50):  # the answer may reach the page before the test's connection sees it
        if Inquiry.objects.exists():
            break
        page.wait_for_timeout(100)
    assert Inquiry.objects.count() == 1, "the queued tap is sent once back online"
    context.close()
    console.assert_clean()


def test_key_figures_run_clean(chromium, live_server, site):
    from torget.accounts.models import RoleKind

    manager = user("ledelse", RoleKind.MANAGEMENT)
    context = signed_in(chromium, live_server, manager)
    console = Console(context)
    page = context.new_page()
    console.visit(page, "/nokkeltall/")
    context.close()
    console.assert_clean()


def test_back_office_runs_clean(chromium, live_server, site):
    from torget.booking.models import BlockedPeriod
    from torget.places.models import Notice

    admin = user("admin", is_staff=True, is_superuser=True)
    start = datetime(2026, 12, 24, 8, 0, tzinfo=OSLO)
    blocked = BlockedPeriod.objects.create(
        reason="Juleavslutning", start=start, end=start + timedelta(hours=10), created_by=admin
    )
    blocked.spaces.add(site.hall)
    notice = Notice.objects.first()
    context = signed_in(chromium, live_server, admin)
    console = Console(context)
    page = context.new_page()
    for path in [
        "/staff/",
        "/staff/booking/blockedperiod/",
        f"/staff/booking/blockedperiod/{blocked.pk}/change/",
    ]:
        console.visit(page, path)

    # The add form's widgets: the calendar and clock shortcuts, filter_horizontal's boxes.
    console.visit(page, "/staff/booking/blockedperiod/add/")
    page.locator("#calendarlink0").click()
    calendar = page.locator("#calendarbox0")
    expect(calendar).to_be_visible()
    calendar.locator("td.today a, td a").first.click()
    expect(page.locator("#id_start_0")).not_to_have_value("")
    page.locator("#clocklink0").click()
    page.locator("#clockbox0 a").first.click()
    expect(page.locator("#id_start_1")).not_to_have_value("")
    page.locator("#id_spaces_add_all").click()
    assert page.locator("#id_spaces_to option").count() >= 1

    console.visit(page, f"/staff/places/notice/{notice.pk}/change/")
    console.visit(page, f"/staff/places/notice/{notice.pk}/delete/")
    page.locator('input[type="submit"]').click()
    page.wait_for_url("**/staff/places/notice/")
    assert not Notice.objects.filter(pk=notice.pk).exists()
    context.close()
    console.assert_clean()
