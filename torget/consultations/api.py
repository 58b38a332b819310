"""The citizen input API (API.md): create a consultation, answer it, read a response with
its themes, and the summary.

Anonymous answers are rate limited per address (100 a minute, the contract's burst for
anonymous writes: a kiosk or office network shares one address); over it, 429.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.errors import Throttled

from torget.consultations import selectors, services
from torget.consultations.models import (
    Channel,
    CodingStatus,
    Consultation,
)
from torget.consultations.models import (
    Status as ConsultationStatus,
)
from torget.core.errors import NotFound
from torget.core.ratelimit import rate_limited
from torget.core.schemas import Day, Id, OneLine, Slug, Text, problems

router = Router(tags=["consultations"])

QuestionType = Literal["free_text", "single_choice", "multiple_choice", "hub"]


def _auth():
    from torget.accounts.api_auth import signed_in

    return signed_in


def _anyone():
    from torget.accounts.api_auth import anyone

    return anyone


def _anyone_security():
    from torget.accounts.api_auth import ANYONE_SECURITY

    return ANYONE_SECURITY


class QuestionIn(Schema):
    text: Text = Field(min_length=1, max_length=300)
    type: QuestionType
    options: list[OneLine] = Field(default_factory=list, max_length=50)
    required: bool = False


class CodeIn(Schema):
    code: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    label: OneLine = Field(min_length=1, max_length=120)
    keywords: list[OneLine] = Field(default_factory=list, max_length=200)


class ConsultationIn(Schema):
    title: OneLine = Field(min_length=1, max_length=200)
    opens: Day
    closes: Day
    questions: list[QuestionIn] = Field(min_length=1, max_length=50)
    codebook: list[CodeIn] | None = Field(
        None, max_length=50, description="Default: the hub-consultation codebook (six themes)."
    )
    purpose: Text = Field("", max_length=5000)
    use_of_input: Text = Field(
        "",
        max_length=5000,
        description="How the input will be used, shown on the form. Default: a standard "
        "statement (read by the responsible staff, summarised and published).",
    )
    hubs: list[Slug] = Field(default_factory=list, max_length=50, description="Hub slugs.")
    channels: list[Channel] = Field(default_factory=lambda: [Channel.WEB, Channel.KIOSK])
    ask_identity: bool = False
    consent_text: Text = Field("", max_length=5000)
    draft: bool = Field(False, description="Save as a draft instead of opening it.")


class QuestionOut(Schema):
    id: int
    text: str
    type: str
    options: list[str]


class ConsultationOut(Schema):
    id: int
    slug: str
    status: str
    url: str
    questions: list[QuestionOut]


class ResponseIn(Schema):
    answers: dict[int, Text | list[OneLine] | None] = Field(
        description="{question_id: text, an option, a list of options, or a hub's slug}",
        max_length=50,
    )


class ResponseCreatedOut(Schema):
    id: int
    suggested_themes: list[str]
    change_url: str = Field(description="Private link to change the answer until it closes.")


class ThemeWhyOut(Schema):
    code: str
    status: str
    words: list[str]
    similar_to: list[int]


class AnswerOut(Schema):
    question_id: int
    text: str
    options: list[str]
    hub: str | None
    suggested_themes: list[str]
    confirmed_themes: list[str]
    why: list[ThemeWhyOut]


class ResponseOut(Schema):
    id: int
    channel: str
    hub: str | None
    submitted: Any
    suggested_themes: list[str]
    confirmed_themes: list[str]
    answers: list[AnswerOut]


class ThemeOut(Schema):
    code: str
    label: str
    count: int = Field(description="Respondents with the theme confirmed.")
    share: float = Field(description="count / respondents")
    quotes: list[str] = Field(description="Chosen quotes, moderated text only.")


class HubCountOut(Schema):
    hub: str
    mentions: int
    themes: dict[str, int]


class SummaryOut(Schema):
    id: int
    title: str
    status: str
    respondents: int
    opens: date | None
    closes: date | None
    themes: list[ThemeOut]
    by_hub: list[HubCountOut]
    answers_per_question: dict[int, int]


def _consultation(consultation_id: int) -> Consultation:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        raise NotFound()
    return consultation


def _out(consultation: Consultation) -> dict:
    return {
        "id": consultation.pk,
        "slug": consultation.slug,
        "status": consultation.status,
        "url": reverse("consultations:answer", kwargs={"slug": consultation.slug}),
        "questions": [
            {"id": q.pk, "text": q.text, "type": q.kind, "options": q.choices}
            for q in consultation.questions.all()
        ],
    }


@router.post(
    "/consultations",
    response={201: ConsultationOut, **problems(401, 403, 422)},
    auth=_auth(),
    summary="Create a consultation (administrators and management; hub staff for their own hubs)",
)
def create_consultation(request: HttpRequest, payload: ConsultationIn):
    consultation = services.consultation_create(
        actor=request.user,
        title=payload.title,
        purpose=payload.purpose,
        use_of_input=payload.use_of_input,
        opens_on=payload.opens,
        closes_on=payload.closes,
        hubs=payload.hubs,
        channels=[str(c) for c in payload.channels],
        ask_identity=payload.ask_identity,
        consent_text=payload.consent_text,
        questions=[
            services.QuestionSpec(
                text=q.text, kind=q.type, choices=list(q.options), required=q.required
            )
            for q in payload.questions
        ],
        codebook=[
            services.CodeSpec(key=c.code, label=c.label, keywords=list(c.keywords))
            for c in payload.codebook
        ]
        if payload.codebook
        else None,
        open_now=not payload.draft,
    )
    return Status(201, _out(consultation))


@router.post(
    "/consultations/{int:consultation_id}/responses",
    response={201: ResponseCreatedOut, **problems(404, 409, 422, 429)},
    auth=None,
    summary="Answer a consultation (anyone, while it is open)",
)
def post_response(request: HttpRequest, consultation_id: int, payload: ResponseIn):
    # The web form's limit, counted together with it: one client, one budget of answers.
    from torget.consultations.views import RATE, RATE_WINDOW

    if rate_limited(request, f"consultation:{Channel.WEB}", RATE[Channel.WEB], RATE_WINDOW):
        raise Throttled(wait=RATE_WINDOW)
    consultation = _consultation(consultation_id)
    if consultation.status == ConsultationStatus.DRAFT:
        raise NotFound()
    response, token = services.response_submit(consultation, dict(payload.answers))
    suggested = sorted(
        {
            c.code.key
            for a in response.answers.all()
            for c in a.codings.select_related("code")
            if c.status == CodingStatus.SUGGESTED
        }
    )
    return Status(
        201,
        {
            "id": response.pk,
            "suggested_themes": suggested,
            "change_url": request.build_absolute_uri(
                reverse("consultations:change", kwargs={"token": token})
            ),
        },
    )


@router.get(
    "/consultations/{int:consultation_id}/responses/{int:response_id}",
    response={200: ResponseOut, **problems(401, 403, 404)},
    auth=_auth(),
    summary="One response with its suggested and confirmed themes (staff)",
)
def get_response(request: HttpRequest, consultation_id: int, response_id: Id):
    consultation = _consultation(consultation_id)
    response = selectors.response_for_staff(
        actor=request.user, consultation=consultation, response_id=response_id
    )
    answers = []
    all_suggested: set[str] = set()
    all_confirmed: set[str] = set()
    for a in response.answers.select_related("hub").prefetch_related("codings__code"):
        codings = list(a.codings.all())
        suggested = sorted(c.code.key for c in codings if c.status == CodingStatus.SUGGESTED)
        confirmed = sorted(c.code.key for c in codings if c.status == CodingStatus.CONFIRMED)
        all_suggested.update(suggested)
        all_confirmed.update(confirmed)
        answers.append(
            {
                "question_id": a.question_id,
                "text": a.text,
                "options": a.choices,
                "hub": a.hub.slug if a.hub else None,
                "suggested_themes": suggested,
                "confirmed_themes": confirmed,
                "why": [
                    {
                        "code": c.code.key,
                        "status": c.status,
                        "words": c.reason.get("words", []),
                        "similar_to": c.reason.get("similar_to", []),
                    }
                    for c in codings
                ],
            }
        )
    return {
        "id": response.pk,
        "channel": response.channel,
        "hub": response.hub.slug if response.hub else None,
        "submitted": response.submitted,
        "suggested_themes": sorted(all_suggested),
        "confirmed_themes": sorted(all_confirmed),
        "answers": answers,
    }


@router.get(
    "/consultations/{int:consultation_id}/summary",
    response={200: SummaryOut, **problems(401, 404)},
    # Staff see an unpublished summary: by bearer token as by session (API.md).
    auth=_anyone(),
    openapi_extra=_anyone_security(),
    summary="The summary: respondents, themes with counts, shares and quotes "
    "(anyone once published, staff always)",
)
def get_summary(request: HttpRequest, consultation_id: int):
    consultation = _consultation(consultation_id)
    s = selectors.summary_for(actor=request.user, consultation=consultation)
    questions = list(consultation.questions.all())
    return {
        "id": consultation.pk,
        "title": consultation.title,
        "status": consultation.status,
        "respondents": s.respondents,
        "opens": consultation.opens_on,
        "closes": consultation.closes_on,
        "themes": [
            {
                "code": row.code.key,
                "label": row.code.label,
                "count": row.respondents,
                "share": round(row.share, 4),
                "quotes": [a.moderated_text for a in row.quotes],
            }
            for row in s.themes
        ],
        "by_hub": [
            {
                "hub": row.hub.slug,
                "mentions": row.mentions,
                "themes": {code.key: n for code, n in row.themes},
            }
            for row in s.hubs
        ],
        "answers_per_question": {
            q.pk: n for q, (_t, n) in zip(questions, s.per_question, strict=True)
        },
    }
