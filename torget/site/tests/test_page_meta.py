"""What a browser and a search engine read before the page: every public page says what it
is in a meta description, carries Torget's icon, and /favicon.ico answers (no 404 in every
visitor's console). The Content-Security-Policy header is on every page."""

from datetime import datetime
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.urls import reverse

from torget.core.timeutil import OSLO

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=OSLO)


class Head(HTMLParser):
    """The meta description and the icon links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.descriptions: list[str] = []
        self.icons: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "description":
            self.descriptions.append(values.get("content") or "")
        if tag == "link" and values.get("rel") == "icon":
            self.icons.append(values.get("href") or "")


def head(html: str) -> Head:
    parsed = Head()
    parsed.feed(html)
    return parsed


@pytest.fixture
def public_pages(personas):
    """Every page a resident can open without signing in, with what it needs to show."""
    from torget.events.services import EventDetails, event_create
    from torget.places.tests.factories import SpaceFactory

    holmen = personas.holmen
    room = SpaceFactory.meeting_room(holmen)
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        event = event_create(
            actor=personas.desk_holmen,
            details=EventDetails(
                title="Digital hjelp for seniorer",
                category="digital_help",
                organiser_type="municipal",
                audience="seniors",
                capacity=3,
                registration="required",
            ),
            space=room,
            start=datetime(2026, 11, 25, 10, 0, tzinfo=OSLO),
            end=datetime(2026, 11, 25, 12, 0, tzinfo=OSLO),
        )
    occurrence = event.occurrences.get()
    return [
        reverse("places:home"),
        holmen.get_absolute_url(),
        room.get_absolute_url(),
        reverse("events:calendar"),
        reverse("events:week"),
        reverse("events:hub-calendar", kwargs={"slug": holmen.slug}),
        occurrence.get_absolute_url(),
        reverse("booking:search"),
        reverse("appointments:services"),
        reverse("consultations:index"),
        reverse("accessibility"),
        reverse("privacy"),
    ]


def test_every_public_page_has_its_own_description_and_the_icon(client, public_pages):
    seen = {}
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        for path in public_pages:
            response = client.get(path)
            assert response.status_code == 200, path
            page = head(response.content.decode())
            assert len(page.descriptions) == 1, f"{path}: {page.descriptions}"
            description = page.descriptions[0].strip()
            assert len(description) > 20, f"{path} has no real description: {description!r}"
            assert page.icons, f"{path} links no icon"
            seen[path] = description
    # The pages that have one say what they are, not only the site's default.
    default = seen[reverse("accessibility")]
    for name in ("places:home", "events:calendar", "booking:search"):
        assert seen[reverse(name)] != default, name
    assert "Digital hjelp for seniorer" in seen[public_pages[6]], "the event names itself"


def test_the_description_is_norwegian_by_default_and_english_when_chosen(client, holmen):
    norwegian = head(client.get("/").content.decode()).descriptions[0]
    client.cookies["django_language"] = "en"
    english = head(client.get("/").content.decode()).descriptions[0]
    assert "Møteplasser" in norwegian
    assert english.startswith("Meeting places")


def test_favicon_ico_leads_to_the_icon(client):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 302, "not a 404: a redirect to the static icon"
    assert response["Location"].endswith(".svg")
    assert finders.find("torget/icon.svg"), "the icon it leads to is a static file"


def test_every_page_has_the_content_security_policy(client, holmen):
    for path in ("/", holmen.get_absolute_url(), reverse("admin:login")):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
