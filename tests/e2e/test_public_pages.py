"""A resident's walk through the public pages in Chromium, checked by axe on every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 800}


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def test_front_page_to_hub_to_space_by_links(page, check_page, site, settings):
    settings.TORGET_DEMO = True
    page.goto("/")
    assert html_lang(page) == "nb"
    # Checks go by structure, not wording: the Norwegian catalogue will change the texts.
    assert page.locator(".site-demo").is_visible(), "the demo banner says the data is invented"
    assert page.locator(".hub-card").count() == 2
    assert page.locator(".hub-card .open-state").count() == 2
    check_page(page, "home")

    page.get_by_role("link", name="Holmen", exact=True).click()
    page.wait_for_url("**/torg/holmen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Holmen"
    table = page.get_by_role("table")
    assert table.locator("tbody tr").count() == 7
    assert table.locator("th[scope=col]").count() == 3
    assert page.get_by_text("Storsalen pusses opp").is_visible()
    check_page(page, "hub")

    page.locator(".space-list").get_by_role("link", name="Storsalen", exact=True).click()
    page.wait_for_url(f"**/torg/holmen/rom/{site.hall.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Storsalen"
    assert page.get_by_role("link", name="Storsalen nord").is_visible()
    check_page(page, "space")

    footer = page.get_by_role("contentinfo")
    footer.locator(f'a[href="{reverse("accessibility")}"]').click()
    page.wait_for_url(f"**{reverse('accessibility')}")
    assert "innbyggertorg@example.no" in page.content()
    check_page(page, "accessibility")

    footer.locator(f'a[href="{reverse("privacy")}"]').click()
    page.wait_for_url(f"**{reverse('privacy')}")
    assert page.locator('a[href="https://www.datatilsynet.no/"]').is_visible()
    check_page(page, "privacy")


def test_every_page_reflows_at_320_px(page, check_page, site, settings):
    settings.TORGET_DEMO = True
    page.set_viewport_size(NARROW)
    for path in [
        "/",
        site.holmen.get_absolute_url(),
        site.hall.get_absolute_url(),
        site.north.get_absolute_url(),
        "/tilgjengelighet/",
        "/personvern/",
        "/torg/finnes-ikke/",
    ]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{path} scrolls sideways at 320 px ({width} px wide)"
        check_page(page, f"narrow{path.replace('/', '-')}")


def test_language_switch_to_english_and_back_without_javascript(
    chromium, live_server, page, check_page, site
):
    context = chromium.new_context(
        base_url=live_server.url, locale="nb-NO", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    nojs = context.new_page()
    hub_url = site.holmen.get_absolute_url()
    nojs.goto(hub_url)
    assert html_lang(nojs) == "nb"

    nojs.get_by_role("button", name="English").click()
    nojs.wait_for_url(f"**{hub_url}")
    assert html_lang(nojs) == "en", "the switch is a plain form: no JavaScript needed"
    assert nojs.get_by_role("heading", level=1).inner_text() == "Holmen"

    nojs.get_by_role("button", name="Norsk").click()
    nojs.wait_for_url(f"**{hub_url}")
    assert html_lang(nojs) == "nb"
    context.close()

    # axe needs JavaScript: check the English page in a normal browser.
    page.goto(hub_url)
    page.get_by_role("button", name="English").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    check_page(page, "hub-en")


def test_first_tab_reaches_the_skip_link(page, site):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "({cls: document.activeElement.className, href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"cls": "ds-skip-link", "href": "#main"}
    assert page.locator(".ds-skip-link").is_visible(), "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
