"""Citizen input in Chromium: a resident answers with the keyboard only; staff code an
answer with the keyboard shortcuts. axe finds nothing on either."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.test_desk import PASSWORD, active, tab_to

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 800}


@pytest.fixture
def consultation(site):
    from torget.consultations import services
    from torget.consultations.models import Status

    c = services.consultation_from_template(hubs=[site.holmen, site.tofte])
    return services.consultation_set_status(c, Status.OPEN)


@pytest.fixture
def quick_form(monkeypatch):
    # The form refuses answers sent within seconds of being shown (bots); a test types fast.
    monkeypatch.setattr("torget.consultations.views.MIN_FILL_SECONDS", 0)


def test_resident_answers_with_the_keyboard_only(page, check_page, consultation, quick_form):
    from torget.consultations.models import Answer, Identity, Response

    page.goto(f"/medvirkning/{consultation.slug}/")
    check_page(page, "form")
    tab_to(page, lambda el: el["tag"] == "TEXTAREA")
    first = active(page)["name"]
    page.keyboard.type("Holmen må bestå. Seniorsenteret er en gave, og de ansatte er gull.")
    tab_to(page, lambda el: el["tag"] == "TEXTAREA" and el["name"] != first)
    page.keyboard.type("Flere kurs på kveldstid.")
    tab_to(page, lambda el: el["tag"] == "BUTTON" and el["text"] == "Send svaret ditt")
    page.keyboard.press("Enter")
    page.wait_for_url("**/takk/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for innspillet ditt")
    check_page(page, "thanks")
    response = Response.objects.get()
    assert response.channel == "web"
    assert not Identity.objects.exists()  # anonymous unless a name is given
    texts = list(Answer.objects.order_by("question__order").values_list("text", flat=True))
    assert texts[0].startswith("Holmen må bestå")
    # The private link opens the answer for changes, also with the keyboard.
    tab_to(page, lambda el: el["tag"] == "A" and "/medvirkning/endre/" in el["text"])
    page.keyboard.press("Enter")
    page.wait_for_url("**/medvirkning/endre/**")
    expect(page.locator("textarea").first).to_have_value(texts[0])


def test_form_on_the_kiosk_at_320px(page, check_page, consultation, site, quick_form):
    page.set_viewport_size(NARROW)
    page.goto(f"/kiosk/{site.holmen.slug}/medvirkning/{consultation.slug}/")
    check_page(page, "kiosk")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"]


def test_staff_codes_an_answer_with_shortcuts(page, check_page, consultation, site):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory
    from torget.consultations import services
    from torget.consultations.models import Answer, CodingStatus

    UserFactory.with_role("desk-holmen", RoleKind.DESK_STAFF, hub=site.holmen)
    first_q, second_q = list(consultation.questions.all())[:2]
    services.response_submit(
        consultation, {first_q.pk: "Eldresenteret på Holmen betyr alt for meg."}
    )
    services.response_submit(consultation, {second_q.pk: "Flere konserter, takk."})
    answer = Answer.objects.get(question=first_q)

    path = f"/medvirkning/stab/{consultation.slug}/koding/"
    page.goto(path)
    page.wait_for_url("**/staff/login/**")
    page.locator("#id_username").focus()
    page.keyboard.type("desk-holmen")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == path)
    check_page(page, "coding")
    row = page.locator('tr[data-theme="senior"]')
    expect(row).to_contain_text("eldresenteret")  # the suggestion says why

    # 6 = yes to "Verdsatte kommunale medarbeidere" (not suggested); Shift+5 = no to senior.
    page.keyboard.press("6")
    expect(page.locator('tr[data-theme="ansatte"] .consult-theme__status')).to_have_text(
        "Bekreftet"
    )
    page.keyboard.press("Shift+5")
    expect(page.locator('tr[data-theme="senior"] .consult-theme__status')).to_have_text(
        "Ikke dette temaet"
    )
    page.keyboard.press("a")  # done; the next answer comes up
    expect(page.locator(".consult-coding__text")).to_have_text("Flere konserter, takk.")
    answer.refresh_from_db()
    assert answer.coded
    status = {c.code.key: c.status for c in answer.codings.all()}
    assert status["ansatte"] == CodingStatus.CONFIRMED
    assert status["senior"] == CodingStatus.REJECTED
    check_page(page, "coding-next")
