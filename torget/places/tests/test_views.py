"""Thin tests of the public pages: status, what they show, language. Rules live in selectors."""

import re
from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from torget.core.timeutil import OSLO
from torget.places.codes import Feature, HoursKind, ModuleCode, NoticeLevel
from torget.places.models import (
    Module,
    Notice,
    OpeningException,
    OpeningHoursRule,
    SpaceFeature,
)
from torget.places.tests.factories import HubFactory, SpaceFactory

# Tuesday 24 November 2026, 10:00 in Oslo: no public holiday that week.
MOMENT = datetime(2026, 11, 24, 10, 0, tzinfo=OSLO)
THURSDAY = date(2026, 11, 26)


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    """Pages ask django.utils.timezone for now and today; pin it so the texts are stable."""
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)


@pytest.fixture
def english(client):
    """Assertions on text read the English page (the Norwegian catalogue may change wording)."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def holmen_hall(db):
    hub = HubFactory.with_hours("Holmen", latitude="59.80000", longitude="10.48000")
    Module.objects.create(hub=hub, code=ModuleCode.SENIOR_CENTRE)
    hall, north, _south = SpaceFactory.hall_with_halves(hub)
    SpaceFeature.objects.create(space=hall, code=Feature.STAGE)
    Notice.objects.create(
        hub=hub,
        space=hall,
        level=NoticeLevel.WARNING,
        title="Storsalen pusses opp",
        starts=date(2026, 11, 20),
        ends=date(2026, 12, 20),
    )
    Notice.objects.create(
        hub=hub, title="Gammel melding", starts=date(2026, 1, 1), ends=date(2026, 1, 2)
    )
    OpeningException.objects.create(hub=hub, date=THURSDAY, closed=True, reason="Personaldag")
    return hub, hall, north


def html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.content.decode())
    assert match, "the page declares its language"
    return match.group(1)


def test_front_page_lists_hubs_with_open_and_closed_state(english, holmen_hall):
    thursdays_only = HubFactory(name="Tofte")
    OpeningHoursRule.objects.create(
        hub=thursdays_only, kind=HoursKind.STAFFED, weekday=3, opens=time(9), closes=time(15)
    )
    Module.objects.create(hub=thursdays_only, code=ModuleCode.BOOK_OFFER)

    response = english.get(reverse("places:home"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Holmen") < page.index("Tofte")
    assert "Open now (staffed) until 15:00" in page
    assert "Closed – opens Thursday 26 November at 09:00" in page
    assert "Senior centre" in page and "Book offer" in page  # module labels, not codes
    assert 'href="/torg/holmen/"' in page


def test_front_page_says_when_self_service_opens(english, db, monkeypatch):
    HubFactory.with_hours("Holmen")
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 24, 23, 0, tzinfo=OSLO))

    page = english.get(reverse("places:home")).content.decode()

    assert "Closed – opens tomorrow at 07:00 (self-service)" in page


def test_hub_page_shows_hours_table_notices_and_spaces(english, holmen_hall):
    hub, hall, _north = holmen_hall

    response = english.get(hub.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption>Opening hours from 24.11.2026 to 30.11.2026</caption>" in page
    assert page.count('<th scope="row">') == 7
    assert page.count('<th scope="col">') == 3
    assert "Personaldag" in page  # the exception's reason on Thursday
    assert "Storsalen pusses opp" in page
    assert 'data-color="warning"' in page
    assert "Gammel melding" not in page  # an expired notice
    assert hall.get_absolute_url() in page
    assert "Stage" in page
    assert "openstreetmap.org" in page
    assert "Meet and experience" in page  # the hall's zone


def test_unknown_hub_is_404(english, db):
    response = english.get("/torg/finnes-ikke/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_space_page_shows_facts_hours_and_its_parts(english, holmen_hall):
    hub, hall, north = holmen_hall

    response = english.get(hall.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "120 people" in page
    assert north.get_absolute_url() in page  # contains
    assert hub.get_absolute_url() in page  # back to the hub
    assert page.count('<th scope="row">') == 7

    part = english.get(north.get_absolute_url()).content.decode()
    assert "Part of" in part and hall.get_absolute_url() in part


def test_unknown_space_is_404(english, holmen_hall):
    hub, _hall, _north = holmen_hall
    assert english.get(f"/torg/{hub.slug}/rom/999999/").status_code == 404


def test_accessibility_statement_and_privacy_notice(english, db, settings):
    settings.TORGET_FEEDBACK_EMAIL = "tilbakemelding@example.no"

    statement = english.get(reverse("accessibility"))
    privacy = english.get(reverse("privacy"))

    assert statement.status_code == 200
    assert "mailto:tilbakemelding@example.no" in statement.content.decode()
    assert "uutilsynet.no" in statement.content.decode()
    assert privacy.status_code == 200
    assert "datatilsynet.no" in privacy.content.decode()
    home = english.get(reverse("places:home")).content.decode()
    assert reverse("accessibility") in home and reverse("privacy") in home


def test_language_is_bokmal_by_default_and_english_after_switching(client, db):
    assert html_lang(client.get(reverse("places:home"))) == "nb"

    switched = client.post(reverse("set_language"), {"language": "en", "next": "/personvern/"})

    assert switched.status_code == 302 and switched["Location"] == "/personvern/"
    assert html_lang(client.get(reverse("places:home"))) == "en"


def test_demo_banner_only_in_demo_mode(english, db, settings):
    banner = "Demo data: rooms, opening hours, organisations and people are invented."
    settings.TORGET_DEMO = False
    assert banner not in english.get(reverse("places:home")).content.decode()
    settings.TORGET_DEMO = True
    assert banner in english.get(reverse("places:home")).content.decode()


def test_hub_page_queries_do_not_grow_with_spaces(
    english, holmen_hall, django_assert_max_num_queries
):
    hub, _hall, _north = holmen_hall
    for n in range(10):
        space = SpaceFactory(hub=hub, name=f"Grupperom {n}")
        SpaceFeature.objects.create(space=space, code=Feature.WHITEBOARD)

    # The first request copies the places directory (a fixed number of queries, whatever
    # the number of spaces); the next ones only ask whether it is still current.
    with django_assert_max_num_queries(14):
        assert english.get(hub.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert english.get(hub.get_absolute_url()).status_code == 200


def test_server_error_page_renders_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()  # bokmål by default
    assert 'href="/"' in response.content.decode()
