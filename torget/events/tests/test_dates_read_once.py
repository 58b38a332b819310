"""The approvals page names each date once: "Torsdag 26. november kl. 18:00–20:00", not
"Torsdag 26. november 26.11.2026, 18:00–20:00" (issue 17.6)."""

import pytest

from torget.events import self_service, services
from torget.events.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]


def test_the_approvals_page_names_each_date_once(client, personas, room):
    self_service.organiser_event_create(
        actor=personas.org_contact,
        organisation=personas.organisation,
        details=services.EventDetails(
            title="Sjakkveld for alle",
            category="meeting_place",
            organiser_type="voluntary",
            capacity=10,
            registration="required",
        ),
        space=room,
        start=at(26, 18),
        end=at(26, 20),
    )
    client.force_login(personas.desk_holmen)
    page = client.get("/arrangementer/godkjenning/").content.decode()
    assert "Torsdag 26. november kl. 18:00–20:00" in page
    assert "26.11.2026, 18:00" not in page
