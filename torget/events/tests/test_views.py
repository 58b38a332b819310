"""The public calendar, an event's page, registration by the form, the feeds (the lobby
screen: test_lobby.py)."""

import json
import re
from decimal import Decimal

import pytest
from icalendar import Calendar

from torget.events import services
from torget.events.models import Registration
from torget.events.tests.conftest import at
from torget.notifications.models import Message

pytestmark = pytest.mark.usefixtures("frozen_now")


@pytest.fixture
def week_of_events(make_event, personas, tofte):
    from torget.places.tests.factories import SpaceFactory

    seniors = make_event(
        title="Digital hjelp for seniorer", capacity=2, description="Ta med mobilen."
    )
    chess = make_event(
        title="Sjakkveld",
        category="meeting_place",
        audience="everyone",
        registration="none",
        capacity=None,
        start=at(26, 18),
        end=at(26, 20),
    )
    dinner = make_event(
        title="Seniorsenterets middag",
        category="meal",
        fee=Decimal("95"),
        capacity=30,
        start=at(23, 13),
        end=at(23, 14),
    )
    youth = make_event(
        title="Gaming for ungdom",
        category="culture",
        audience="youth",
        min_age=13,
        max_age=18,
        registration="none",
        capacity=None,
        start=at(24, 16),
        end=at(24, 18),
    )
    tofte_room = SpaceFactory.meeting_room(tofte, name="Tofterommet")
    services.event_create(
        actor=personas.admin,
        details=services.EventDetails(
            title="Allsang på Tofte", category="culture", organiser_type="voluntary"
        ),
        space=tofte_room,
        start=at(25, 11),
        end=at(25, 12),
    )
    return {"seniors": seniors, "chess": chess, "dinner": dinner, "youth": youth}


def occurrence_of(event):
    return event.occurrences.get()


def test_the_calendar_lists_the_week_by_norwegian_date(client, week_of_events):
    html = client.get("/arrangementer/").content.decode()
    assert "I dag, mandag 23. november" in html
    assert "I morgen, tirsdag 24. november" in html
    assert "Onsdag 25. november" in html
    for title in (
        "Digital hjelp for seniorer",
        "Sjakkveld",
        "Seniorsenterets middag",
        "Allsang på Tofte",
    ):
        assert title in html
    assert html.index("Seniorsenterets middag") < html.index("Gaming for ungdom")
    assert "2 plasser igjen" in html and "Bare møt opp" in html and "kr\xa095" in html


def test_filters_and_search(client, week_of_events):
    html = client.get("/arrangementer/?audience=seniors").content.decode()
    assert "Digital hjelp for seniorer" in html
    assert "Sjakkveld" in html  # for everyone, seniors included
    assert "Gaming for ungdom" not in html
    html = client.get("/arrangementer/?hub=tofte").content.decode()
    assert "Allsang på Tofte" in html and "Sjakkveld" not in html
    html = client.get("/arrangementer/?free=1").content.decode()
    assert "Seniorsenterets middag" not in html and "Sjakkveld" in html
    html = client.get("/arrangementer/?q=mobilen").content.decode()
    assert "Digital hjelp for seniorer" in html and "Sjakkveld" not in html
    html = client.get("/arrangementer/?category=meal").content.decode()
    assert "Seniorsenterets middag" in html and "Sjakkveld" not in html
    html = client.get("/torg/holmen/arrangementer/").content.decode()
    assert "Sjakkveld" in html and "Allsang på Tofte" not in html
    # Rubbish in the query never breaks the page.
    for query in ("date=31.02.2026", "hub=nowhere", "audience=x", "date=" + "9" * 50):
        assert client.get(f"/arrangementer/?{query}").status_code == 200


def test_the_week_view_has_seven_days(client, week_of_events):
    response = client.get("/arrangementer/uke/?date=2026-11-25")
    html = response.content.decode()
    assert response.status_code == 200
    assert "uke 48" in html
    assert "Søndag 29. november" in html and "Sjakkveld" in html
    assert "Ingenting på programmet." in html  # the weekend


def test_the_event_page_has_schema_org_json_ld(client, week_of_events):
    occurrence = occurrence_of(week_of_events["dinner"])
    html = client.get(f"/arrangementer/{occurrence.pk}/").content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["name"] == "Seniorsenterets middag"
    assert data["startDate"] == "2026-11-23T13:00:00+01:00"
    assert data["location"]["name"].endswith("Holmen")
    assert data["offers"]["price"] == "95.00"
    assert "Egenandel: kr\xa095" in html


def test_register_by_the_form_then_waitlist_then_cancel_by_the_link(client, week_of_events):
    occurrence = occurrence_of(week_of_events["seniors"])
    url = f"/arrangementer/{occurrence.pk}/pamelding/"
    response = client.post(url, {"name": "Kari", "email": "kari@example.no", "seats": "2"})
    assert response.status_code == 302
    kari_page = response["Location"]
    assert "Du er påmeldt 2 plasser." in client.get(kari_page).content.decode()
    response = client.post(url, {"name": "Ola", "phone": "912 34 567", "seats": "1"})
    page = client.get(response["Location"]).content.decode()
    assert "nummer 1 på ventelisten" in page
    # Kari cancels with the link: Ola gets the place and a message.
    client.post(kari_page)
    assert Registration.objects.get(name="Ola").status == "confirmed"
    assert Message.objects.filter(template="event.promoted", to="912 34 567").exists()
    assert "avmeldt" in client.get(kari_page).content.decode().lower()


def test_a_bad_registration_shows_the_errors_and_writes_nothing(client, week_of_events):
    occurrence = occurrence_of(week_of_events["seniors"])
    response = client.post(
        f"/arrangementer/{occurrence.pk}/pamelding/", {"name": "", "seats": "99"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="error-summary"' in html and 'href="#id_name"' in html
    response = client.post(
        f"/arrangementer/{occurrence.pk}/pamelding/", {"name": "Kari", "seats": "1"}
    )
    assert "Oppgi en e-postadresse eller et mobilnummer." in response.content.decode()
    assert not Registration.objects.exists()
    assert client.get("/arrangementer/pamelding/nonsense/").status_code == 404
    assert client.get("/arrangementer/999999/").status_code == 404


def test_drop_in_has_no_form(client, week_of_events):
    occurrence = occurrence_of(week_of_events["chess"])
    html = client.get(f"/arrangementer/{occurrence.pk}/").content.decode()
    assert "Ingen påmelding: bare møt opp." in html
    assert 'name="seats"' not in html


def test_feeds_parse(client, week_of_events):
    response = client.get("/hubs/holmen/events.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    summaries = {str(e["summary"]) for e in cal.walk("VEVENT")}
    assert "Sjakkveld" in summaries and "Allsang på Tofte" not in summaries
    occurrence = occurrence_of(week_of_events["chess"])
    [one] = Calendar.from_ical(
        client.get(f"/arrangementer/{occurrence.pk}/kalender.ics").content
    ).walk("VEVENT")
    assert one["dtstart"].dt == at(26, 18)
    assert client.get("/hubs/nowhere/events.ics").status_code == 404


def test_anonymous_registrations_by_the_form_are_rate_limited(client, week_of_events, monkeypatch):
    from torget.events import views

    monkeypatch.setattr(views, "REGISTRATION_RATE", 1)
    occurrence = occurrence_of(week_of_events["dinner"])
    url = f"/arrangementer/{occurrence.pk}/pamelding/"
    first = client.post(url, {"name": "A", "email": "a@example.no", "seats": "1"})
    second = client.post(url, {"name": "B", "email": "b@example.no", "seats": "1"})
    assert (first.status_code, second.status_code) == (302, 429)
    assert second["Retry-After"] == "60"
    assert Registration.objects.count() == 1


def test_long_lists_are_paged(client, week_of_events, monkeypatch):
    from torget.events import views

    monkeypatch.setattr(views, "LIST_LIMIT", 2)
    monkeypatch.setattr(views, "DAY_LIMIT", 1)
    first = client.get("/arrangementer/").content.decode()
    assert "Flere aktiviteter denne uken" in first and "Tidligere i uken" not in first
    second = client.get("/arrangementer/?page=2").content.decode()
    assert "Tidligere i uken" in second
    assert "Seniorsenterets middag" in first and "Seniorsenterets middag" not in second
    week = client.get("/arrangementer/uke/?date=2026-11-25").content.decode()
    # Wednesday has two events (one at Holmen, one at Tofte): one shown, then a link.
    assert "Alt på onsdag 25. november" in week
    assert client.get("/arrangementer/?page=abc").status_code == 200


def test_the_form_can_sign_up_for_every_later_date(client, make_event):
    event = make_event(title="Språkkafé", until=at(9, 10, month=12).date(), capacity=5)
    first = event.occurrences.order_by("booking__start").first()
    html = client.get(f"/arrangementer/{first.pk}/").content.decode()
    assert "2 datoer til er planlagt." in html
    response = client.post(
        f"/arrangementer/{first.pk}/pamelding/",
        {"name": "Kari", "email": "kari@example.no", "seats": "1", "whole_series": "on"},
    )
    page = client.get(response["Location"]).content.decode()
    assert "Du er også påmeldt 2 senere datoer." in page
    assert Registration.objects.filter(email="kari@example.no").count() == 3
