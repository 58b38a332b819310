"""Meråpent, volunteering and scenarios on a 320 px phone (WCAG 1.4.10, reflow): the page
never scrolls sideways, a wide table scrolls in its own region instead, the button a row
is for stays in sight, and axe finds nothing at that width."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from tests.e2e.keyboard import NARROW, fits, signed_in

pytestmark = pytest.mark.browser


def narrow_page(chromium, live_server, user):
    context = signed_in(chromium, live_server, user)
    page = context.new_page()
    page.set_viewport_size(NARROW)
    return context, page


def in_sight(page, selector: str) -> None:
    right = page.locator(selector).first.evaluate("e => e.getBoundingClientRect().right")
    assert right <= NARROW["width"], f"{selector} ends at {right} px, out of sight at 320 px"


def test_meraapent_staff_pages_reflow(chromium, live_server, check_page, site, frozen):
    from torget.access import services
    from torget.access.models import Door, DoorKind, HubAccessPolicy
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory

    HubAccessPolicy.objects.create(
        hub=site.holmen,
        age_limit=18,
        uses_pin=True,
        agreement_text_nb="Jeg slipper ikke inn andre og følger husreglene.",
        agreement_text_en="I let nobody else in and follow the house rules.",
    )
    Door.objects.create(hub=site.holmen, label="Hovedinngang", external_id="H-1")
    room_door = Door.objects.create(
        hub=site.holmen, label="Møterom Fjorden", kind=DoorKind.ROOM, always_locked=True
    )
    room_door.spaces.add(site.room)
    desk = UserFactory.with_role("desk-e2e", RoleKind.DESK_STAFF, hub=site.holmen)
    resident = UserFactory(username="kari", first_name="Kari", last_name="Nordmann")
    agreement = services.agreement_register(
        actor=desk,
        hubs=[site.holmen],
        birth_date=date(1980, 5, 1),
        id_checked=True,
        accepted=True,
        credential="4000 5000 60",
        pin="2468",
        user=resident,
    )

    context, page = narrow_page(chromium, live_server, desk)
    # The doors and agreements tables; the remote-open button stays on the screen.
    page.goto("/ansatt/meraapent/?hub=holmen")
    fits(page, "the meråpent overview")
    in_sight(page, "form.acc-inline button")
    check_page(page, "meraapent-staff-320")
    # The agreement: its revoke reason is a textarea of 40 columns.
    page.goto(f"/ansatt/meraapent/avtale/{agreement.pk}/?hub=holmen")
    fits(page, "a meråpent agreement")
    check_page(page, "meraapent-agreement-320")
    context.close()


def test_volunteer_shifts_reflow(chromium, live_server, check_page, site, frozen):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory
    from torget.volunteering import services

    desk = UserFactory.with_role("desk-e2e", RoleKind.DESK_STAFF, hub=site.holmen)
    cafe = services.role_create(
        actor=desk, hub=site.holmen, kind="cafe", title="Kafévert", min_age=16
    )
    services.shift_create(
        actor=desk,
        role=cafe,
        weekday=1,
        start_time=time(10),
        end_time=time(12),
        people_needed=2,
        starts_on=frozen.date(),
    )
    resident = UserFactory(username="ingrid", first_name="Ingrid", email="ingrid@example.no")
    services.volunteer_save(
        user=resident,
        details=services.VolunteerDetails(
            email="ingrid@example.no", likes="Kaffe og prat", birth_date=date(1948, 5, 17)
        ),
    )

    context, page = narrow_page(chromium, live_server, resident)
    # Four columns of shifts: on a phone each shift is a block, its sign-up button in sight.
    page.goto("/frivillig/holmen/")
    fits(page, "a hub's volunteering page")
    in_sight(page, "table.vol-shifts button[type=submit]")
    check_page(page, "frivillig-holmen-320")
    page.goto("/frivillig/holmen/foresla/")
    fits(page, "the proposal form")
    check_page(page, "foresla-320")
    context.close()


def test_scenario_memo_reflows(chromium, live_server, check_page, site, frozen):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory
    from torget.scenarios.models import ChangeKind
    from torget.scenarios.services import ChangeSpec, create_scenario

    manager = UserFactory.with_role("ledelse-e2e", RoleKind.MANAGEMENT)
    scenario = create_scenario(
        actor=manager,
        name="Tofte stenger",
        starts=frozen.date() + timedelta(days=7),
        assumptions="",
        changes=[ChangeSpec(kind=ChangeKind.CLOSE, hub=site.tofte)],
        cost_per_staffed_hour=Decimal(650),
    )

    context, page = narrow_page(chromium, live_server, manager)
    page.goto("/ansatt/scenarioer/")
    fits(page, "the scenario list")
    check_page(page, "scenarioer-320")
    # The memo: its facts, its key figures and every table of figures.
    page.goto(f"/ansatt/scenarioer/{scenario.pk}/")
    fits(page, "a scenario's memo")
    for table in page.locator("main table").all():
        assert table.evaluate("t => t.closest('.sc-scroll') !== null"), "a table outside a region"
    check_page(page, "scenario-memo-320")
    context.close()
