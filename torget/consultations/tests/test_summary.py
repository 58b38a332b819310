"""Summary counts are exact; quotes only from approved text; hubs mentioned are counted."""

import pytest
from django.urls import reverse

from torget.consultations import selectors, services
from torget.consultations.models import Answer, Status
from torget.consultations.tests.conftest import text_values

pytestmark = pytest.mark.django_db


def _code(consultation, answer, key, user):
    code = consultation.codes.get(key=key)
    services.coding_set(answer, code, user=user, confirmed=True)


def test_counts_per_theme_are_respondents_not_answers(autumn, personas):
    user = personas.desk_holmen
    r1, _ = services.response_submit(
        autumn, text_values(autumn, "Holmen er nær.", "Nært og bra på Holmen.")
    )
    r2, _ = services.response_submit(autumn, text_values(autumn, "Tofte trenger eldresenter."))
    services.response_submit(autumn, text_values(autumn, "Ingenting å si."))
    for answer in r1.answers.all():
        _code(autumn, answer, "naerhet", user)
    _code(autumn, r2.answers.get(), "senior", user)
    s = selectors.summary(autumn)
    assert s.respondents == 3
    counts = {row.code.key: row.respondents for row in s.themes}
    assert counts["naerhet"] == 1  # two answers, one person
    assert counts["senior"] == 1
    assert counts["ansatte"] == 0
    share = {row.code.key: row.share for row in s.themes}
    assert share["naerhet"] == pytest.approx(1 / 3)
    hubs = {row.hub.name: row.mentions for row in s.hubs}
    assert hubs == {"Holmen": 1, "Tofte": 1}
    assert s.per_question[0][1] == 3 and s.per_question[1][1] == 1


def test_quotes_come_only_from_approved_moderated_text(autumn, personas):
    user = personas.desk_holmen
    r, _ = services.response_submit(
        autumn, text_values(autumn, "Kari på Holmen er eldresenterets hjerte.")
    )
    answer = r.answers.get()
    _code(autumn, answer, "senior", user)
    row = next(t for t in selectors.summary(autumn).themes if t.code.key == "senior")
    assert row.quotes == [] and row.suggested_quotes == []
    services.answer_moderate(
        answer, action="approve", user=user, text="[fjernet] på Holmen er eldresenterets hjerte."
    )
    row = next(t for t in selectors.summary(autumn).themes if t.code.key == "senior")
    assert [a.moderated_text for a in row.suggested_quotes] == [
        "[fjernet] på Holmen er eldresenterets hjerte."
    ]
    services.answer_set_quote(answer, user=user, quote=True)
    row = next(t for t in selectors.summary(autumn).themes if t.code.key == "senior")
    assert [a.pk for a in row.quotes] == [answer.pk]


def test_suggested_quotes_are_whole_answers_about_the_theme_alone_first(client, autumn, personas):
    user = personas.desk_holmen
    mixed = "Åpningstidene er for korte. Seniorsenteret er en gave. Bøkene er gamle."
    alone = "Seniorsenteret på Holmen er en gave for oss pensjonister."
    answers = []
    for text in (mixed, alone):
        r, _ = services.response_submit(autumn, text_values(autumn, text))
        answer = r.answers.get()
        _code(autumn, answer, "senior", user)
        services.answer_moderate(answer, action="approve", user=user, text=text)
        answers.append(answer)
    _code(autumn, answers[0], "naerhet", user)
    client.force_login(user)
    page = client.get(reverse("consultations:staff-summary", kwargs={"slug": autumn.slug}))
    html = page.content.decode()
    # Each suggestion is one whole answer; the one about the theme alone comes first.
    assert html.index(f'<blockquote class="consult-quote">{alone}</blockquote>') < html.index(
        f'<blockquote class="consult-quote">{mixed}</blockquote>'
    )


def test_the_overview_says_what_is_left_instead_of_published(client, autumn, personas):
    user = personas.desk_holmen
    r1, _ = services.response_submit(autumn, text_values(autumn, "Holmen er nær.", "Bra."))
    services.response_submit(autumn, text_values(autumn, "Tofte trenger eldresenter."))
    services.consultation_set_status(autumn, Status.CLOSED)
    services.consultation_set_status(autumn, Status.PUBLISHED)
    client.force_login(user)
    index = reverse("consultations:staff-index")
    detail = reverse("consultations:staff-detail", kwargs={"slug": autumn.slug})
    left = (
        "Oppsummeringen ble publisert før alle svar var behandlet: "
        "0 av 3 svar er behandlet; 3 venter på moderering og koding"
    )
    for url in (index, detail):
        html = client.get(url).content.decode()
        assert left in html and "Oppsummering publisert" not in html
    first, second = r1.answers.all()
    services.answer_moderate(first, action="approve", user=user)
    services.answer_finish_coding(first, user=user, confirm_suggestions=False)
    services.answer_moderate(second, action="hide", user=user)
    assert (
        "1 av 3 svar er behandlet; 2 venter (1 på moderering, 2 på koding)"
        in client.get(index).content.decode()
    )
    for answer in Answer.objects.filter(response__consultation=autumn):
        if answer.moderation == "pending":
            services.answer_moderate(answer, action="approve", user=user)
        if not answer.coded:
            services.answer_finish_coding(answer, user=user, confirm_suggestions=False)
    html = client.get(detail).content.decode()
    assert "Oppsummering publisert: 3 av 3 svar er behandlet" in html


def test_hub_mentions_use_the_full_name_and_the_genitive(personas):
    from torget.places.tests.factories import HubFactory

    sentrum = HubFactory(name="Asker sentrum")
    counts = selectors.hub_mentions(
        ["Holmens ansatte", "Asker kommune bør", "i Asker sentrum", "Holmenveien"],
        [personas.holmen, sentrum],
    )
    assert counts == {personas.holmen: 1, sentrum: 1}
