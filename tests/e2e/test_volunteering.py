"""A resident signs up for a volunteer shift at Holmen and proposes an activity, with the
keyboard only (Tab and Enter, no clicks); axe finds nothing on the public pages, the staff
volunteers page and the agreement pages."""

from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.keyboard import signed_in, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def centre(site, frozen):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import OrganisationFactory, UserFactory
    from torget.volunteering import services

    desk = UserFactory.with_role("desk-e2e", RoleKind.DESK_STAFF, hub=site.holmen)
    leader = UserFactory.with_role("leader-e2e", RoleKind.HUB_LEADER, hub=site.holmen)
    resident = UserFactory(username="ingrid", first_name="Ingrid", email="ingrid@example.no")
    cafe = services.role_create(
        actor=desk, hub=site.holmen, kind="cafe", title="Kafévert", min_age=16
    )
    shift = services.shift_create(
        actor=desk,
        role=cafe,
        weekday=1,
        start_time=time(10),
        end_time=time(12),
        people_needed=2,
        starts_on=frozen.date(),
    )
    services.volunteer_save(
        user=resident,
        details=services.VolunteerDetails(
            email="ingrid@example.no", likes="Kaffe og prat", birth_date=date(1948, 5, 17)
        ),
    )
    chess = OrganisationFactory(name="Asker sjakklubb (oppdiktet)")
    agreement = services.agreement_create(
        actor=leader,
        terms=services.AgreementTerms(
            organisation=chess,
            hubs=[site.holmen],
            starts=frozen.date() - timedelta(days=30),
            ends=frozen.date() + timedelta(days=300),
            activities_per_season=30,
            hub_volunteering="Sjakkverter på lørdager",
        ),
    )
    services.agreement_activate(actor=leader, agreement_id=agreement.pk, signed_on=frozen.date())
    return desk, leader, resident, shift, chess, agreement


def test_a_resident_signs_up_and_proposes_with_the_keyboard(
    chromium, live_server, check_page, centre
):
    from torget.volunteering.models import Initiative, SignUp

    _desk, _leader, resident, shift, _chess, _agreement = centre
    context = signed_in(chromium, live_server, resident)
    page = context.new_page()
    page.goto("/frivillig/holmen/")
    check_page(page, "bli-frivillig")

    # The first Tuesday's shift: Tab to its button, Enter.
    tab_to(page, f'button[aria-describedby="shift-{shift.pk}-20261124"]')
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_role("alert").or_(page.locator(".ds-alert")).first).to_be_visible()
    assert SignUp.objects.filter(volunteer__user=resident, status="confirmed").count() == 1
    check_page(page, "signed-up")

    # Propose an activity: from the hub's page, by Tab and Enter.
    tab_to(page, 'a[href="/frivillig/holmen/foresla/"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/frivillig/holmen/foresla/")
    check_page(page, "foresla")
    tab_to(page, "#id_title")
    page.keyboard.type("Jeg vil starte en sjakkveld på torsdager")
    tab_to(page, "#id_text")
    page.keyboard.type("Brett har jeg.")
    tab_to(page, "form.vol-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/frivillig/holmen/foresla/takk/")
    check_page(page, "takk")
    initiative = Initiative.objects.get()
    assert initiative.proposer == resident and initiative.title.startswith("Jeg vil starte")

    page.goto("/frivillig/mine/")
    check_page(page, "mine")
    context.close()


def test_staff_and_public_agreement_pages_pass_axe(chromium, live_server, check_page, centre):
    _desk, leader, _resident, _shift, chess, agreement = centre
    context = signed_in(chromium, live_server, leader)
    page = context.new_page()
    for url in (
        "/ansatt/frivillige/",
        "/ansatt/avtaler/",
        f"/ansatt/avtaler/{agreement.pk}/",
        "/ansatt/avtaler/ny/",
    ):
        page.goto(url)
        check_page(page, url.strip("/").replace("/", "-"))
    context.close()
    public = chromium.new_context(base_url=live_server.url, locale="nb-NO")
    page = public.new_page()
    page.goto(f"/organisasjoner/{chess.pk}/")
    expect(page.get_by_text("Sjakkverter på lørdager")).to_be_visible()
    check_page(page, "organisasjon")
    page.goto("/frivillig/")
    check_page(page, "frivillig")
    public.close()
