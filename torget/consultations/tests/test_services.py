"""Rules: opening needs a stated use of the input; answering, changing, paper answers,
moderation, coding, identities kept apart and deleted."""

import importlib
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from torget.consultations import services
from torget.consultations.models import (
    Answer,
    Channel,
    CodingStatus,
    Consultation,
    Identity,
    Moderation,
    ModerationLogEntry,
    Response,
    Status,
)
from torget.consultations.tests.conftest import text_values
from torget.core.errors import Conflict, PermissionDenied, ValidationFailed
from torget.core.timeutil import today

pytestmark = pytest.mark.django_db


def test_template_has_the_autumn_2024_questions_and_codebook(personas):
    c = services.consultation_from_template()
    questions = [q.text for q in c.questions.all()]
    assert len(questions) == 4
    assert questions[0].startswith("Har du innspill til hvor det bør være innbyggertorg")
    assert questions[-1] == "Har du andre innspill?"
    assert c.ask_identity  # the seed's "Navn", optional
    assert c.status == Status.DRAFT
    assert [k.key for k in c.codes.all()] == [
        "naerhet",
        "moteplass",
        "kommunal_hjelp",
        "fellesskap",
        "senior",
        "ansatte",
    ]


def test_cannot_open_without_saying_how_input_is_used(personas):
    c = services.consultation_from_template()
    c.use_of_input = " "
    c.save()
    with pytest.raises(ValidationFailed) as error:
        services.consultation_set_status(c, Status.OPEN)
    assert [e["field"] for e in error.value.errors] == ["use_of_input"]
    assert Consultation.objects.get(pk=c.pk).status == Status.DRAFT


def test_answer_is_anonymous_by_default_and_gets_suggestions(autumn):
    response, token = services.response_submit(
        autumn, text_values(autumn, "", "Seniorsenteret på Holmen må bestå, de ansatte er gull.")
    )
    assert token and response.channel == Channel.WEB
    assert not Identity.objects.filter(response=response).exists()
    answer = response.answers.get()
    suggested = {c.code.key: c for c in answer.codings.all()}
    assert set(suggested) >= {"senior", "ansatte"}
    assert suggested["senior"].status == CodingStatus.SUGGESTED
    assert suggested["senior"].reason["words"] == ["seniorsenteret"]


def test_name_and_contact_are_kept_apart_and_deleted_on_the_date(autumn):
    response, _token = services.response_submit(
        autumn, text_values(autumn, "Tofte!"), name="Kari", contact="kari@example.no"
    )
    assert Identity.objects.get(response=response).name == "Kari"
    assert services.identities_purge(today()) == 0
    assert services.identities_purge(autumn.identity_delete_on) == 1
    assert Response.objects.filter(pk=response.pk).exists()


def test_empty_or_unknown_answers_change_nothing(autumn):
    with pytest.raises(ValidationFailed):
        services.response_submit(autumn, text_values(autumn, "", "  "))
    with pytest.raises(ValidationFailed):
        services.response_submit(autumn, {999999: "x"})
    with pytest.raises(ValidationFailed):
        services.response_submit(autumn, text_values(autumn, "x" * 5001))
    assert Response.objects.count() == 0


def test_closed_or_draft_consultation_takes_no_web_answers(autumn, personas):
    autumn.closes_on = today() - timedelta(days=1)
    autumn.save()
    with pytest.raises(Conflict):
        services.response_submit(autumn, text_values(autumn, "Sent svar"))
    draft = services.consultation_from_template()
    with pytest.raises(Conflict):
        services.response_submit(draft, text_values(draft, "Svar"))
    # Paper answers that arrive after the close are still typed in by staff.
    response, token = services.response_submit(
        autumn,
        text_values(autumn, "Papirsvar"),
        channel=Channel.PAPER,
        entered_by=personas.desk_holmen,
    )
    assert response.entered_by == personas.desk_holmen and token == ""


def test_only_staff_enter_paper_answers(autumn, personas):
    with pytest.raises(PermissionDenied):
        services.response_submit(autumn, text_values(autumn, "x"), channel=Channel.PAPER)
    with pytest.raises(PermissionDenied):
        services.response_submit(
            autumn, text_values(autumn, "x"), channel=Channel.MEETING, entered_by=personas.resident
        )


def test_private_link_changes_the_answer_until_close(autumn):
    response, token = services.response_submit(autumn, text_values(autumn, "Første tanke"))
    services.response_change(token, text_values(autumn, "Andre tanke"))
    assert Answer.objects.get(response=response).text == "Andre tanke"
    autumn.closes_on = today() - timedelta(days=1)
    autumn.save()
    with pytest.raises(Conflict):
        services.response_change(token, text_values(autumn, "Tredje tanke"))
    assert Answer.objects.get(response=response).text == "Andre tanke"


def test_redaction_proposal_hides_personal_data_and_swear_words():
    text, hidden = services.redaction_proposal(
        "Jeg heter Kari Nordmann, ring 912 34 567 eller kari@example.no. Helt idiotisk å legge ned!"
    )
    assert "Kari" not in text and "912" not in text and "example" not in text
    assert "idiotisk" not in text
    assert hidden == 4
    assert services.redaction_proposal("Tofte er fint.") == ("Tofte er fint.", 0)


def test_moderation_is_logged_and_only_approved_text_can_be_a_quote(autumn, personas):
    response, _ = services.response_submit(autumn, text_values(autumn, "Ring meg på 91234567"))
    answer = response.answers.get()
    with pytest.raises(Conflict):
        services.answer_set_quote(answer, user=personas.desk_holmen, quote=True)
    services.answer_moderate(
        answer,
        action="approve",
        user=personas.desk_holmen,
        text="Ring meg på [fjernet]",
        reason="telefonnummer",
    )
    answer.refresh_from_db()
    assert answer.moderation == Moderation.APPROVED
    assert answer.moderated_text == "Ring meg på [fjernet]"
    assert answer.text == "Ring meg på 91234567"  # the original stays for coding
    entry = ModerationLogEntry.objects.get(answer=answer)
    assert (entry.action, entry.hidden_parts, entry.by) == ("redacted", 1, personas.desk_holmen)
    services.answer_set_quote(answer, user=personas.desk_holmen, quote=True)
    services.answer_moderate(answer, action="hide", user=personas.desk_holmen)
    answer.refresh_from_db()
    assert (answer.moderation, answer.is_quote, answer.moderated_text) == ("hidden", False, "")
    assert ModerationLogEntry.objects.filter(answer=answer).count() == 2


def test_staff_of_another_hub_cannot_moderate(autumn, personas):
    from torget.accounts.models import RoleKind
    from torget.accounts.tests.factories import UserFactory
    from torget.places.tests.factories import HubFactory

    other = UserFactory.with_role("desk-other", RoleKind.DESK_STAFF, hub=HubFactory(name="Borgen"))
    response, _ = services.response_submit(autumn, text_values(autumn, "Hei"))
    with pytest.raises(PermissionDenied):
        services.answer_moderate(response.answers.get(), action="hide", user=other)


def test_coding_confirm_reject_and_finish(autumn, personas):
    response, _ = services.response_submit(
        autumn, text_values(autumn, "Eldresenteret og de hyggelige ansatte.")
    )
    answer = response.answers.get()
    codes = {c.key: c for c in autumn.codes.all()}
    services.coding_set(answer, codes["ansatte"], user=personas.desk_holmen, confirmed=False)
    services.coding_set(answer, codes["fellesskap"], user=personas.desk_holmen, confirmed=True)
    services.answer_finish_coding(answer, user=personas.desk_holmen, confirm_suggestions=True)
    status = {c.code.key: c.status for c in answer.codings.all()}
    assert status == {"senior": "confirmed", "ansatte": "rejected", "fellesskap": "confirmed"}
    answer.refresh_from_db()
    assert answer.coded


def test_coded_answers_teach_similarity_suggestions(autumn, personas):
    first, _ = services.response_submit(autumn, text_values(autumn, "Bridgeklubben og kortspill."))
    answer = first.answers.get()
    custom = autumn.codes.create(key="spill", label="Spill", keywords="")
    services.coding_set(answer, custom, user=personas.desk_holmen, confirmed=True)
    services.answer_finish_coding(answer, user=personas.desk_holmen, confirm_suggestions=False)
    second, _ = services.response_submit(
        autumn, text_values(autumn, "Mer kortspill og bridgeklubben!")
    )
    coding = second.answers.get().codings.get(code=custom)
    assert coding.reason["similar_to"] == [answer.pk]


def test_merge_moves_codings_and_keywords(autumn, personas):
    codes = {c.key: c for c in autumn.codes.all()}
    response, _ = services.response_submit(autumn, text_values(autumn, "Venner og fellesskap."))
    answer = response.answers.get()
    services.coding_set(answer, codes["fellesskap"], user=personas.desk_holmen, confirmed=True)
    services.code_merge(codes["fellesskap"], codes["moteplass"], actor=personas.desk_holmen)
    codes["fellesskap"].refresh_from_db()
    assert codes["fellesskap"].merged_into == codes["moteplass"]
    assert answer.codings.get(code=codes["moteplass"]).status == CodingStatus.CONFIRMED
    assert "fellesskap" in codes["moteplass"].keyword_list()


def test_standing_hub_consultation_is_open_and_made_once(personas):
    c = services.standing_consultation(personas.holmen)
    assert services.standing_consultation(personas.holmen).pk == c.pk
    assert c.status == Status.OPEN and c.closes_on is None
    assert services.accepts_answers(c, today() + timedelta(days=3650))
    assert c.codes.count() == 6


# --- issue 15: one create, one rule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "hubs", "allowed"),
    [
        ("admin", [], True),
        ("admin", ["holmen"], True),
        ("management", [], True),
        ("management", ["holmen", "tofte"], True),
        ("desk_holmen", ["holmen"], True),
        ("leader", ["holmen"], True),
        ("desk_holmen", [], False),  # the whole municipality is management's to start
        ("desk_holmen", ["holmen", "tofte"], False),
        ("desk_tofte", ["holmen"], False),
        ("resident", ["holmen"], False),
        ("case_officer", ["holmen"], False),
        ("org_contact", [], False),
    ],
)
def test_who_may_make_a_consultation_for_which_hubs(personas, who, hubs, allowed):
    actor = getattr(personas, who)
    if allowed:
        made = services.consultation_from_template(actor=actor, hubs=hubs)
        assert sorted(h.slug for h in made.hubs.all()) == sorted(hubs)
    else:
        with pytest.raises(PermissionDenied):
            services.consultation_from_template(actor=actor, hubs=hubs)
        assert Consultation.objects.count() == 0


def test_deletion_date_follows_the_setting_and_the_closing_date(personas, settings):
    settings.TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS = 14
    made = services.consultation_create(
        actor=personas.desk_holmen,
        title="Åpningstider",
        opens_on=date(2099, 3, 1),
        closes_on=date(2099, 3, 20),
        hubs=[personas.holmen],
        ask_identity=True,
        questions=[services.QuestionSpec(text="Når passer det?")],
    )
    assert made.identity_delete_on == date(2099, 4, 3)
    assert services.identity_delete_on_for(None) is None  # a standing input never closes


def test_the_database_refuses_names_without_a_deletion_date(personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.create(
            title="Uten dato", purpose="x", ask_identity=True, closes_on=date(2099, 1, 1)
        )


def test_backfill_gives_old_consultations_their_deletion_date(personas, settings):
    """The migration for issue 15 dates the consultations the API made without one."""
    from django.apps import apps

    migration = importlib.import_module(
        "torget.consultations.migrations.0002_identity_deletion_date"
    )
    old = Consultation.objects.create(title="Fra API", purpose="x", closes_on=date(2099, 1, 1))
    standing = services.standing_consultation(personas.holmen)
    migration.backfill(apps, None)
    old.refresh_from_db()
    standing.refresh_from_db()
    assert old.identity_delete_on == date(2099, 1, 1) + timedelta(days=90)
    assert standing.identity_delete_on is None


def test_create_checks_everything_and_writes_nothing_on_a_problem(personas):
    with pytest.raises(ValidationFailed) as error:
        services.consultation_create(
            actor=personas.admin,
            title="Feil",
            opens_on=date(2099, 3, 1),
            closes_on=date(2099, 2, 1),
            hubs=["finnes-ikke"],
            channels=["fax"],
            questions=[services.QuestionSpec(text="Velg", kind="single_choice", choices=["A"])],
            codebook=[services.CodeSpec("a", "A"), services.CodeSpec("a", "B")],
        )
    assert [e["field"] for e in error.value.errors] == [
        "hubs",
        "closes",
        "questions.0.options",
        "codebook",
        "channels",
    ]
    assert Consultation.objects.count() == 0


def _holmen_only(personas):
    return services.consultation_set_status(
        services.consultation_from_template(actor=personas.desk_holmen, hubs=[personas.holmen]),
        Status.OPEN,
        actor=personas.desk_holmen,
    )


def test_staff_of_another_hub_cannot_open_close_or_publish(personas):
    consultation = _holmen_only(personas)
    with pytest.raises(PermissionDenied):
        services.consultation_set_status(consultation, Status.CLOSED, actor=personas.desk_tofte)
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN
    services.consultation_set_status(consultation, Status.CLOSED, actor=personas.leader)
    consultation.refresh_from_db()
    assert consultation.status == Status.CLOSED


def test_staff_of_another_hub_cannot_merge_themes_or_reopen_coding(personas):
    consultation = _holmen_only(personas)
    codes = {c.key: c for c in consultation.codes.all()}
    response, _ = services.response_submit(consultation, text_values(consultation, "Venner"))
    answer = response.answers.get()
    services.answer_finish_coding(answer, user=personas.desk_holmen, confirm_suggestions=True)
    with pytest.raises(PermissionDenied):
        services.code_merge(codes["fellesskap"], codes["moteplass"], actor=personas.desk_tofte)
    with pytest.raises(PermissionDenied):
        services.answer_reopen_coding(answer, user=personas.desk_tofte)
    codes["fellesskap"].refresh_from_db()
    answer.refresh_from_db()
    assert codes["fellesskap"].merged_into is None and answer.coded
    services.answer_reopen_coding(answer, user=personas.desk_holmen)
    answer.refresh_from_db()
    assert not answer.coded
