"""Public and staff pages: answering without JavaScript, spam checks, the private link,
paper answers, moderation, coding by form posts, summary and exports."""

import io
import json
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from torget.consultations import forms, services
from torget.consultations.models import (
    Answer,
    Channel,
    CodingStatus,
    Consultation,
    Response,
    Status,
)
from torget.consultations.tests.conftest import text_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def _post(consultation, texts, **extra):
    data = {f"q{q}": t for q, t in text_values(consultation, *texts).items()}
    data["started"] = forms.started_token(now=time.time() - 60)  # a person takes a minute
    data.update(extra)
    return data


def test_form_shows_purpose_and_use_and_saves_anonymously(client, autumn):
    url = reverse("consultations:answer", kwargs={"slug": autumn.slug})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert autumn.use_of_input in html
    assert "<script" not in html.split("<main", 1)[1]  # the form needs no JavaScript
    response = client.post(url, _post(autumn, ["Holmen må bestå"]), follow=True)
    assert response.status_code == 200
    assert Response.objects.get().channel == Channel.WEB
    link = response.context["change_url"]
    assert "/medvirkning/endre/" in link
    # The link is shown once.
    again = client.get(reverse("consultations:thanks", kwargs={"slug": autumn.slug}))
    assert again.context["change_url"] == ""


def test_private_link_page_changes_the_answer(client, autumn):
    _r, token = services.response_submit(autumn, text_values(autumn, "Før"))
    url = reverse("consultations:change", kwargs={"token": token})
    assert "Før" in client.get(url).content.decode()
    page = client.post(url, _post(autumn, ["Etter"]))
    assert page.status_code == 200
    assert Answer.objects.get().text == "Etter"
    assert client.get(reverse("consultations:change", kwargs={"token": "feil"})).status_code == 404


def test_honeypot_is_thanked_and_stores_nothing(client, autumn):
    url = reverse("consultations:answer", kwargs={"slug": autumn.slug})
    response = client.post(url, _post(autumn, ["Kjøp billige klokker"], website="http://spam"))
    assert response.status_code == 302
    assert Response.objects.count() == 0


def test_too_fast_or_missing_start_time_is_asked_again(client, autumn):
    url = reverse("consultations:answer", kwargs={"slug": autumn.slug})
    data = _post(autumn, ["Rask"])
    data["started"] = forms.started_token()
    response = client.post(url, data)
    assert response.status_code == 422
    assert "very quick" in response.content.decode() or "veldig raskt" in response.content.decode()
    data["started"] = "forfalsket"
    assert client.post(url, data).status_code == 422
    assert Response.objects.count() == 0


def test_rate_limit_per_address(client, autumn, settings):
    url = reverse("consultations:answer", kwargs={"slug": autumn.slug})
    for _ in range(10):
        assert client.post(url, _post(autumn, ["Svar"])).status_code == 302
    response = client.post(url, _post(autumn, ["Ett til"]))
    assert response.status_code == 429
    assert Response.objects.count() == 10


def test_kiosk_records_channel_and_hub_and_shows_no_private_link(client, autumn, personas):
    url = reverse(
        "consultations:kiosk-answer", kwargs={"hub": personas.holmen.slug, "slug": autumn.slug}
    )
    page = client.get(url)
    assert "kiosk" in page.content.decode()
    response = client.post(url, _post(autumn, ["Fra kiosken"]), follow=True)
    assert response.context["change_url"] == ""
    saved = Response.objects.get()
    assert (saved.channel, saved.hub) == (Channel.KIOSK, personas.holmen)
    assert saved.edit_token_hash  # made, but never shown on a shared screen


def test_draft_is_not_public_and_closed_says_so(client, personas, autumn):
    draft = services.consultation_from_template(title="Utkast")
    assert (
        client.get(reverse("consultations:answer", kwargs={"slug": draft.slug})).status_code == 404
    )
    services.consultation_set_status(autumn, Status.CLOSED)
    page = client.get(reverse("consultations:answer", kwargs={"slug": autumn.slug}))
    assert page.status_code == 200 and "<textarea" not in page.content.decode()


def test_standing_hub_input_form(client, personas):
    url = reverse("consultations:hub-input", kwargs={"hub": personas.holmen.slug})
    page = client.get(url)
    assert "Hva vil du si til innbyggertorget?" in page.content.decode()


def test_staff_pages_need_a_role_on_the_consultation(client, autumn, personas):
    url = reverse("consultations:staff-detail", kwargs={"slug": autumn.slug})
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(personas.resident)
    assert client.get(url).status_code == 403
    client.force_login(personas.desk_holmen)
    assert client.get(url).status_code == 200


def test_staff_enter_a_paper_answer(client, autumn, personas):
    client.force_login(personas.desk_tofte)
    url = reverse("consultations:staff-paper", kwargs={"slug": autumn.slug})
    data = {f"q{q}": t for q, t in text_values(autumn, "Fra papirskjema").items()}
    data.update(channel="paper", hub=str(personas.tofte.pk))
    assert client.post(url, data).status_code == 302
    saved = Response.objects.get()
    assert (saved.channel, saved.hub, saved.entered_by) == (
        "paper",
        personas.tofte,
        personas.desk_tofte,
    )


def test_coding_page_posts(client, autumn, personas):
    r, _ = services.response_submit(autumn, text_values(autumn, "Seniorsenteret og kaffen"))
    answer = r.answers.get()
    client.force_login(personas.desk_holmen)
    url = reverse("consultations:staff-coding", kwargs={"slug": autumn.slug})
    page = client.get(url)
    html = page.content.decode()
    assert "seniorsenteret" in html and 'data-shortcut="1"' in html
    senior = autumn.codes.get(key="senior")
    client.post(url, {"answer": answer.pk, "code": senior.pk, "action": "reject"})
    assert answer.codings.get(code=senior).status == CodingStatus.REJECTED
    client.post(url, {"answer": answer.pk, "action": "done"})
    answer.refresh_from_db()
    assert answer.coded
    assert answer.codings.get(code__key="moteplass").status == CodingStatus.CONFIRMED
    assert client.post(url, {"answer": 0, "action": "done"}).status_code == 404


def test_moderation_page_proposes_and_logs(client, autumn, personas):
    r, _ = services.response_submit(autumn, text_values(autumn, "Mail meg: ola@example.no"))
    client.force_login(personas.desk_holmen)
    url = reverse("consultations:staff-moderation", kwargs={"slug": autumn.slug})
    assert "Mail meg: [fjernet]" in client.get(url).content.decode()
    answer = r.answers.get()
    client.post(url, {"answer": answer.pk, "action": "approve", "text": "Mail meg: [fjernet]"})
    answer.refresh_from_db()
    assert answer.moderated_text == "Mail meg: [fjernet]"
    assert "ola@example.no" not in client.get(url + "?vis=all").content.decode().split("<h2", 3)[-1]


def test_moderation_refuses_control_characters_and_changes_nothing(client, autumn, personas):
    r, _ = services.response_submit(autumn, text_values(autumn, "Holmen må bestå"))
    answer = r.answers.get()
    client.force_login(personas.desk_holmen)
    url = reverse("consultations:staff-moderation", kwargs={"slug": autumn.slug})
    page = client.post(
        url,
        {"answer": answer.pk, "action": "approve", "text": "Holmen\x07 må bestå", "show": "all"},
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert f"Svar {answer.pk}: Tekst som kan siteres: Teksten inneholder et kontrolltegn" in html
    assert 'aria-invalid="true"' in html and "Holmen\x07 må bestå" in html  # kept to correct
    page = client.post(
        url, {"answer": answer.pk, "action": "hide", "reason": "Navn\ni loggen", "show": "all"}
    )
    assert page.status_code == 422
    assert "Begrunnelse (for loggen, valgfritt): Linjeskift" in page.content.decode()
    answer.refresh_from_db()
    assert answer.moderation == "pending" and answer.moderated_text == ""
    assert not answer.moderation_log.exists()


def test_published_summary_and_exports(client, autumn, personas):
    services.response_submit(
        autumn, text_values(autumn, '=HYPERLINK("x")'), name="Kari", contact="kari@example.no"
    )
    summary_url = reverse("consultations:summary", kwargs={"slug": autumn.slug})
    assert client.get(summary_url).status_code == 404  # not published yet
    services.consultation_set_status(autumn, Status.CLOSED)
    services.consultation_set_status(autumn, Status.PUBLISHED)
    page = client.get(summary_url)
    assert page.status_code == 200 and "Kari" not in page.content.decode()

    client.force_login(personas.desk_holmen)
    csv_text = client.get(
        reverse("consultations:export-csv", kwargs={"slug": autumn.slug})
    ).content.decode()
    assert "'=HYPERLINK" in csv_text  # not a formula
    assert "kari@example.no" not in csv_text
    xlsx = client.get(
        reverse("consultations:export-xlsx", kwargs={"slug": autumn.slug}) + "?personopplysninger=1"
    )
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert "navn" not in rows[0]  # desk staff never get identities

    client.force_login(personas.management)
    xlsx = client.get(
        reverse("consultations:export-xlsx", kwargs={"slug": autumn.slug}) + "?personopplysninger=1"
    )
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][4:6] == ("navn", "kontakt") and rows[1][4] == "Kari"


def test_kiosk_start_page_leads_to_the_hub_input_and_open_consultations(client, autumn, personas):
    start = client.get(reverse("desk:kiosk", kwargs={"slug": personas.holmen.slug}))
    kiosk_index = reverse("consultations:kiosk-index", kwargs={"hub": personas.holmen.slug})
    assert kiosk_index in start.content.decode()
    html = client.get(kiosk_index).content.decode()
    assert reverse("consultations:kiosk-hub-input", kwargs={"hub": personas.holmen.slug}) in html
    assert autumn.title in html


def _admin_change_data(page, consultation, code_changes=None) -> dict:
    """What the back office's change form posts back unchanged (the consultation, its
    questions and codebook); `code_changes` {theme key: {field: value}} edits the codebook."""
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        title=consultation.title,
        slug=consultation.slug,
        purpose=consultation.purpose,
        use_of_input=consultation.use_of_input,
        status=consultation.status,
        channels='["web"]',
        opens_on=consultation.opens_on.isoformat(),
        closes_on=consultation.closes_on.isoformat(),
        hubs=[h.pk for h in consultation.hubs.all()],
        consent_text="",
        summary_text="",
    )
    if consultation.ask_identity:
        data["ask_identity"] = "on"
    for inline in page.context["inline_admin_formsets"]:
        fs = inline.formset
        prefix = fs.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(fs.forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(fs.initial_forms))
        for i, f in enumerate(fs.forms):
            for name, field in f.fields.items():
                value = f.initial.get(name, field.initial)
                if hasattr(value, "pk"):
                    value = value.pk
                if value is None:
                    value = ""
                if isinstance(value, (list, dict)):
                    value = json.dumps(value)
                data[f"{prefix}-{i}-{name}"] = value
            if fs.model.__name__ == "Code":
                for name, value in (code_changes or {}).get(f.instance.key, {}).items():
                    data[f"{prefix}-{i}-{name}"] = value
    return data


def test_admin_merge_in_the_codebook_moves_codings(client, autumn, personas):
    r, _ = services.response_submit(autumn, text_values(autumn, "Venner"))
    codes = {c.key: c for c in autumn.codes.all()}
    services.coding_set(r.answers.get(), codes["fellesskap"], user=personas.admin, confirmed=True)
    client.force_login(personas.admin)
    url = reverse("admin:consultations_consultation_change", args=[autumn.pk])
    page = client.get(url)
    data = _admin_change_data(
        page, autumn, {"fellesskap": {"merged_into": str(codes["moteplass"].pk)}}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    codes["fellesskap"].refresh_from_db()
    assert codes["fellesskap"].merged_into == codes["moteplass"]
    assert r.answers.get().codings.filter(code=codes["moteplass"], status="confirmed").exists()


def test_poster_per_hub_has_a_qr_code_to_the_form(client, autumn, personas):
    client.force_login(personas.desk_holmen)
    detail = client.get(reverse("consultations:staff-detail", kwargs={"slug": autumn.slug}))
    poster = reverse(
        "consultations:staff-poster", kwargs={"slug": autumn.slug, "hub": personas.tofte.slug}
    )
    assert poster in detail.content.decode()
    html = client.get(poster).content.decode()
    form_url = "http://testserver" + reverse("consultations:answer", kwargs={"slug": autumn.slug})
    assert form_url in html and "<svg" in html and 'role="img"' in html
    assert client.get(poster.replace(personas.tofte.slug, "nowhere")).status_code == 404


# --- issue 15: one create for the API and the pages -----------------------------------------


def _new_from_template(client, user, hub_slug):
    client.force_login(user)
    return client.post(reverse("consultations:staff-index"), {"hub": hub_slug})


def test_page_consultation_asking_for_names_gets_a_deletion_date(client, personas, settings):
    settings.TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS = 30
    response = _new_from_template(client, personas.desk_holmen, personas.holmen.slug)
    assert response.status_code == 302
    made = Consultation.objects.get()
    assert response["Location"].endswith(f"/consultation/{made.pk}/change/")
    assert made.ask_identity and list(made.hubs.all()) == [personas.holmen]
    assert made.identity_delete_on == made.closes_on + timedelta(days=30)


def test_desk_staff_of_another_hub_cannot_create_for_holmen_on_the_page(client, personas):
    client.force_login(personas.desk_tofte)
    html = client.get(reverse("consultations:staff-index")).content.decode()
    assert f'value="{personas.tofte.slug}"' in html
    assert f'value="{personas.holmen.slug}"' not in html
    assert '<option value="">' not in html  # the whole municipality is not theirs either
    response = _new_from_template(client, personas.desk_tofte, personas.holmen.slug)
    assert response.status_code == 403
    response = _new_from_template(client, personas.desk_tofte, "")
    assert response.status_code == 403
    assert Consultation.objects.count() == 0
    # Management may start one for the whole municipality.
    assert _new_from_template(client, personas.management, "").status_code == 302
    assert list(Consultation.objects.get().hubs.all()) == []


def test_coding_reopen_goes_through_the_service(client, autumn, personas):
    r, _ = services.response_submit(autumn, text_values(autumn, "Seniorsenteret"))
    answer = r.answers.get()
    services.answer_finish_coding(answer, user=personas.desk_holmen, confirm_suggestions=True)
    client.force_login(personas.desk_holmen)
    url = reverse("consultations:staff-coding", kwargs={"slug": autumn.slug})
    assert client.post(url, {"answer": answer.pk, "action": "reopen"}).status_code == 302
    answer.refresh_from_db()
    assert not answer.coded


def test_admin_moves_the_deletion_date_with_the_closing_date(client, autumn, personas):
    client.force_login(personas.desk_holmen)
    url = reverse("admin:consultations_consultation_change", args=[autumn.pk])
    data = _admin_change_data(client.get(url), autumn)
    later = autumn.closes_on + timedelta(days=14)
    data.update(closes_on=later.isoformat(), identity_delete_on="2000-01-01")  # read-only
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    autumn.refresh_from_db()
    assert autumn.closes_on == later
    assert autumn.identity_delete_on == services.identity_delete_on_for(later)
    assert autumn.identity_delete_on == later + timedelta(days=90)


def test_admin_keeps_desk_staff_to_their_own_hub(client, personas):
    holmen_only = services.consultation_from_template(hubs=[personas.holmen])
    client.force_login(personas.desk_tofte)
    changelist = client.get(reverse("admin:consultations_consultation_changelist"))
    assert holmen_only.title not in changelist.content.decode()
    change = reverse("admin:consultations_consultation_change", args=[holmen_only.pk])
    assert client.get(change).status_code == 403
    # Adding one for Holmen: the same rule as on the staff pages and in the API.
    add = reverse("admin:consultations_consultation_add")
    new = {
        "title": "Holmen i sommer",
        "purpose": "Hva vil du?",
        "status": "draft",
        "channels": '["web"]',
        "hubs": [personas.holmen.pk],
        "opens_on": "2099-06-01",
        "closes_on": "2099-06-30",
        "ask_identity": "on",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "codes-TOTAL_FORMS": "0",
        "codes-INITIAL_FORMS": "0",
    }
    response = client.post(add, new)
    assert response.status_code == 200  # the form again, with the refusal
    assert "Du har ikke tilgang til å gjøre dette." in response.content.decode()
    assert Consultation.objects.count() == 1
    client.force_login(personas.desk_holmen)
    assert client.post(add, new).status_code == 302
    made = Consultation.objects.get(title="Holmen i sommer")
    assert made.identity_delete_on == services.identity_delete_on_for(made.closes_on)
    client.force_login(personas.desk_tofte)
    # Nor is it opened from the list (the service refuses as well: test_services).
    client.post(
        reverse("admin:consultations_consultation_changelist"),
        {"action": "open_selected", "_selected_action": [holmen_only.pk]},
    )
    holmen_only.refresh_from_db()
    assert holmen_only.status == Status.DRAFT
