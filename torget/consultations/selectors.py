"""Reads: lists, the summary (counts per theme, per hub, quotes), hub mentions, exports."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from torget.consultations import quotes as quote_rules
from torget.consultations.models import (
    Answer,
    Code,
    Coding,
    CodingStatus,
    Consultation,
    Moderation,
    QuestionKind,
    Response,
    Status,
)
from torget.consultations.permissions import (
    can_create_consultation,
    can_see_identities,
    can_work_on,
    require_staff,
)
from torget.core.errors import NotFound
from torget.core.text import norwegian_sort_key
from torget.places.models import Hub

QUOTES_PER_THEME = 3
SUGGESTED_QUOTES = 3
# The suggestions are the best of this many (by the coding's score), see quotes.best_first.
SUGGESTION_POOL = 100


def public_consultations() -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        status__in=[Status.OPEN, Status.PUBLISHED], standing_hub__isnull=True
    ).prefetch_related("hubs")


def consultation_by_slug(slug: str) -> Consultation | None:
    return Consultation.objects.filter(slug=slug).prefetch_related("hubs").first()


def consultations_for_staff(user) -> list[Consultation]:
    """The consultations the user works on (the staff pages' list, the back office's)."""
    return [
        c
        for c in Consultation.objects.prefetch_related("hubs").select_related("standing_hub")
        if can_work_on(user, c)
    ]


def hubs_for_new_consultation(user) -> tuple[bool, list[Hub]]:
    """(whether the user may start one for the whole municipality, the hubs they may start
    one for), in Norwegian order."""
    hubs = [h for h in Hub.objects.all() if can_create_consultation(user, [h])]
    return can_create_consultation(user, []), sorted(hubs, key=lambda h: norwegian_sort_key(h.name))


def response_for_staff(*, actor, consultation: Consultation, response_id: int) -> Response:
    """One response, for staff who work on its consultation."""
    require_staff(actor, consultation)
    response = (
        Response.objects.filter(pk=response_id, consultation=consultation)
        .select_related("hub")
        .first()
    )
    if response is None:
        raise NotFound()
    return response


def hub_name_patterns(hubs: list[Hub]) -> list[tuple[Hub, re.Pattern[str]]]:
    """A hub is mentioned by its full name, also in the genitive: "Holmen", "Holmens",
    "Asker sentrum" (not plain "Asker", which every answer says of the municipality)."""
    return [
        (
            hub,
            re.compile(
                r"(?<![\wæøå])" + r"\s+".join(map(re.escape, hub.name.split())) + r"s?(?![\wæøå])",
                re.IGNORECASE,
            ),
        )
        for hub in hubs
    ]


def hub_mentions(texts: list[str], hubs: list[Hub]) -> Counter[Hub]:
    """How many of the texts mention each hub (a text counts once per hub)."""
    counts: Counter[Hub] = Counter()
    patterns = hub_name_patterns(hubs)
    for text in texts:
        for hub, pattern in patterns:
            if pattern.search(text):
                counts[hub] += 1
    return counts


@dataclass
class ThemeRow:
    code: Code
    respondents: int
    share: float  # of the respondents who answered
    quotes: list[Answer] = field(default_factory=list)
    suggested_quotes: list[Answer] = field(default_factory=list)


@dataclass
class HubRow:
    hub: Hub
    mentions: int
    themes: list[tuple[Code, int]]


@dataclass
class Summary:
    consultation: Consultation
    respondents: int
    per_channel: list[tuple[str, int]]
    per_question: list[tuple[str, int]]
    themes: list[ThemeRow]
    hubs: list[HubRow]
    coded_answers: int
    text_answers: int


def summary(consultation: Consultation) -> Summary:
    """Exact counts over every response; quotes only from approved, moderated text."""
    responses = Response.objects.filter(consultation=consultation)
    respondents = responses.count()
    per_channel = [
        (str(label), n)
        for value, label in Response._meta.get_field("channel").choices or []
        if (n := responses.filter(channel=value).count())
    ]
    per_question = [
        (q.text, q.n)
        for q in consultation.questions.annotate(
            n=Count(
                "answers",
                filter=~Q(answers__text="")
                | ~Q(answers__choices=[])
                | Q(answers__hub__isnull=False),
            )
        ).order_by("order", "pk")  # a grouped query ignores Meta.ordering: PostgreSQL shuffled
    ]
    codes = list(consultation.codes.filter(merged_into__isnull=True))
    confirmed = Coding.objects.filter(
        answer__response__consultation=consultation, status=CodingStatus.CONFIRMED
    )
    per_code = dict(
        confirmed.values("code")
        .annotate(n=Count("answer__response", distinct=True))
        .values_list("code", "n")
    )
    answers = Answer.objects.filter(response__consultation=consultation).select_related("question")
    text_answers = answers.filter(question__kind=QuestionKind.TEXT).exclude(text="")
    themes = []
    for code in codes:
        n = per_code.get(code.pk, 0)
        quotes = list(
            text_answers.filter(
                moderation=Moderation.APPROVED,
                is_quote=True,
                codings__code=code,
                codings__status=CodingStatus.CONFIRMED,
            ).order_by("pk")[:QUOTES_PER_THEME]
        )
        suggested = quote_rules.best_first(
            list(
                text_answers.filter(
                    moderation=Moderation.APPROVED,
                    is_quote=False,
                    codings__code=code,
                    codings__status=CodingStatus.CONFIRMED,
                ).order_by("-codings__score", "pk")[:SUGGESTION_POOL]
            ),
            SUGGESTED_QUOTES,
        )
        themes.append(ThemeRow(code, n, n / respondents if respondents else 0.0, quotes, suggested))
    themes.sort(key=lambda row: -row.respondents)

    hubs = sorted(Hub.objects.all(), key=lambda h: norwegian_sort_key(h.name))
    by_response: dict[int, list[str]] = {}
    for response_id, text in text_answers.values_list("response_id", "text"):
        by_response.setdefault(response_id, []).append(text)
    chosen_hubs = dict(
        answers.filter(question__kind=QuestionKind.HUB, hub__isnull=False).values_list(
            "response_id", "hub_id"
        )
    )
    patterns = hub_name_patterns(hubs)
    response_hubs: dict[int, set[int]] = {}
    for response_id, texts in by_response.items():
        joined = "\n".join(texts)
        response_hubs[response_id] = {h.pk for h, p in patterns if p.search(joined)}
    for response_id, hub_id in chosen_hubs.items():
        response_hubs.setdefault(response_id, set()).add(hub_id)
    response_codes: dict[int, set[int]] = {}
    for response_id, code_id in confirmed.values_list("answer__response_id", "code_id"):
        response_codes.setdefault(response_id, set()).add(code_id)
    hub_rows = []
    for hub in hubs:
        ids = [r for r, hs in response_hubs.items() if hub.pk in hs]
        if not ids:
            continue
        theme_counts = Counter(c for r in ids for c in response_codes.get(r, set()))
        hub_rows.append(
            HubRow(
                hub,
                len(ids),
                [(code, theme_counts[code.pk]) for code in codes if theme_counts[code.pk]],
            )
        )
    hub_rows.sort(key=lambda row: -row.mentions)
    return Summary(
        consultation=consultation,
        respondents=respondents,
        per_channel=per_channel,
        per_question=per_question,
        themes=themes,
        hubs=hub_rows,
        coded_answers=text_answers.filter(coded=True).count(),
        text_answers=text_answers.count(),
    )


def summary_for(*, actor, consultation: Consultation) -> Summary:
    """The summary once published; before that only for staff who work on it (to anyone
    else it does not exist)."""
    if consultation.status != Status.PUBLISHED and not can_work_on(actor, consultation):
        raise NotFound()
    return summary(consultation)


def coding_queue(consultation: Consultation) -> QuerySet[Answer]:
    """Free-text answers not yet coded, oldest first."""
    return (
        Answer.objects.filter(
            response__consultation=consultation, question__kind=QuestionKind.TEXT, coded=False
        )
        .exclude(text="")
        .select_related("question", "response")
        .order_by("response__submitted", "response_id", "question__order")
    )


def answer_with_codings(answer_id: int, consultation: Consultation) -> Answer | None:
    return (
        Answer.objects.filter(pk=answer_id, response__consultation=consultation)
        .select_related("question", "response")
        .prefetch_related(Prefetch("codings", queryset=Coding.objects.select_related("code")))
        .first()
    )


def export_rows(
    consultation: Consultation, *, actor, with_identity: bool
) -> tuple[list[str], list[list]]:
    """One row per response: id, channel, hub, date, each question, confirmed themes; names
    and contacts when asked for and the actor may see them (otherwise left out)."""
    with_identity = with_identity and can_see_identities(actor, consultation)
    questions = list(consultation.questions.all())
    header = ["id", "kanal", "innbyggertorg", "sendt"]
    if with_identity:
        header += ["navn", "kontakt"]
    header += [q.text for q in questions] + ["temaer"]
    responses = (
        Response.objects.filter(consultation=consultation)
        .select_related("hub", "identity")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("hub")),
            Prefetch(
                "answers__codings",
                queryset=Coding.objects.filter(status=CodingStatus.CONFIRMED).select_related(
                    "code"
                ),
            ),
        )
        .order_by("submitted", "pk")
    )
    rows = []
    from torget.core.timeutil import local_tz

    for response in responses:
        by_q = {a.question_id: a for a in response.answers.all()}
        row: list = [
            response.pk,
            response.get_channel_display(),
            response.hub.name if response.hub else "",
            response.submitted.astimezone(local_tz()).strftime("%d.%m.%Y %H:%M"),
        ]
        if with_identity:
            identity = getattr(response, "identity", None)
            row += [identity.name if identity else "", identity.contact if identity else ""]
        for q in questions:
            a = by_q.get(q.pk)
            if a is None:
                row.append("")
            elif q.kind == QuestionKind.TEXT:
                row.append(a.text)
            elif q.kind == QuestionKind.HUB:
                row.append(a.hub.name if a.hub else "")
            else:
                row.append("; ".join(a.choices))
        keys = sorted({c.code.key for a in response.answers.all() for c in a.codings.all()})
        row.append(", ".join(keys))
        rows.append(row)
    return header, rows
