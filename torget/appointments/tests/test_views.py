"""The public pages (/timeavtaler/), the private link, the iCalendar file and the agenda."""

from unittest import mock

import pytest
from django.test import Client

from torget.appointments.models import Appointment, AppointmentStatus
from torget.appointments.selectors import at_text
from torget.appointments.tests.conftest import at
from torget.ledger.models import EntryKind, LedgerEntry
from torget.notifications.models import Message

pytestmark = pytest.mark.django_db


def book_url(session, start) -> str:
    return f"/timeavtaler/bestill/{session.pk}/{at_text(start)}/"


def test_choose_service_then_time(session):
    page = Client().get("/timeavtaler/")
    assert page.status_code == 200 and "/timeavtaler/byggesak/" in page.text
    times = Client().get("/timeavtaler/byggesak/")
    assert times.status_code == 200
    assert book_url(session, at(24, 10)) in times.text
    assert "Tirsdag 24. november" in times.text
    assert Client().get("/timeavtaler/finnes-ikke/").status_code == 404


def test_book_without_an_account(session):
    response = Client().post(
        book_url(session, at(24, 10)),
        {"about": "Garasje", "name": "Anne", "phone": "40000000", "email": ""},
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/timeavtaler/avtale/{appointment.token}/?ny=1"
    assert Message.objects.get().channel == "sms"
    manage = Client().get(response["Location"])
    assert "Garasje" in manage.text and "kalender.ics" in manage.text
    taken = Client().get("/timeavtaler/byggesak/")
    assert book_url(session, at(24, 10)) not in taken.text


def test_form_errors_are_summarised_and_nothing_written(session):
    response = Client().post(book_url(session, at(24, 10)), {"about": "", "name": ""})
    assert response.status_code == 422
    assert 'id="error-summary"' in response.text and 'href="#id_about"' in response.text
    assert Appointment.objects.count() == 0


def test_a_taken_slot_says_so(session):
    data = {"about": "Garasje", "name": "Anne", "phone": "40000000"}
    Client().post(book_url(session, at(24, 10)), data)
    again = Client().post(book_url(session, at(24, 10)), {**data, "name": "Per"})
    assert again.status_code == 409 and "Velg en annen tid" in again.text


def test_unknown_times_and_links_are_404(session):
    assert Client().get(f"/timeavtaler/bestill/{session.pk}/20261124T0915Z/").status_code == 404
    assert Client().get(f"/timeavtaler/bestill/{session.pk}/tull/").status_code == 404
    assert Client().get("/timeavtaler/avtale/tull/").status_code == 404


def test_ics_cancel_and_move_through_the_private_link(session):
    Client().post(
        book_url(session, at(24, 10)), {"about": "Garasje", "name": "A", "phone": "40000000"}
    )
    appointment = Appointment.objects.get()
    ics = Client().get(f"/timeavtaler/avtale/{appointment.token}/kalender.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART:20261124T090000Z" in ics.content
    move = f"/timeavtaler/avtale/{appointment.token}/flytt/{session.pk}/{at_text(at(24, 11))}/"
    assert Client().get(move).status_code == 200
    assert Client().post(move).status_code == 302
    appointment.refresh_from_db()
    assert appointment.start == at(24, 11)
    cancel = f"/timeavtaler/avtale/{appointment.token}/avbestill/"
    assert Client().post(cancel).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_agenda_per_hub_and_marking(session, personas):
    Client().post(
        book_url(session, at(24, 10)), {"about": "Garasje", "name": "Anne", "phone": "40000000"}
    )
    appointment = Appointment.objects.get()
    tofte = Client()
    tofte.force_login(personas.desk_tofte)
    page = tofte.get("/timeavtaler/agenda/?dag=2026-11-24")
    assert "Anne" in page.text and "Garasje" in page.text
    holmen = Client()
    holmen.force_login(personas.desk_holmen)
    assert "Anne" not in holmen.get("/timeavtaler/agenda/?dag=2026-11-24").text
    assert Client().get("/timeavtaler/agenda/").status_code == 302  # sign in first
    with mock.patch("django.utils.timezone.now", return_value=at(24, 10, 45)):
        # Staff at another hub: the service refuses, the page says so and writes nothing.
        refused = holmen.post(f"/timeavtaler/agenda/{appointment.pk}/marker/", {"status": "held"})
        assert refused.status_code == 302
        assert not LedgerEntry.objects.filter(kind=EntryKind.APPOINTMENT).exists()
        tofte.post(f"/timeavtaler/agenda/{appointment.pk}/marker/", {"status": "held"})
    assert LedgerEntry.objects.filter(kind=EntryKind.APPOINTMENT).count() == 1


def test_the_kiosk_offers_book_a_time_and_whats_on_today(personas, office, frozen_now):
    from torget.appointments.services import office_hours_create
    from torget.booking.services import BookingRequest, booking_create

    office_hours_create(
        actor=personas.desk_tofte,
        officer=office.officer,
        space=office.tofte_room,
        start=at(23, 10),
        end=at(23, 12),
    )
    for title, public in (("Strikkekafé", True), ("Styremøte hos Per", False)):
        booking_create(
            actor=personas.desk_tofte,
            request=BookingRequest(
                space=office.tofte_room,
                start=at(23, 13) if public else at(23, 14),
                end=at(23, 14) if public else at(23, 15),
                title=title,
                organiser_type="municipal",
                kind="activity" if public else "meeting",
                public=public,
            ),
        )
    page = Client().get("/kiosk/tofte/").text
    assert 'href="/timeavtaler/"' in page and "Bestill time" in page
    assert "Dette skjer her i dag" in page
    assert "Kontortid: Byggesak" in page and "10:00–12:00" in page
    assert "Strikkekafé" in page and "Styremøte hos Per" not in page
    assert "Det skjer ikke mer her i dag" in Client().get("/kiosk/holmen/").text


def test_a_callback_request_from_the_web_reaches_the_queue(personas):
    from torget.desk.models import CallbackRequest
    from torget.desk.services import default_topics_ensure
    from torget.places.codes import ModuleCode
    from torget.places.models import Module

    default_topics_ensure()
    Module.objects.create(hub=personas.holmen, code=ModuleCode.CITIZEN_SERVICE)
    hub_page = Client().get("/torg/holmen/").text
    assert 'href="/ring-meg/holmen/"' in hub_page and 'href="/timeavtaler/"' in hub_page
    form = Client().get("/ring-meg/holmen/")
    assert form.status_code == 200 and 'href="/torg/holmen/"' in form.text
    assert "kiosk.js" not in form.text  # the web page does not reset itself
    bad = Client().post("/ring-meg/holmen/", {"phone": "12", "topic": "tax"})
    assert bad.status_code == 422 and CallbackRequest.objects.count() == 0
    done = Client().post(
        "/ring-meg/holmen/", {"phone": "400 00 000", "topic": "tax", "consent": "on"}
    )
    assert done["Location"] == "/ring-meg/holmen/takk/"
    assert CallbackRequest.objects.get().hub == personas.holmen
    assert Client().get("/ring-meg/holmen/takk/").status_code == 200
    assert Client().get("/ring-meg/finnes-ikke/").status_code == 404
