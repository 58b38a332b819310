"""The privacy notice says what Torget keeps, why and for how long, from the registry of
personal data the daily purge runs (torget.core.personal_data): a kind that is registered
but missing from the notice, or a period that changed in the settings but not on the page,
fails here."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy

from torget.core import personal_data

pytestmark = pytest.mark.django_db


def notice(client, language: str) -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_registered_kind_is_on_the_notice_with_why_and_how_long(client, language):
    page = notice(client, language)
    with translation.override(language):
        for kind in personal_data.kinds():
            assert kind.purpose, f"{kind.name} registers no purpose for the notice"
            for text in (kind.description, kind.purpose, kind.period_text()):
                assert escape(str(text)) in page, f"{kind.name}: {text!r} is not on the notice"


def test_the_notice_names_answers_appointments_and_callback_numbers(client):
    page = notice(client, "nb")
    assert "Svar på innbyggermedvirkning" in page  # kept without names, with the case
    assert "til 90 dager etter at høringen lukkes" in page  # the names respondents gave
    assert "180 dager etter timen" in page  # appointments
    assert "30 dager etter forespørselen" in page  # callback phone numbers
    assert "3 år uten innlogging" in page
    english = notice(client, "en")
    assert "until 90 days after the consultation closes" in english
    assert "Requests to be called back" in english


def test_a_period_on_the_notice_follows_its_setting(client, settings):
    settings.TORGET_CALLBACK_RETENTION_DAYS = 45
    settings.TORGET_INACTIVE_ACCOUNT_DAYS = 730
    settings.TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS = 1000
    settings.SESSION_COOKIE_AGE = 7 * 24 * 3600
    page = notice(client, "nb")
    assert "45 dager etter forespørselen" in page
    assert "30 dager etter forespørselen" not in page
    assert "2 år uten innlogging" in page
    assert "til 1\u202f000 dager etter at høringen lukkes" in page  # a Norwegian number
    assert "varer i 7 dager" in page  # the session cookie
    english = notice(client, "en")
    assert "45 days after the request" in english and "2 years without signing in" in english


def test_a_newly_registered_kind_appears_without_touching_the_notice(client):
    kind = personal_data.register(
        "core.test_kind",
        model="accounts.User",
        fields=("email",),
        description=gettext_lazy("Test records: an e-mail address."),
        purpose=gettext_lazy("To test the notice."),
        retention="TORGET_OUTBOX_RETENTION_DAYS",
        erase=lambda days: 0,
    )
    try:
        page = notice(client, "en")
    finally:
        personal_data._KINDS.pop(kind.name)
    assert "Test records: an e-mail address." in page and "To test the notice." in page


def test_the_cookies_are_named_with_their_lifetimes(client):
    page = notice(client, "nb")
    assert "<strong>sessionid</strong> (øktkapselen)" in page and "varer i 14 dager" in page
    assert "<strong>csrftoken</strong> (sikkerhetskapselen)" in page
    assert "<strong>django_language</strong>" in page  # goes when the browser closes
    assert "Den forsvinner når du lukker nettleseren" in page
    english = notice(client, "en")
    assert "Limits against misuse" in english and "Server logs" in english


def test_private_parties_as_the_booking_rules_say(client):
    """The notice said paid private events were allowed; the rules allow no private party
    unless a hub says so. A private actor (a business) may book for a fee."""
    english = notice(client, "en")
    assert "not let for private parties" in english
    assert "private event for a fee" not in english
    assert "ikke ut til private fester" in notice(client, "nb")


def test_the_notice_is_public_and_has_no_inline_code(client):
    page = notice(client, "nb")  # no one signed in
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "<style" not in page and " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)
