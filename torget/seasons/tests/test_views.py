"""The pages: status, who may open them, what they show."""

from __future__ import annotations

import pytest
from django.urls import reverse

from torget.notifications.models import Message
from torget.seasons import services
from torget.seasons.models import Allocation, Application
from torget.seasons.tests.conftest import AFTER_DEADLINE, application_input


def form_data(season, **extra):
    data = {
        "organisation": season.p.organisation.pk,
        "activity": "Sjakk for nybegynnere",
        "target_group": "Alle",
        "age_group": "all",
        "expected_participants": "10",
        "paid": "no",
        "first_date": "2027-06-23",
        "last_date": "2028-06-21",
        "wish1_space": season.north.pk,
        "wish1_weekday": "1",
        "wish1_start": "18:00",
        "wish1_end": "20:00",
        "accept_other_spaces": "on",
    }
    data.update(extra)
    return data


def test_public_pages_show_the_round_and_its_rules(client, season):
    response = client.get(reverse("seasons:rounds"))
    assert response.status_code == 200 and "Sesongen 2027–2028" in response.text
    response = client.get(reverse("seasons:round", args=[season.round.pk]))
    assert response.status_code == 200
    # The rules are one order, not three claims to be first.
    assert "Frivillige organisasjoner først" not in response.text
    assert (
        "<li>Etter hvem som søker, i denne rekkefølgen: 1. frivillige organisasjoner, "
        "2. kommunale tjenester, 3. næringsliv</li>" in response.text
    )
    assert "<li>Gratis aktiviteter før betalte</li>" in response.text
    assert "i denne rekkefølgen. En senere regel" in response.text
    assert "Søk innen 1. april." in response.text


def test_applying_needs_a_signed_in_contact_person(client, season):
    url = reverse("seasons:apply", args=[season.round.pk])
    assert client.get(url).status_code == 302
    client.force_login(season.p.resident)
    response = client.get(url)
    assert response.status_code == 403 and "Bare organisasjoner kan søke" in response.text


def test_a_contact_applies_sees_the_receipt_and_can_change_it(client, season):
    client.force_login(season.p.org_contact)
    url = reverse("seasons:apply", args=[season.round.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(season))
    app = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("seasons:receipt", args=[app.pk])
    page = client.get(response["Location"])
    assert app.reference in page.text and "Storsalen nord" in page.text
    edit = reverse("seasons:edit", args=[app.pk])
    assert client.get(edit).status_code == 200
    client.post(edit, form_data(season, activity="Sjakk for alle"))
    app.refresh_from_db()
    assert app.activity == "Sjakk for alle" and Application.objects.count() == 1
    assert Message.objects.filter(template="seasons.receipt").count() == 2


def test_errors_are_listed_and_nothing_is_saved(client, season):
    client.force_login(season.p.org_contact)
    response = client.post(
        reverse("seasons:apply", args=[season.round.pk]),
        form_data(season, activity="", wish1_end="17:00", first_date="2026-01-01"),
    )
    assert response.status_code == 422
    assert "ds-error-summary" in response.text
    assert 'href="#id_activity"' in response.text and 'href="#id_wish1_end"' not in response.text
    assert Application.objects.count() == 0


def test_the_form_preselects_no_age_group_and_gives_each_time_its_own_example(client, season):
    client.force_login(season.p.org_contact)
    page = client.get(reverse("seasons:apply", args=[season.round.pk])).text
    age = page.split('id="id_age_group"', 1)[1].split("</select>", 1)[0]
    assert '<option value="">Velg aldersgruppe</option>' in age and "selected" not in age
    assert "For eksempel 18:00" in page and "For eksempel 20:00" in page
    response = client.post(
        reverse("seasons:apply", args=[season.round.pk]), form_data(season, age_group="")
    )
    assert response.status_code == 422
    assert '<a class="ds-link" href="#id_age_group">Aldersgruppe: Velg en aldersgruppe.</a>' in (
        response.text
    )
    assert Application.objects.count() == 0


def test_errors_name_the_wish_they_belong_to(client, season):
    client.force_login(season.p.org_contact)
    response = client.post(
        reverse("seasons:apply", args=[season.round.pk]),
        form_data(
            season, wish1_space="", wish2_weekday="3", wish3_start="18:00", wish3_end="17:00"
        ),
    )
    assert response.status_code == 422
    summary = response.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a class="ds-link" href="#id_wish1_space">Ønske 1: Lokale: ' in summary
    assert '<a class="ds-link" href="#id_wish2_space">Ønske 2: Lokale: ' in summary
    assert '<a class="ds-link" href="#id_wish3_space">Ønske 3: Lokale: ' in summary
    assert 'href="#id_activity"' not in summary
    # A wish the services refuse is named too.
    response = client.post(
        reverse("seasons:apply", args=[season.round.pk]),
        form_data(
            season,
            wish2_space=season.north.pk,
            wish2_weekday="2",
            wish2_start="19:00",
            wish2_end="18:00",
        ),
    )
    assert response.status_code == 422
    assert 'href="#id_wish2_end">Ønske 2: Til: ' in response.text
    assert Application.objects.count() == 0


def test_others_cannot_read_or_change_an_application(client, season):
    app = services.application_save(
        actor=season.p.org_contact,
        round_id=season.round.pk,
        data=application_input(season.p.organisation, season.north),
    )
    client.force_login(season.p.resident)
    assert client.get(reverse("seasons:receipt", args=[app.pk])).status_code == 404
    assert client.get(reverse("seasons:edit", args=[app.pk])).status_code == 404
    client.force_login(season.p.desk_tofte)  # Tofte is in the round: staff may read
    assert client.get(reverse("seasons:receipt", args=[app.pk])).status_code == 200
    assert client.get(reverse("seasons:edit", args=[app.pk])).status_code == 404


@pytest.fixture
def proposed(season):
    services.application_save(
        actor=season.p.org_contact,
        round_id=season.round.pk,
        data=application_input(season.p.organisation, season.north),
    )
    services.proposal_compute(actor=season.p.admin, round_id=season.round.pk)
    return season


def test_staff_see_the_proposal_with_reasons_and_utilisation(client, proposed):
    url = reverse("seasons:proposal", args=[proposed.round.pk])
    client.force_login(proposed.p.resident)
    assert client.get(url).status_code == 404
    client.force_login(proposed.p.desk_holmen)
    response = client.get(url)
    assert response.status_code == 200
    assert "Tidene og hvem som fikk dem" in response.text
    assert "tirsdag 18:00–20:00 i Storsalen nord (Holmen)" in response.text
    assert "Fikk ønske 1." in response.text
    assert "Utnyttelse per rom" in response.text
    assert client.get(reverse("seasons:staff-index")).status_code == 200


def test_a_change_without_a_reason_is_refused_with_a_message(client, proposed):
    client.force_login(proposed.p.desk_holmen)
    app = Application.objects.get()
    response = client.post(
        reverse("seasons:change", args=[proposed.round.pk]),
        {"action": "refuse", "application": app.pk, "reason": ""},
        follow=True,
    )
    assert "Skriv en begrunnelse" in response.text
    assert Allocation.objects.get().granted
    response = client.post(
        reverse("seasons:change", args=[proposed.round.pk]),
        {"action": "move", "application": "x", "space": "", "reason": "r"},
        follow=True,
    )
    assert response.status_code == 200 and "Velg en søknad" in response.text


def test_confirm_then_letters_and_exports(client, proposed, frozen_now):
    frozen_now.return_value = AFTER_DEADLINE
    client.force_login(proposed.p.admin)
    response = client.post(reverse("seasons:confirm", args=[proposed.round.pk]), follow=True)
    assert "Runden er vedtatt" in response.text
    app = Application.objects.get()
    client.force_login(proposed.p.org_contact)
    letter = client.get(reverse("seasons:letter", args=[app.pk]))
    assert letter.status_code == 200 and "Dere har fått" in letter.text
    client.force_login(proposed.p.admin)
    csv = client.get(reverse("seasons:export-csv", args=[proposed.round.pk]))
    text = csv.content.decode("utf-8-sig")
    assert text.startswith("Referanse;Organisasjon;")
    assert ";Tildelt;Holmen;Storsalen nord;Tirsdag;18:00;20:00;" in text
    pdf = client.get(reverse("seasons:export-pdf", args=[proposed.round.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_api_lists_rounds_and_gives_staff_the_proposal(client, proposed):
    rounds = client.get("/api/v1/seasons/rounds").json()
    assert [r["rules"] for r in rounds] == [["voluntary", "municipal", "business", "free"]]
    url = f"/api/v1/seasons/rounds/{proposed.round.pk}/proposal"
    assert client.get(url).status_code == 401
    client.force_login(proposed.p.resident)
    assert client.get(url).status_code == 404
    client.force_login(proposed.p.desk_holmen)
    body = client.get(url).json()
    [decision] = body["decisions"]
    assert (decision["granted"], decision["choice"], decision["start"]) == (
        True,
        "wish:1",
        "18:00:00",
    )
    assert decision["reasons"][-1] == "Fikk ønske 1."
    assert client.get("/api/v1/seasons/rounds/999/proposal").status_code == 404


def test_a_contact_withdraws_before_the_deadline(client, season):
    app = services.application_save(
        actor=season.p.org_contact,
        round_id=season.round.pk,
        data=application_input(season.p.organisation, season.north),
    )
    # A resident, and staff of the round's hub (who may read it): the service refuses, 404.
    for outsider in (season.p.resident, season.p.desk_holmen):
        client.force_login(outsider)
        assert client.post(reverse("seasons:withdraw", args=[app.pk])).status_code == 404
    app.refresh_from_db()
    assert not app.withdrawn
    client.force_login(season.p.org_contact)
    page = client.post(reverse("seasons:withdraw", args=[app.pk]), follow=True)
    assert "er trukket" in page.text
    app.refresh_from_db()
    assert app.withdrawn
    assert client.get(reverse("seasons:edit", args=[app.pk])).status_code == 404
    services.proposal_compute(actor=season.p.admin, round_id=season.round.pk)
    assert not Allocation.objects.exists()
