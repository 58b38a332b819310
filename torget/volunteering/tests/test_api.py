"""The volunteering API: roles and open shifts for anyone, sign-up for a volunteer, agreements
with their delivery report for the staff of their hubs only."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from torget.accounts.models import ApiToken
from torget.volunteering import selectors, services
from torget.volunteering.models import SignUp

pytestmark = pytest.mark.django_db


def _bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)[1]}")


@pytest.fixture
def agreement(personas):
    today = timezone.localdate()
    made = services.agreement_create(
        actor=personas.leader,
        terms=services.AgreementTerms(
            organisation=personas.organisation,
            hubs=[personas.holmen],
            starts=today - timedelta(days=30),
            ends=today + timedelta(days=300),
            activities_per_season=20,
            storage="Skap i lageret",
        ),
    )
    return services.agreement_activate(actor=personas.leader, agreement_id=made.pk, signed_on=today)


def test_roles_and_open_shifts_are_public(client, personas, centre):
    roles = client.get("/api/v1/volunteering/roles?hub=holmen").json()
    assert roles["count"] == 2
    titles = {r["title"]: r for r in roles["items"]}
    assert titles["Leksehjelp"]["police_certificate"] is True
    assert titles["Kafévert"]["shifts"][0]["weekday"] == 1
    shifts = client.get("/api/v1/volunteering/open-shifts?hub=holmen&weeks=2").json()
    assert shifts["count"] == len(selectors.open_shifts(personas.holmen, weeks=2)) > 0
    assert {s["free"] for s in shifts["items"]} <= {2, 3}
    assert "phone" not in str(shifts)  # no personal data


def test_an_unknown_hub_is_a_clear_422(client, db):
    response = client.get("/api/v1/volunteering/open-shifts?hub=nowhere")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "hub"


def test_a_volunteer_signs_up_through_the_api_once(personas, centre):
    api = _bearer(personas.resident)
    url = f"/api/v1/volunteering/shifts/{centre.tuesday.pk}/signups"
    first = api.post(url, {"date": centre.day.isoformat()}, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "confirmed"
    again = api.post(url, {"date": centre.day.isoformat()}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["code"] == "shift.already_signed_up"
    assert SignUp.objects.count() == 1


def test_sign_up_needs_signing_in_and_being_a_volunteer(client, personas, centre):
    url = f"/api/v1/volunteering/shifts/{centre.tuesday.pk}/signups"
    body = {"date": centre.day.isoformat()}
    assert client.post(url, body, content_type="application/json").status_code == 401
    not_yet = _bearer(personas.org_contact).post(url, body, content_type="application/json")
    assert not_yet.status_code == 403
    assert not SignUp.objects.exists()


def test_sign_ups_are_rate_limited(personas, centre, monkeypatch):
    from torget.core import ratelimit

    monkeypatch.setattr(ratelimit, "hit", lambda key, *, window: 10**6)
    response = _bearer(personas.resident).post(
        f"/api/v1/volunteering/shifts/{centre.tuesday.pk}/signups",
        {"date": centre.day.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert not SignUp.objects.exists()


def test_agreements_for_the_staff_of_their_hubs_with_the_delivery_report(personas, agreement):
    listed = _bearer(personas.desk_holmen).get("/api/v1/agreements").json()
    assert listed["count"] == 1
    assert listed["items"][0]["organisation"] == personas.organisation.name
    detail = _bearer(personas.desk_holmen).get(f"/api/v1/agreements/{agreement.pk}").json()
    report = selectors.delivery_report(agreement)
    [delivery] = detail["deliveries"]
    assert delivery["activities_committed"] == 20 == report.committed_activities
    assert delivery["activities_held"] == report.activities_held
    assert delivery["shortfall"] == report.shortfall
    assert detail["storage"] == "Skap i lageret"


def test_desk_staff_of_another_hub_see_no_agreement(personas, agreement):
    tofte = _bearer(personas.desk_tofte)
    assert tofte.get("/api/v1/agreements").json()["count"] == 0
    hidden = tofte.get(f"/api/v1/agreements/{agreement.pk}")
    assert hidden.status_code == 404
    assert hidden["Content-Type"] == "application/problem+json"
    assert Client().get("/api/v1/agreements").status_code == 401
    assert _bearer(personas.resident).get("/api/v1/agreements").json()["count"] == 0
