"""The room-use tables at 1280 px: nothing cut off (a wide table scrolls in its own container,
the page does not), and a year of imported figures only says "ikke registrert", not 0 %."""

import pytest

from tests.e2e.test_key_figures import PASSWORD, sign_in

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}


@pytest.fixture
def imported_manager(site):
    """The demo's 2023 rows for the site's hubs, and no booking at all that year."""
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory
    from torget.ledger.demo import facts_for
    from torget.ledger.services import ledger_record_many

    ledger_record_many(source="import", facts=facts_for([site.holmen, site.tofte]))
    return UserFactory.with_role("ledelse-rom", RoleKind.MANAGEMENT, password=PASSWORD)


# Every cell of the table inside its wrapper's box, or the wrapper scrolls to it.
UNCUT = """(id) => {
  const table = document.getElementById(id).closest("table");
  const wrap = table.parentElement;
  const style = getComputedStyle(wrap);
  const scrolls = ["auto", "scroll"].includes(style.overflowX);
  const fits = table.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 1;
  const inView = wrap.getBoundingClientRect().right <= window.innerWidth;
  return {fits, scrolls, inView, page: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("caption", ["kf-util-hubs-caption", "kf-util-spaces-caption"])
def test_room_use_is_not_cut_off_at_1280_and_says_not_recorded(
    page, check_page, imported_manager, caption
):
    page.set_viewport_size(WIDE)
    sign_in(page, imported_manager.username)
    page.goto("/nokkeltall/?period=year&year=2023&hub=")
    table = page.locator(f"#{caption}").locator("xpath=..")
    assert "ikke registrert" in table.inner_text()
    assert "0,0 %" not in table.inner_text()
    box = page.evaluate(UNCUT, caption)
    assert box["inView"] and box["page"] <= WIDE["width"], box
    assert box["fits"], box  # at 1280 px the whole table shows
    assert box["scrolls"], box  # and narrower, it scrolls in its own container
    table.scroll_into_view_if_needed()
    check_page(page, f"room-use-{caption}")
