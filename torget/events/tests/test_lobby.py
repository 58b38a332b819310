"""The lobby screen (/torg/<slug>/i-dag/): what a screen across the room shows."""

import re
from datetime import timedelta
from unittest import mock

import pytest

from torget.events import lobby, services
from torget.events.tests.conftest import NOW, at
from torget.places.codes import NoticeLevel
from torget.places.models import Notice

URL = "/torg/holmen/i-dag/"


def soon_section(html: str) -> str:
    return html.split('id="lobby-soon"', 1)[1].split("</section>", 1)[0]


def later_section(html: str) -> str:
    return html.split('id="lobby-later"', 1)[1].split("</section>", 1)[0]


def row_of(html: str, title: str) -> str:
    """The <li> holding the title."""
    start = html.rindex("<li", 0, html.index(title))
    return html[start : html.index("</li>", start)]


@pytest.fixture
def day_at_holmen(make_event):
    """Monday 23.11 at Holmen, made the day before (the booking rules want notice before the
    start): one activity over, one on now, one in the next hours, one later, one tomorrow."""
    with mock.patch("django.utils.timezone.now", return_value=at(22, 12)):
        made = {
            "yoga": make_event(title="Morgenyoga", start=at(23, 7, 30), end=at(23, 8, 30)),
            "knitting": make_event(
                title="Strikkekafé",
                registration="none",
                capacity=None,
                start=at(23, 8, 30),
                end=at(23, 10),
            ),
            "digital": make_event(title="Digital hjelp", start=at(23, 11), end=at(23, 12)),
            "homework": make_event(title="Leksehjelp", start=at(23, 15), end=at(23, 16)),
            "chess": make_event(title="Sjakkveld", start=at(24, 18), end=at(24, 20)),
        }
    return made


@pytest.fixture
def now_is_nine(frozen_now):
    return frozen_now


pytestmark = pytest.mark.usefixtures("now_is_nine")


def test_the_screen_shows_now_the_next_hours_and_later_today(client, day_at_holmen):
    html = client.get(URL).content.decode()
    assert "I dag på Holmen" in html
    assert "Mandag 23. november" in html and ">09:00</time>" in html
    soon = soon_section(html)
    assert "Strikkekafé" in soon and "Digital hjelp" in soon
    assert "Leksehjelp" in later_section(html) and "Leksehjelp" not in soon
    # Over, or another day: not on today's screen.
    assert "Morgenyoga" not in html and "Sjakkveld" not in html
    # The room and the time, in Norwegian format.
    knitting = row_of(html, "Strikkekafé")
    assert "08:30–10:00" in knitting and "Møterom Fjorden" in knitting
    assert "Bare møt opp" in knitting


def test_what_is_on_now_is_marked_in_words(client, day_at_holmen):
    html = client.get(URL).content.decode()
    knitting = row_of(html, "Strikkekafé")
    assert "lobby-row--now" in knitting and ">Nå</p>" in knitting
    digital = row_of(html, "Digital hjelp")
    assert "lobby-row--now" not in digital and ">Nå</p>" not in digital


def test_a_cancelled_activity_is_said_to_be_cancelled_and_not_on_now(
    client, day_at_holmen, personas
):
    occurrence = day_at_holmen["knitting"].occurrences.get()
    services.occurrence_cancel(
        actor=personas.desk_holmen, occurrence_id=occurrence.pk, reason="Syk"
    )
    html = client.get(URL).content.decode()
    knitting = row_of(html, "Strikkekafé")
    assert "Avlyst" in knitting and ">Nå</p>" not in knitting


def test_opening_hours_and_the_notice_of_the_day(client, day_at_holmen, holmen):
    Notice.objects.create(
        hub=holmen,
        level=NoticeLevel.WARNING,
        title="Heisen er ute av drift",
        text="Bruk rampen ved inngang B.",
        starts=NOW.date(),
        ends=NOW.date() + timedelta(days=2),
    )
    Notice.objects.create(
        hub=holmen,
        level=NoticeLevel.INFO,
        title="Gammel melding",
        starts=NOW.date() - timedelta(days=9),
        ends=NOW.date() - timedelta(days=2),
    )
    html = client.get(URL).content.decode()
    hours = html.split('id="lobby-hours"', 1)[1].split("</section>", 1)[0]
    assert "Åpent nå (betjent) til kl. 15:00" in hours
    assert "09:00–15:00" in hours and "07:00–22:00" in hours
    assert "Heisen er ute av drift" in html and "Bruk rampen ved inngang B." in html
    assert "Gammel melding" not in html


def test_a_qr_code_leads_to_the_hubs_programme(client, day_at_holmen, settings):
    settings.TORGET_SITE_URL = "https://torg.example.no/"
    html = client.get(URL).content.decode()
    svg = re.search(r"<svg [^>]*>.*?</svg>", html, re.S)
    assert svg, "an inline SVG QR code"
    assert 'role="img"' in svg.group(0) and "QR-kode til programmet på Holmen" in svg.group(0)
    assert "torg.example.no/torg/holmen/arrangementer/" in html
    # The code says the same address (segno makes the same code from the same URL).
    assert lobby.qr_svg("https://torg.example.no/torg/holmen/arrangementer/", "x").split(
        "<path", 1
    )[1] in svg.group(0)


def test_a_screen_not_a_page_nothing_to_click_nothing_inline(client, day_at_holmen, settings):
    settings.TORGET_DEMO = True
    response = client.get(URL)
    html = response.content.decode()
    for chrome in ("<nav", "<footer", "<a ", "<button", "<form", "Logg inn", "Demodata"):
        assert chrome not in html, chrome
    # Refreshes itself without inline script or style (the Content-Security-Policy).
    assert "<style" not in html and " style=" not in html and " on" not in html.split("<body")[1]
    assert re.search(r"<script src=\"[^\"]+lobby\.js\"", html)
    assert '<meta http-equiv="refresh" content="60">' in html
    assert "no-store" in response["Cache-Control"]


def test_later_today_is_counted_when_it_does_not_fit(client, make_event, monkeypatch):
    monkeypatch.setattr(lobby, "ROWS", 2)
    with mock.patch("django.utils.timezone.now", return_value=at(22, 12)):
        for hour in (10, 13, 15, 17, 19):
            make_event(title=f"Kurs kl {hour}", start=at(23, hour), end=at(23, hour, 45))
    html = client.get(URL).content.decode()
    assert "Kurs kl 10" in html and "Kurs kl 13" in html and "Kurs kl 15" not in html
    assert "3 aktiviteter til i dag: skann koden for hele programmet." in html


def test_when_the_day_is_done_the_next_activities_are_shown(client, day_at_holmen):
    with mock.patch("django.utils.timezone.now", return_value=at(23, 20)):
        html = client.get(URL).content.decode()
    assert "Ingen flere aktiviteter i dag." in html
    coming = html.split('id="lobby-coming"', 1)[1].split("</section>", 1)[0]
    assert "Sjakkveld" in coming and "Tirsdag 24. november" in coming and "18:00–20:00" in coming
    assert "Leksehjelp" not in html


def test_a_hub_that_does_not_exist_is_not_found(client, db):
    assert client.get("/torg/finnes-ikke/i-dag/").status_code == 404
