"""Theme coding: suggesting themes for answers (with the engine in `consultations.coding`),
staff confirming or rejecting them, finishing and reopening an answer, and merging themes."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.consultations import coding as engine
from torget.consultations.models import (
    Answer,
    Code,
    Coding,
    CodingStatus,
    Consultation,
    QuestionKind,
    Response,
)
from torget.consultations.permissions import require_staff
from torget.core.db import serialized_write
from torget.core.errors import ValidationFailed


def active_codes(consultation: Consultation) -> list[Code]:
    return list(consultation.codes.filter(merged_into__isnull=True))


def themes_of(codes: list[Code]) -> list[engine.Theme]:
    return [engine.Theme(c.key, c.keyword_list()) for c in codes]


def coded_examples(consultation: Consultation) -> list[engine.CodedAnswer]:
    """Answers staff have finished coding, with their confirmed themes."""
    answers = (
        Answer.objects.filter(response__consultation=consultation, coded=True)
        .exclude(text="")
        .prefetch_related(
            Prefetch(
                "codings",
                queryset=Coding.objects.filter(status=CodingStatus.CONFIRMED).select_related(
                    "code"
                ),
                to_attr="confirmed",
            )
        )
    )
    return [
        engine.CodedAnswer(a.pk, a.text, frozenset(c.code.key for c in a.confirmed))
        for a in answers
        if a.confirmed
    ]


def suggestions_refresh(
    consultation: Consultation,
    responses: list[Response] | None = None,
    answer_ids: list[int] | None = None,
) -> int:
    """Suggest themes for answers not yet coded (all, or those of `responses`).
    Decisions staff made stay; old suggestions are replaced. Returns suggestions stored."""
    codes = active_codes(consultation)
    if not codes:
        return 0
    by_key = {c.key: c for c in codes}
    themes = themes_of(codes)
    examples = coded_examples(consultation)
    answers = Answer.objects.filter(
        response__consultation=consultation, coded=False, question__kind=QuestionKind.TEXT
    ).exclude(text="")
    if responses is not None:
        answers = answers.filter(response__in=responses)
    if answer_ids is not None:
        answers = answers.filter(pk__in=answer_ids)
    answers_list = list(answers.prefetch_related("codings"))
    corpus = None
    if examples:
        corpus = engine.Corpus([a.text for a in answers_list] + [e.text for e in examples])
    stored = 0
    for answer in answers_list:
        decided = set(
            answer.codings.exclude(status=CodingStatus.SUGGESTED).values_list("code_id", flat=True)
        )
        answer.codings.filter(status=CodingStatus.SUGGESTED).delete()
        rows = []
        for s in engine.suggest(answer.text, themes, examples, corpus):
            code = by_key[s.key]
            if code.pk in decided:
                continue
            rows.append(Coding(answer=answer, code=code, score=s.score, reason=s.reason()))
        Coding.objects.bulk_create(rows)
        stored += len(rows)
    return stored


@serialized_write
def coding_set(answer: Answer, code: Code, *, user, confirmed: bool) -> Coding:
    """Confirm or reject one theme for an answer (a theme staff add by hand is confirmed)."""
    answer = Answer.objects.select_related("response__consultation").get(pk=answer.pk)
    require_staff(user, answer.response.consultation)
    if code.consultation_id != answer.response.consultation_id or code.merged_into_id:
        raise ValidationFailed(
            errors=[{"field": "code", "message": str(_("Not a theme of this codebook."))}]
        )
    coding, _created = Coding.objects.get_or_create(answer=answer, code=code)
    coding.status = CodingStatus.CONFIRMED if confirmed else CodingStatus.REJECTED
    coding.decided_by = user
    coding.decided_at = timezone.now()
    coding.save()
    return coding


@serialized_write
def answer_finish_coding(answer: Answer, *, user, confirm_suggestions: bool) -> Answer:
    """Done with this answer: remaining suggestions are confirmed (or rejected)."""
    answer = Answer.objects.select_related("response__consultation").get(pk=answer.pk)
    require_staff(user, answer.response.consultation)
    now = timezone.now()
    for coding in answer.codings.filter(status=CodingStatus.SUGGESTED):
        # One save each (a handful per answer), so the audit log has every decision.
        coding.status = CodingStatus.CONFIRMED if confirm_suggestions else CodingStatus.REJECTED
        coding.decided_by, coding.decided_at = user, now
        coding.save(update_fields=["status", "decided_by", "decided_at"])
    answer.coded = True
    answer.save(update_fields=["coded"])
    return answer


@serialized_write
def answer_reopen_coding(answer: Answer, *, user) -> Answer:
    """Back to the coding queue: its decisions stay, to be looked at again."""
    answer = Answer.objects.select_related("response__consultation").get(pk=answer.pk)
    require_staff(user, answer.response.consultation)
    answer.coded = False
    answer.save(update_fields=["coded"])
    return answer


@serialized_write
def code_merge(source: Code, target: Code, *, actor) -> Code:
    """Fold `source` into `target`: its confirmed codings move, its keywords join."""
    require_staff(actor, source.consultation)
    if source.pk == target.pk or source.consultation_id != target.consultation_id:
        raise ValidationFailed(
            errors=[
                {
                    "field": "merged_into",
                    "message": str(_("Merge into another theme of the same codebook.")),
                }
            ]
        )
    for coding in source.codings.all():
        existing = Coding.objects.filter(answer=coding.answer, code=target).first()
        if existing is None:
            coding.code = target
            coding.save(update_fields=["code"])
        elif coding.status == CodingStatus.CONFIRMED:
            existing.status = CodingStatus.CONFIRMED
            existing.save(update_fields=["status"])
    keywords = target.keyword_list() + [
        k for k in source.keyword_list() if k not in target.keyword_list()
    ]
    target.keywords = ", ".join(keywords)
    target.save(update_fields=["keywords"])
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    return target
