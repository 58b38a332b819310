"""The seasonal round with the keyboard: an organisation's contact applies, staff compute the
proposal and confirm it, the contact reads the decision. axe checks every page; 320 px
never scrolls sideways."""

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import NARROW, fits, focused, signed_in, tab_to
from torget.core.timeutil import OSLO

pytestmark = pytest.mark.browser


@pytest.fixture
def season(site):
    from torget.accounts.models import Organisation, OrganisationContact
    from torget.accounts.tests.factories import UserFactory
    from torget.seasons.models import Round
    from torget.seasons.services import round_create_default_rules

    contact = UserFactory(username="org-sjakk", email="sjakk@example.no")
    chess = Organisation.objects.create(name="Asker sjakklubb (oppdiktet)", kind="voluntary")
    OrganisationContact.objects.create(organisation=chess, user=contact, is_primary=True)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    now = datetime.now(tz=OSLO)
    year = now.year + 1  # always a season ahead, whatever the date
    round_ = Round.objects.create(
        name=f"Faste tider {year}–{year + 1}",
        season_start=date(year, 6, 23),
        season_end=date(year + 1, 6, 21),
        opens_at=now - timedelta(days=10),
        deadline=now + timedelta(days=30),
        applicant_text="Søk innen fristen.",
    )
    round_.hubs.set([site.holmen])
    round_.spaces.set([site.hall, site.north, site.room])
    round_create_default_rules(round_)
    return round_, contact, admin


def test_apply_then_staff_propose_and_confirm_with_the_keyboard(
    chromium, live_server, transactional_db, check_page, season
):
    from torget.booking.models import Booking
    from torget.notifications.models import Message
    from torget.seasons.allocation import occurrences
    from torget.seasons.models import Allocation, Application, Round
    from torget.seasons.selectors import applicant_of

    round_, contact, admin = season
    context = signed_in(chromium, live_server, contact)
    page = context.new_page()

    page.goto(f"/sesong/{round_.pk}/")
    check_page(page, "round")
    tab_to(page, f'a[href="/sesong/{round_.pk}/sok/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/sesong/{round_.pk}/sok/")
    check_page(page, "apply")

    tab_to(page, "#id_activity")
    page.keyboard.type("Sjakk for nybegynnere")
    tab_to(page, "#id_target_group")
    page.keyboard.type("Alle som vil lære sjakk")
    tab_to(page, "#id_age_group")
    for _ in range(2):  # Barn, Ungdom: no age group is chosen beforehand
        page.keyboard.press("ArrowDown")
    tab_to(page, "#id_expected_participants")
    page.keyboard.type("14")
    tab_to(page, "#id_wish1_space")
    for _ in range(3):  # Møterom Fjorden, Storsalen, Storsalen nord
        page.keyboard.press("ArrowDown")
    tab_to(page, "#id_wish1_weekday")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # Tuesday
    tab_to(page, "#id_wish1_start")
    page.keyboard.type("18:00")
    tab_to(page, "#id_wish1_end")
    page.keyboard.type("20.00")
    tab_to(page, "#id_accept_other_spaces")
    page.keyboard.press("Space")
    tab_to(page, "form.tg-form button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r".*/sesong/soknad/\d+/$"))
    check_page(page, "receipt")
    app = Application.objects.get()
    assert (app.activity, app.expected_participants) == ("Sjakk for nybegynnere", 14)
    [wish] = app.wishes.all()
    assert (wish.space.name, wish.weekday, wish.start_time.hour) == ("Storsalen nord", 1, 18)
    expect(page.locator("main")).to_contain_text(app.reference)
    assert Message.objects.filter(template="seasons.receipt", to="sjakk@example.no").exists()
    page.set_viewport_size(NARROW)
    fits(page, "receipt")
    page.goto(f"/sesong/{round_.pk}/sok/")
    fits(page, "apply")
    context.close()

    # The deadline passes; staff compute the proposal and confirm it.
    Round.objects.filter(pk=round_.pk).update(deadline=datetime.now(tz=OSLO) - timedelta(hours=1))
    staff = signed_in(chromium, live_server, admin)
    page = staff.new_page()
    page.goto(f"/sesong/ansatt/{round_.pk}/")
    check_page(page, "proposal-empty")
    tab_to(page, f'form[action="/sesong/ansatt/{round_.pk}/beregn/"] button')
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.locator("#granted-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text("tirsdag 18:00–20:00 i Storsalen nord (Holmen)")
    expect(page.locator("main")).to_contain_text("Fikk ønske 1.")
    check_page(page, "proposal")
    tab_to(page, f'form[action="/sesong/ansatt/{round_.pk}/bekreft/"] button')
    assert focused(page, "button")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.locator(".tg-messages")).to_contain_text("Runden er vedtatt")
    check_page(page, "decided")
    page.set_viewport_size(NARROW)
    fits(page, "proposal")
    staff.close()

    alloc = Allocation.objects.get()
    assert alloc.series is not None
    weeks = occurrences(applicant_of(app), 1)
    assert Booking.objects.filter(series=alloc.series).count() == len(weeks)
    assert Message.objects.filter(template="seasons.decision").count() == 1

    context = signed_in(chromium, live_server, contact)
    page = context.new_page()
    page.goto(f"/sesong/soknad/{app.pk}/vedtak/")
    expect(page.locator("main")).to_contain_text("Dere har fått")
    check_page(page, "letter")
    context.close()
