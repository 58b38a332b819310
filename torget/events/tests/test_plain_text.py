"""Issue 16.8 through the events pages: an approved event whose title has a line break
(saved before the rule) still gives its calendar files; the back office refuses a new one."""

import pytest
from icalendar import Calendar

pytestmark = pytest.mark.usefixtures("frozen_now")


def test_an_event_title_with_a_line_break_still_gives_calendar_files(client, make_event):
    event = make_event(title="Sjakk\r\nkveld", registration="none")
    assert event.is_approved
    occurrence = event.occurrences.get()
    for path in (f"/arrangementer/{occurrence.pk}/kalender.ics", "/hubs/holmen/events.ics"):
        response = client.get(path)
        assert response.status_code == 200, path
        [one] = Calendar.from_ical(response.content).walk("VEVENT")
        assert str(one["summary"]) == "Sjakk kveld"
    single = Calendar.from_ical(client.get(f"/arrangementer/{occurrence.pk}/kalender.ics").content)
    assert str(single["x-wr-calname"]) == "Sjakk kveld"


def test_the_back_office_refuses_a_line_break_in_a_title(client, personas, room):
    from torget.events.models import Event
    from torget.events.tests.test_admin import add_form

    client.force_login(personas.desk_holmen)
    response = client.post(
        "/staff/events/event/add/",
        add_form(room, title="Sjakk\r\nkveld", description="Første linje.\r\nAndre linje."),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["title"]
    assert errors["title"] == ["Linjeskift, tabulatorer og andre kontrolltegn er ikke tillatt her."]
    assert not Event.objects.exists()


def test_the_registration_form_refuses_a_line_break_in_a_name(client, make_event):
    from torget.events.models import Registration

    occurrence = make_event(registration="required").occurrences.get()
    response = client.post(
        f"/arrangementer/{occurrence.pk}/pamelding/",
        {"name": "Kari\r\nBcc: alle@example.org", "email": "kari@example.org", "seats": "1"},
    )
    assert response.status_code == 422
    assert "Linjeskift, tabulatorer og andre kontrolltegn er ikke tillatt her." in (
        response.content.decode()
    )
    assert not Registration.objects.exists()
