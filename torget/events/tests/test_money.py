"""Issue 15: a participant fee is written one way on every page (the `kroner` filter,
`torget.core.templatetags.torget.format_kroner`): the calendar said `kr 1 250` (rounded
to whole kroner), the registration and approval pages `kr 1250,5`."""

from decimal import Decimal

import pytest
from django.utils import translation

from torget.core.templatetags.torget import format_kroner
from torget.events import self_service, services
from torget.events.tests.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

FEE = Decimal("1250.50")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", "kr\u00a01\u202f250,50"), ("en", "kr\u00a01,250.50")],
)
def test_every_page_prints_the_fee_alike(client, personas, room, language, expected):
    event = self_service.organiser_event_create(
        actor=personas.org_contact,
        organisation=personas.organisation,
        details=services.EventDetails(
            title="Sjakkveld for alle",
            category="meeting_place",
            organiser_type="voluntary",
            capacity=10,
            registration="required",
            fee=FEE,
        ),
        space=room,
        start=at(26, 18),
        end=at(26, 20),
    )
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    printed: dict[str, str] = {}
    client.force_login(personas.desk_holmen)
    printed["approvals"] = client.get("/arrangementer/godkjenning/", **headers).content.decode()
    self_service.event_approve(actor=personas.desk_holmen, event_id=event.pk)
    occurrence = event.occurrences.get()
    registered = services.registration_create(
        actor=None,
        occurrence_id=occurrence.pk,
        name="Cecilie",
        email="cecilie@example.no",
        payment_method="at_desk",
    )
    printed["participants"] = client.get(
        f"/arrangementer/{occurrence.pk}/deltakere/", **headers
    ).content.decode()
    client.logout()
    for name, path in {
        "calendar": "/arrangementer/",
        "detail": f"/arrangementer/{occurrence.pk}/",
        "registration": f"/arrangementer/pamelding/{registered.token}/",
    }.items():
        response = client.get(path, **headers)
        assert response.status_code == 200, name
        printed[name] = response.content.decode()

    with translation.override(language):
        assert format_kroner(FEE) == expected
    assert {name: expected in html for name, html in printed.items()} == dict.fromkeys(
        printed, True
    )
