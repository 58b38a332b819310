"""The desk screen and the kiosk in Chromium, with the keyboard only, checked by axe."""

import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 800}
PASSWORD = "demo-passord-123"  # the factories' test password


@pytest.fixture
def desk_user(site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory
    from torget.desk.services import default_topics_ensure

    default_topics_ensure()  # transactional tests flush the data migration's rows
    return UserFactory.with_role("desk-holmen", RoleKind.DESK_STAFF, hub=site.holmen)


def wait_for(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def active(page) -> dict:
    return page.evaluate(
        "({tag: document.activeElement.tagName, name: document.activeElement.name || '',"
        " value: document.activeElement.value || '', id: document.activeElement.id,"
        " text: document.activeElement.textContent.trim()})"
    )


def tab_to(page, check, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the focused element passes `check`."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if check(active(page)):
            return
    raise AssertionError(f"never reached by Tab; last: {active(page)}")


def sign_in(page, next_path: str) -> None:
    page.goto(next_path)
    page.wait_for_url("**/staff/login/**")
    page.locator("#id_username").focus()
    page.keyboard.type("desk-holmen")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == next_path)


def inquiries() -> list[tuple[str, str]]:
    from torget.desk.models import Inquiry

    return list(Inquiry.objects.order_by("pk").values_list("topic", "channel"))


def counter(page, topic: str):
    return page.locator(f'.desk-topics [data-count-for="{topic}"]')


def test_desk_taps_channel_and_undo_with_the_keyboard(page, check_page, desk_user):
    sign_in(page, "/skranke/holmen/")
    assert page.locator(".desk-topic").count() == 14
    check_page(page, "desk")

    tab_to(page, lambda el: el["name"] == "topic" and el["value"] == "tax")
    page.keyboard.press("Enter")
    wait_for(lambda: inquiries() == [("tax", "walk_in")])
    expect(counter(page, "tax")).to_have_text("1")
    expect(page.locator("#desk-announce")).not_to_be_empty()
    assert page.locator("#desk-undo").is_visible()

    # The channel: back to the radio group, arrow to "phone"; it stays chosen.
    tab_to(page, lambda el: el["name"] == "channel", backwards=True)
    page.keyboard.press("ArrowRight")
    assert active(page)["value"] == "phone"
    tab_to(page, lambda el: el["name"] == "topic" and el["value"] == "nav")
    page.keyboard.press("Space")
    wait_for(lambda: len(inquiries()) == 2)
    page.keyboard.press("Enter")  # the same button again
    wait_for(lambda: len(inquiries()) == 3)
    assert inquiries()[1:] == [("nav", "phone"), ("nav", "phone")]
    assert page.locator("[data-count-total]").inner_text() == "3"

    # Undo the last tap: Shift+Tab back to the undo button.
    tab_to(
        page,
        lambda el: el["id"] == "" and el["tag"] == "BUTTON" and el["name"] == "",
        backwards=True,
    )
    assert page.locator("#desk-undo button").evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    wait_for(lambda: len(inquiries()) == 2)
    expect(counter(page, "nav")).to_have_text("1")
    expect(page.locator("#desk-undo")).to_be_hidden()
    check_page(page, "desk-after-undo")

    # After a reload the channel is still "phone" (kept on this device).
    page.reload()
    assert page.locator('input[name="channel"]:checked').get_attribute("value") == "phone"


def test_offline_taps_wait_and_are_sent_exactly_once(page, desk_user):
    sign_in(page, "/skranke/holmen/")
    page.context.set_offline(True)
    page.locator('.desk-topic[value="housing"]').focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.locator("#desk-pending").wait_for(state="visible")
    assert inquiries() == []
    expect(counter(page, "housing")).to_have_text("2")
    queued = page.evaluate("JSON.parse(localStorage.getItem('torget.desk.queue')).length")
    assert queued == 2

    page.context.set_offline(False)
    wait_for(lambda: len(inquiries()) == 2)
    page.locator("#desk-pending").wait_for(state="hidden")
    # A reload resends whatever is left: nothing, so nothing more is counted.
    page.reload()
    page.wait_for_timeout(500)
    assert inquiries() == [("housing", "walk_in"), ("housing", "walk_in")]


def test_a_lost_answer_is_resent_and_counted_once(page, desk_user):
    """The server records the tap but the answer never arrives: the resend counts nothing."""
    sign_in(page, "/skranke/holmen/")
    # The server gets the first POST and records it; the browser never hears back.
    page.evaluate(
        """() => {
          const real = window.fetch;
          let dropped = false;
          window.fetch = function (url, options) {
            const answer = real(url, options);
            if (!dropped && options && options.method === "POST") {
              dropped = true;
              return answer.then(() => { throw new TypeError("network lost"); });
            }
            return answer;
          };
        }"""
    )
    page.locator('.desk-topic[value="tax"]').focus()
    page.keyboard.press("Enter")
    wait_for(lambda: len(inquiries()) == 1)
    page.locator("#desk-pending").wait_for(state="visible")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('torget.desk.queue')).length === 0"
    )
    assert inquiries() == [("tax", "walk_in")]


def test_desk_and_queue_reflow_at_320_px(page, check_page, desk_user):
    sign_in(page, "/skranke/holmen/")
    page.set_viewport_size(NARROW)
    for path in ["/skranke/holmen/", "/skranke/holmen/ring-tilbake/"]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} scrolls sideways at 320 px ({width} px wide)"
        check_page(page, f"narrow{path.replace('/', '-')}")


def test_kiosk_callback_with_the_keyboard_and_the_queue(page, check_page, desk_user):
    from torget.desk.models import CallbackRequest

    page.goto("/kiosk/holmen/")
    check_page(page, "kiosk")
    tab_to(
        page,
        lambda el: (
            el["tag"] == "A"
            and "ring-meg" in page.evaluate("document.activeElement.getAttribute('href')")
        ),
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/kiosk/holmen/ring-meg/")
    check_page(page, "kiosk-callback")

    # Send without consent first: the error summary names the field.
    tab_to(page, lambda el: el["name"] == "phone")
    page.keyboard.type("400 00 000")
    tab_to(page, lambda el: el["tag"] == "BUTTON" and el["text"] and el["name"] == "")
    page.keyboard.press("Enter")
    page.locator(".ds-error-summary").wait_for()
    check_page(page, "kiosk-callback-errors")
    tab_to(page, lambda el: el["name"] == "consent")
    page.keyboard.press("Space")
    tab_to(page, lambda el: el["tag"] == "BUTTON" and el["name"] == "" and el["id"] == "")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kiosk/holmen/takk/")
    check_page(page, "kiosk-thanks")
    assert CallbackRequest.objects.get().phone == "40000000"

    sign_in(page, "/skranke/holmen/ring-tilbake/")
    assert page.locator(".callback-card").count() == 1
    check_page(page, "callbacks")


def test_kiosk_resets_after_inactivity_with_a_warning(page, check_page, desk_user):
    page.clock.install()
    page.goto("/kiosk/holmen/ring-meg/")
    page.locator("#id_phone").focus()
    page.keyboard.type("400")
    page.clock.run_for(71_000)
    warning = page.locator("#kiosk-warning")
    assert warning.is_visible()
    check_page(page, "kiosk-warning")
    page.keyboard.press("Enter")  # "I am still here" has the focus
    assert warning.is_hidden()
    page.clock.run_for(60_000)
    assert page.url.endswith("/kiosk/holmen/ring-meg/"), "activity restarts the countdown"
    page.clock.run_for(31_000)
    page.wait_for_url("**/kiosk/holmen/")
    assert page.url.endswith("/kiosk/holmen/")


def test_kiosk_reflows_at_320_px(page, check_page, desk_user):
    page.set_viewport_size(NARROW)
    for path in ["/kiosk/holmen/", "/kiosk/holmen/ring-meg/", "/kiosk/holmen/takk/"]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} scrolls sideways at 320 px ({width} px wide)"
        check_page(page, f"narrow{path.replace('/', '-')}")
