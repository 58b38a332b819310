"""The private registration page (issue 17.5): cancelling asks first, a cancelled
registration reads as cancelled, the message moving someone up from the waitlist has a
working cancel link, counts are real plurals; and the week view keeps the hub."""

import re
from decimal import Decimal

import pytest

from torget.events.models import Registration
from torget.events.tests.conftest import at
from torget.notifications.models import Message

pytestmark = pytest.mark.usefixtures("frozen_now")


def _register(client, occurrence, **data) -> str:
    response = client.post(f"/arrangementer/{occurrence.pk}/pamelding/", data)
    assert response.status_code == 302
    return response["Location"]


def test_cancelling_asks_first_and_the_cancelled_page_says_so(client, make_event):
    dinner = make_event(title="Middag", fee=Decimal("95"), capacity=10)
    occurrence = dinner.occurrences.get()
    own_page = _register(client, occurrence, name="Kari", email="kari@example.no", seats="1")
    html = client.get(own_page).content.decode()
    assert "Påmeldt" in html and "ikke betalt" in html and "kalender.ics" in html
    # The button is a link to a question; following it (as a mail scanner would) changes nothing.
    confirm = re.search(r'href="([^"]+/avmelding/)"', html).group(1)
    question = client.get(confirm).content.decode()
    assert "Er du sikker?" in question and "Middag" in question
    assert f'action="{own_page}"' in question and 'method="post"' in question
    assert "Nei, behold påmeldingen" in question
    assert Registration.objects.get(name="Kari").status == "confirmed"
    # Yes: cancelled, and the page says "Avmeldt" with no calendar file and no payment.
    response = client.post(own_page, follow=True)
    html = response.content.decode()
    assert "Du er avmeldt." in html and "Avmeldt" in html
    assert "kalender.ics" not in html and "ikke betalt" not in html and "Meld meg av" not in html
    assert Registration.objects.get(name="Kari").status == "cancelled"
    # The question is not asked again for a cancelled registration.
    assert client.get(confirm)["Location"] == own_page


def test_the_message_moving_someone_up_has_a_cancel_link_that_works(client, make_event):
    event = make_event(title="Kurs", capacity=1)
    occurrence = event.occurrences.get()
    kari_page = _register(client, occurrence, name="Kari", email="kari@example.no", seats="1")
    _register(client, occurrence, name="Ola", email="ola@example.no", seats="1")
    client.post(kari_page)
    promoted = Message.objects.get(template="event.promoted", to="ola@example.no")
    path = re.search(r"https?://[^/\s]+(/arrangementer/pamelding/\S+/)", promoted.body).group(1)
    html = client.get(path).content.decode()
    assert "Du er påmeldt 1 plass." in html and "Ola" in html
    client.post(path)
    assert Registration.objects.get(name="Ola").status == "cancelled"
    # A forged signed link finds nothing.
    forged = path.replace("/pamelding/", "/pamelding/9").rstrip("/") + "x/"
    assert client.get(forged).status_code == 404
    assert client.get("/arrangementer/pamelding/1:nonsense/").status_code == 404


def test_the_confirmation_counts_places_in_real_plurals(client, make_event):
    occurrence = make_event(capacity=10).occurrences.get()
    _register(client, occurrence, name="En", email="en@example.no", seats="1")
    _register(client, occurrence, name="To", email="to@example.no", seats="2")
    one = Message.objects.get(template="event.confirmed", to="en@example.no").body
    two = Message.objects.get(template="event.confirmed", to="to@example.no").body
    assert "Du er påmeldt med 1 plass." in one
    assert "Du er påmeldt med 2 plasser." in two


def test_the_week_view_from_a_hub_keeps_the_hub(client, make_event, personas, tofte):
    from torget.events import services
    from torget.places.tests.factories import SpaceFactory

    make_event(title="Strikkekafé på Holmen", start=at(25, 10), end=at(25, 12))
    services.event_create(
        actor=personas.admin,
        details=services.EventDetails(
            title="Allsang på Tofte", category="culture", organiser_type="voluntary"
        ),
        space=SpaceFactory.meeting_room(tofte, name="Tofterommet"),
        start=at(25, 11),
        end=at(25, 12),
    )
    html = client.get("/torg/tofte/arrangementer/?category=culture").content.decode()
    week_url = re.search(r'href="(/arrangementer/uke/[^"]*)"', html).group(1)
    assert "hub=tofte" in week_url and "category=culture" in week_url
    week = client.get(week_url.replace("&amp;", "&")).content.decode()
    assert "Allsang på Tofte" in week and "Strikkekafé på Holmen" not in week
    week = client.get("/arrangementer/uke/?hub=holmen&date=2026-11-25").content.decode()
    assert "Strikkekafé på Holmen" in week and "Allsang på Tofte" not in week
    # From the all-hubs calendar, no filter: no dangling "?".
    html = client.get("/arrangementer/").content.decode()
    assert 'href="/arrangementer/uke/"' in html
