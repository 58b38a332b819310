"""The back office: office hours added through the booking engine, rows scoped by hub."""

import pytest
from django.test import Client

from torget.appointments.models import OfficeHours, Officer
from torget.appointments.services import Contact, appointment_book
from torget.appointments.tests.conftest import at

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(office, space, start, end):
    return {
        "officer": office.officer.pk,
        "space": space.pk,
        "start_0": start.strftime("%d.%m.%Y"),
        "start_1": start.strftime("%H:%M"),
        "end_0": end.strftime("%d.%m.%Y"),
        "end_1": end.strftime("%H:%M"),
        "mode": "in_person",
        "meeting_link": "",
        "slot_minutes": "30",
        "override_reason": "",
    }


def test_hub_staff_add_office_hours_and_the_officer_clash_is_shown(personas, office, frozen_now):
    url = "/staff/appointments/officehours/add/"
    tofte = signed_in(personas.desk_tofte)
    page = tofte.get(url)
    assert page.status_code == 200
    assert office.tofte_room.name in page.text and office.holmen_room.name not in page.text
    done = tofte.post(url, form(office, office.tofte_room, at(24, 10), at(24, 12)))
    assert done.status_code == 302, done.text[:3000]
    session = OfficeHours.objects.get()
    assert session.booking.resources.get() == office.officer.resource
    clash = signed_in(personas.desk_holmen).post(
        url, form(office, office.holmen_room, at(24, 11), at(24, 13))
    )
    import re

    errors = re.findall(r"<ul class=\"errorlist[^>]*>(.*?)</ul>", clash.text, re.S)
    assert clash.status_code == 200 and "allerede booket" in " ".join(errors), errors
    assert OfficeHours.objects.count() == 1


def test_appointments_are_scoped_by_hub(session, personas):
    appointment_book(
        session_id=session.pk,
        start=at(24, 10),
        about="Garasje",
        contact=Contact(name="Anne Ø", phone="40000000"),
    )
    assert "Anne Ø" in signed_in(personas.desk_tofte).get("/staff/appointments/appointment/").text
    assert (
        "Anne Ø" not in signed_in(personas.desk_holmen).get("/staff/appointments/appointment/").text
    )


def test_officers_are_made_with_a_travelling_resource(personas, office):
    admin = signed_in(personas.admin)
    response = admin.post(
        "/staff/appointments/officer/add/",
        {"service": office.service.pk, "name": "NAV-veileder", "user": "", "active": "on"},
    )
    assert response.status_code == 302, response.text[:2000]
    officer = Officer.objects.get(name="NAV-veileder")
    assert officer.resource.hub is None and officer.resource.kind == "staff"
