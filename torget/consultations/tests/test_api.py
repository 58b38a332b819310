"""The API as in API.md: create (the same rule as the staff pages), answer (anyone while
open, with suggested_themes), read a response (staff), the summary (public once published)."""

import io
import time
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from torget.consultations import forms, services
from torget.consultations.models import Consultation, Identity, Response, Status

pytestmark = pytest.mark.django_db

BODY = {
    "title": "Bibliotek i Heggedal",
    "opens": "2026-01-01",
    "closes": "2099-01-31",
    "questions": [
        {"text": "Hva betyr biblioteket for deg?", "type": "free_text"},
        {"text": "Hvor ofte?", "type": "single_choice", "options": ["Ofte", "Sjelden"]},
        {"text": "Hvilket torg?", "type": "hub"},
    ],
}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _create(client, personas, **changes):
    client.force_login(personas.admin)
    return client.post(
        "/api/v1/consultations", {**BODY, **changes}, content_type="application/json"
    )


def test_desk_staff_cannot_create_one_for_the_whole_municipality(client, personas):
    client.force_login(personas.desk_holmen)
    response = client.post("/api/v1/consultations", BODY, content_type="application/json")
    assert response.status_code == 403
    assert Consultation.objects.count() == 0


def test_create_open_with_default_codebook(client, personas):
    response = _create(client, personas)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "open"
    assert [q["type"] for q in data["questions"]] == ["free_text", "single_choice", "hub"]
    assert data["questions"][1]["options"] == ["Ofte", "Sjelden"]
    c = Consultation.objects.get()
    assert c.codes.count() == 6 and c.use_of_input  # a stated use, also when not sent


def test_create_rejects_bad_input_and_writes_nothing(client, personas):
    assert _create(client, personas, closes="2025-01-01").status_code == 422
    bad_choice = [{"text": "Velg", "type": "single_choice", "options": ["Bare én"]}]
    assert _create(client, personas, questions=bad_choice).status_code == 422
    assert _create(client, personas, questions=[{"text": "x", "type": "rating"}]).status_code == 422
    assert _create(client, personas, title="x" * 5000).status_code == 422
    assert Consultation.objects.count() == 0


def test_answer_gets_suggested_themes_and_staff_read_it(client, personas):
    data = _create(client, personas, codebook=None).json()
    q_text, q_choice, q_hub = (q["id"] for q in data["questions"])
    client.logout()
    answer = {
        "answers": {
            str(q_text): "Biblioteket er en møteplass, og de ansatte er hyggelige.",
            str(q_choice): "Ofte",
            str(q_hub): personas.holmen.slug,
        }
    }
    response = client.post(
        f"/api/v1/consultations/{data['id']}/responses", answer, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert set(created["suggested_themes"]) >= {"moteplass", "ansatte"}
    assert "/medvirkning/endre/" in created["change_url"]

    url = f"/api/v1/consultations/{data['id']}/responses/{created['id']}"
    assert client.get(url).status_code == 401
    client.force_login(personas.desk_holmen)
    read = client.get(url).json()
    assert read["confirmed_themes"] == []
    assert set(read["suggested_themes"]) >= {"moteplass", "ansatte"}
    hub_answer = next(a for a in read["answers"] if a["question_id"] == q_hub)
    assert hub_answer["hub"] == personas.holmen.slug
    why = next(w for a in read["answers"] for w in a["why"] if w["code"] == "moteplass")
    assert why["words"] == ["møteplass"]


def test_bad_answers_are_422_and_change_nothing(client, personas):
    data = _create(client, personas).json()
    q_text, q_choice, q_hub = (q["id"] for q in data["questions"])
    client.logout()
    url = f"/api/v1/consultations/{data['id']}/responses"
    for answers in (
        {str(q_choice): "Kanskje"},
        {str(q_hub): "finnes-ikke"},
        {"999999": "x"},
        {str(q_text): "x" * 6000},
        {},
    ):
        response = client.post(url, {"answers": answers}, content_type="application/json")
        assert response.status_code == 422, (answers, response.content)
    assert client.post(url, "{", content_type="application/json").status_code == 400
    assert (
        client.post(
            "/api/v1/consultations/999999/responses",
            {"answers": {}},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert Response.objects.count() == 0


def test_closed_consultation_refuses_answers(client, personas, autumn):
    services.consultation_set_status(autumn, Status.CLOSED)
    q = autumn.questions.first()
    response = client.post(
        f"/api/v1/consultations/{autumn.pk}/responses",
        {"answers": {str(q.pk): "Sent"}},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_summary_public_only_once_published(client, personas, autumn):
    q = autumn.questions.first()
    r, _ = services.response_submit(autumn, {q.pk: "Holmen er nær, og det er viktig."})
    services.coding_set(
        r.answers.get(), autumn.codes.get(key="naerhet"), user=personas.desk_holmen, confirmed=True
    )
    url = f"/api/v1/consultations/{autumn.pk}/summary"
    assert client.get(url).status_code == 404
    client.force_login(personas.desk_holmen)
    data = client.get(url).json()
    assert data["respondents"] == 1
    naerhet = next(t for t in data["themes"] if t["code"] == "naerhet")
    assert (naerhet["count"], naerhet["share"], naerhet["quotes"]) == (1, 1.0, [])
    assert data["by_hub"] == [{"hub": "holmen", "mentions": 1, "themes": {"naerhet": 1}}]
    client.logout()
    services.consultation_set_status(autumn, Status.CLOSED)
    services.consultation_set_status(autumn, Status.PUBLISHED)
    assert client.get(url).json()["respondents"] == 1


# --- issue 15: one create for the API and the pages -----------------------------------------


def test_api_consultation_asking_for_names_gets_a_deletion_date(client, personas, settings):
    settings.TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS = 30
    data = _create(client, personas, ask_identity=True).json()
    consultation = Consultation.objects.get(pk=data["id"])
    assert consultation.identity_delete_on == date(2099, 1, 31) + timedelta(days=30)


def test_api_made_consultation_names_are_purged_after_the_date(client, personas, monkeypatch):
    """The API made consultations without a deletion date, so the purge command never
    deleted the names people gave in them (fails on the code before issue 15)."""
    data = _create(client, personas, ask_identity=True).json()
    consultation = Consultation.objects.get(pk=data["id"])
    client.logout()
    page = client.post(
        reverse("consultations:answer", kwargs={"slug": consultation.slug}),
        {
            f"q{consultation.questions.first().pk}": "Mer åpent på kvelden",
            "name": "Kari",
            "contact": "kari@example.no",
            "started": forms.started_token(now=time.time() - 60),
        },
    )
    assert page.status_code == 302
    assert Identity.objects.get().name == "Kari"
    closes = date(2099, 1, 31)
    monkeypatch.setattr("torget.consultations.services.identities.today", lambda: closes)
    call_command("purge_personal_data", stdout=io.StringIO())
    assert Identity.objects.count() == 1  # kept while the consultation runs and after
    monkeypatch.setattr(
        "torget.consultations.services.identities.today", lambda: closes + timedelta(days=10 * 365)
    )
    call_command("purge_personal_data", stdout=io.StringIO())
    assert Identity.objects.count() == 0
    assert Response.objects.count() == 1  # the answer stays, anonymous


def test_desk_staff_of_another_hub_cannot_create_for_holmen(client, personas):
    client.force_login(personas.desk_tofte)
    response = client.post(
        "/api/v1/consultations", {**BODY, "hubs": ["holmen"]}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Consultation.objects.count() == 0
    # The same rule lets Holmen's own staff make one for Holmen.
    client.force_login(personas.desk_holmen)
    response = client.post(
        "/api/v1/consultations", {**BODY, "hubs": ["holmen"]}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert list(Consultation.objects.get().hubs.all()) == [personas.holmen]


def test_create_that_cannot_open_writes_nothing(client, personas):
    response = _create(client, personas, channels=[])
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["channels"]
    assert Consultation.objects.count() == 0  # not left behind as a draft
