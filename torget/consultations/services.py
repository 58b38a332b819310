"""The rules and writes of citizen input: making, opening, answering, moderating and coding.

Every write that a person asks for takes that person (`actor`, `user` or `entered_by`) and
checks it here, with the predicates of `consultations.permissions`; pages and the API only
translate the errors. `actor=None` is the system itself (the demo loader, fixtures).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.consultations import catalogue
from torget.consultations import coding as engine
from torget.consultations.models import (
    STAFF_CHANNELS,
    Answer,
    Channel,
    Code,
    Coding,
    CodingStatus,
    Consultation,
    Identity,
    Moderation,
    ModerationLogEntry,
    Question,
    QuestionKind,
    Response,
    Status,
    hash_token,
)
from torget.consultations.permissions import require_may_create, require_staff
from torget.core.db import serialized_write
from torget.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from torget.core.timeutil import today
from torget.places.models import Hub

TEXT_LIMIT = 5000
NAME_LIMIT = 200


# --- names and contacts ------------------------------------------------------------------


def identity_delete_on_for(closes_on: date | None) -> date | None:
    """The day names and contacts given in a consultation closing on `closes_on` are deleted:
    TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS after the close. None while it has no
    closing date (a draft not yet dated, a hub's standing input)."""
    if closes_on is None:
        return None
    return closes_on + timedelta(days=settings.TORGET_CONSULTATION_IDENTITY_RETENTION_DAYS)


def identity_retention_apply(consultation: Consultation) -> None:
    """Set the deletion date from the closing date (not saved): every path that makes a
    consultation or changes when it closes calls this, so the purge finds it."""
    consultation.identity_delete_on = identity_delete_on_for(consultation.closes_on)


# --- creating and opening ----------------------------------------------------------------


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str = QuestionKind.TEXT
    choices: Sequence[str] = ()
    required: bool = False
    help_text: str = ""


@dataclass(frozen=True)
class CodeSpec:
    key: str
    label: str
    keywords: Sequence[str] = ()
    description: str = ""


def codebook_ensure_default(consultation: Consultation) -> None:
    """The six hub themes, unless the consultation already has a codebook."""
    if consultation.codes.exists():
        return
    Code.objects.bulk_create(
        Code(
            consultation=consultation,
            key=key,
            label=label,
            description=description,
            keywords=", ".join(keywords),
            order=n,
        )
        for n, (key, label, description, keywords) in enumerate(catalogue.DEFAULT_CODEBOOK)
    )


def _creation_problems(
    *,
    found: Sequence[Hub],
    slugs: Sequence[str],
    opens_on: date,
    closes_on: date,
    questions: Sequence[QuestionSpec],
    codebook: Sequence[CodeSpec] | None,
    channels: Sequence[str],
) -> list[dict[str, str]]:
    # Field names and wording are the API's (its clients read them); the pages pass the
    # template, which has none of these problems.
    errors = []
    if len(found) != len(set(slugs)):
        errors.append({"field": "hubs", "message": "no such hub"})
    if closes_on < opens_on:
        errors.append({"field": "closes", "message": "closes before it opens"})
    for n, q in enumerate(questions):
        if q.kind not in QuestionKind.values:
            errors.append({"field": f"questions.{n}.type", "message": "unknown type"})
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(q.choices) < 2:
            errors.append({"field": f"questions.{n}.options", "message": "at least two options"})
    if codebook and len({c.key for c in codebook}) != len(codebook):
        errors.append({"field": "codebook", "message": "codes must be unique"})
    if any(c not in Channel.values for c in channels):
        errors.append({"field": "channels", "message": "unknown channel"})
    return errors


@serialized_write
def consultation_create(
    *,
    actor,
    title: str,
    opens_on: date,
    closes_on: date,
    questions: Sequence[QuestionSpec],
    codebook: Sequence[CodeSpec] | None = None,
    purpose: str = "",
    use_of_input: str = "",
    hubs: Sequence[Hub | str] = (),
    channels: Sequence[str] = (Channel.WEB, Channel.KIOSK),
    ask_identity: bool = False,
    consent_text: str = "",
    open_now: bool = False,
) -> Consultation:
    """Make a consultation (the API, and the template on the staff pages): its questions,
    its codebook (default: the six hub themes), the day names and contacts are deleted;
    opened at once with `open_now`. Nothing is written when any of it fails.

    `hubs` are hubs or their slugs; none means the whole municipality. `actor` must be
    allowed to make a consultation for them (`permissions.can_create_consultation`)."""
    slugs = [h.slug if isinstance(h, Hub) else h for h in hubs]
    found = list(Hub.objects.filter(slug__in=slugs))
    if actor is not None:
        require_may_create(actor, found)
    errors = _creation_problems(
        found=found,
        slugs=slugs,
        opens_on=opens_on,
        closes_on=closes_on,
        questions=questions,
        codebook=codebook,
        channels=channels,
    )
    if errors:
        raise ValidationFailed(errors=errors)
    consultation = Consultation(
        title=title,
        purpose=purpose or title,
        use_of_input=use_of_input or catalogue.DEFAULT_USE_OF_INPUT,
        opens_on=opens_on,
        closes_on=closes_on,
        channels=[str(c) for c in channels],
        ask_identity=ask_identity,
        consent_text=consent_text,
    )
    identity_retention_apply(consultation)
    consultation.save()
    consultation.hubs.set(found)
    Question.objects.bulk_create(
        Question(
            consultation=consultation,
            order=n,
            kind=q.kind,
            text=q.text,
            help_text=q.help_text,
            choices=list(q.choices),
            required=q.required,
        )
        for n, q in enumerate(questions, start=1)
    )
    if codebook:
        Code.objects.bulk_create(
            Code(
                consultation=consultation,
                key=c.key,
                label=c.label,
                description=c.description,
                keywords=", ".join(c.keywords),
                order=n,
            )
            for n, c in enumerate(codebook)
        )
    else:
        codebook_ensure_default(consultation)
    if open_now:
        consultation = consultation_set_status(consultation, Status.OPEN, actor=actor)
    return consultation


def consultation_from_template(
    *,
    actor=None,
    opens_on: date | None = None,
    hubs: Sequence[Hub | str] = (),
    title: str = "",
) -> Consultation:
    """A draft with the autumn-2024 questionnaire and the default codebook."""
    t = catalogue.AUTUMN_2024
    opens_on = opens_on or today()
    return consultation_create(
        actor=actor,
        title=title or str(t["title"]),
        purpose=t["purpose"],
        use_of_input=t["use_of_input"],
        consent_text=t["consent_text"],
        ask_identity=t["ask_identity"],
        channels=list(t["channels"]),
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=int(t["duration_days"])),
        hubs=list(hubs or ()),
        questions=[QuestionSpec(text=text) for text in t["questions"]],
    )


def standing_consultation(hub: Hub) -> Consultation:
    """The hub's always-open "input to the hub" consultation (made on first use)."""
    existing = Consultation.objects.filter(standing_hub=hub).first()
    if existing is not None:
        return existing
    return _standing_create(hub)


@serialized_write
def _standing_create(hub: Hub) -> Consultation:
    existing = Consultation.objects.filter(standing_hub=hub).first()
    if existing is not None:
        return existing
    consultation = Consultation.objects.create(
        title=catalogue.STANDING_TITLE.format(hub=hub.name),
        purpose=catalogue.STANDING_PURPOSE.format(hub=hub.name),
        use_of_input=catalogue.STANDING_USE.format(hub=hub.name),
        consent_text=catalogue.AUTUMN_2024["consent_text"],
        channels=[Channel.WEB, Channel.KIOSK, Channel.PAPER],
        opens_on=today(),
        closes_on=None,
        standing_hub=hub,
        status=Status.OPEN,
        is_demo=hub.is_demo,
    )
    consultation.hubs.set([hub])
    Question.objects.create(
        consultation=consultation,
        order=1,
        kind=QuestionKind.TEXT,
        text=catalogue.STANDING_QUESTION,
        help_text=catalogue.STANDING_HELP,
        required=True,
    )
    codebook_ensure_default(consultation)
    return consultation


def opening_problems(consultation: Consultation) -> list[dict[str, str]]:
    errors = []
    if not consultation.use_of_input.strip():
        errors.append(
            {
                "field": "use_of_input",
                "message": str(_("Say how the input will be used before the consultation opens.")),
            }
        )
    if not consultation.questions.exists():
        errors.append({"field": "questions", "message": str(_("Add at least one question."))})
    if consultation.opens_on is None:
        errors.append({"field": "opens_on", "message": str(_("Set the date it opens."))})
    if consultation.closes_on is None and consultation.standing_hub_id is None:
        errors.append({"field": "closes_on", "message": str(_("Set the date it closes."))})
    if (
        consultation.opens_on
        and consultation.closes_on
        and consultation.closes_on < consultation.opens_on
    ):
        errors.append({"field": "closes_on", "message": str(_("It cannot close before it opens."))})
    if not consultation.channels:
        errors.append({"field": "channels", "message": str(_("Choose at least one channel."))})
    return errors


@serialized_write
def consultation_set_status(consultation: Consultation, status: str, *, actor=None) -> Consultation:
    """Open, close or publish; `actor` must work on the consultation."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if actor is not None:
        require_staff(actor, consultation)
    if status not in Status.values:
        raise ValidationFailed(errors=[{"field": "status", "message": str(_("Unknown status."))}])
    if status == Status.OPEN:
        problems = opening_problems(consultation)
        if problems:
            raise ValidationFailed(_("The consultation cannot open yet."), errors=problems)
    if status == Status.PUBLISHED and consultation.status not in (Status.CLOSED, Status.PUBLISHED):
        raise Conflict(_("Close the consultation before publishing its summary."))
    consultation.status = status
    consultation.save(update_fields=["status"])
    return consultation


def accepts_answers(consultation: Consultation, day: date | None = None) -> bool:
    day = day or today()
    if consultation.status != Status.OPEN:
        return False
    if consultation.opens_on and day < consultation.opens_on:
        return False
    return not (consultation.closes_on and day > consultation.closes_on)


# --- answering ---------------------------------------------------------------------------


def _clean_answers(
    consultation: Consultation, values: dict[int, Any]
) -> list[tuple[Question, dict[str, Any]]]:
    """Validate {question id: value}; value is text, a choice, a list of choices or a hub id."""
    questions = list(consultation.questions.all())
    hubs = {h.pk: h for h in Hub.objects.all()}
    slugs = {h.slug: h for h in hubs.values()}
    cleaned: list[tuple[Question, dict[str, Any]]] = []
    errors: list[dict[str, str]] = []
    known = {q.pk for q in questions}
    for qid in values:
        if qid not in known:
            errors.append({"field": f"q{qid}", "message": str(_("No such question."))})
    filled = 0
    for q in questions:
        raw = values.get(q.pk)
        field = f"q{q.pk}"
        row: dict[str, Any] = {"text": "", "choices": [], "hub": None}
        if q.kind == QuestionKind.TEXT:
            text = (raw or "").strip() if isinstance(raw, str) else ""
            if len(text) > TEXT_LIMIT:
                errors.append(
                    {"field": field, "message": str(_("At most 5000 characters, please."))}
                )
            row["text"] = text
            empty = not text
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            chosen = raw if isinstance(raw, list) else ([raw] if raw else [])
            chosen = [c for c in chosen if isinstance(c, str)]
            if any(c not in q.choices for c in chosen) or (
                q.kind == QuestionKind.SINGLE and len(chosen) > 1
            ):
                errors.append({"field": field, "message": str(_("Choose from the list."))})
            row["choices"] = chosen
            empty = not chosen
        else:
            hub = None
            if raw not in (None, ""):
                # A hub's id (the form) or slug (the API).
                key = str(raw)
                hub = hubs.get(int(key)) if key.isdecimal() and len(key) < 19 else slugs.get(key)
                if hub is None:
                    errors.append({"field": field, "message": str(_("Choose from the list."))})
            row["hub"] = hub
            empty = hub is None
        if empty and q.required:
            errors.append({"field": field, "message": str(_("This question needs an answer."))})
        if not empty:
            filled += 1
            cleaned.append((q, row))
    if not errors and not filled:
        errors.append({"field": "__all__", "message": str(_("Answer at least one question."))})
    if errors:
        raise ValidationFailed(errors=errors)
    return cleaned


def _store_answers(response: Response, cleaned: list[tuple[Question, dict[str, Any]]]) -> None:
    keep = []
    for question, row in cleaned:
        answer, _created = Answer.objects.get_or_create(response=response, question=question)
        changed = (answer.text, answer.choices, answer.hub_id) != (
            row["text"],
            row["choices"],
            row["hub"].pk if row["hub"] else None,
        )
        if changed:
            answer.text = row["text"]
            answer.choices = row["choices"]
            answer.hub = row["hub"]
            # A changed answer is moderated and coded afresh.
            answer.moderation = Moderation.PENDING
            answer.moderated_text = ""
            answer.is_quote = False
            answer.coded = False
            answer.save()
            answer.codings.all().delete()
        keep.append(answer.pk)
    response.answers.exclude(pk__in=keep).delete()


@serialized_write
def response_submit(
    consultation: Consultation,
    values: dict[int, Any],
    *,
    channel: str = Channel.WEB,
    hub: Hub | None = None,
    name: str = "",
    contact: str = "",
    entered_by=None,
) -> tuple[Response, str]:
    """Store one person's answers; returns the response and its private change token."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if channel not in Channel.values:
        raise ValidationFailed(errors=[{"field": "channel", "message": str(_("Unknown channel."))}])
    if channel in STAFF_CHANNELS:
        if entered_by is None:
            raise PermissionDenied(_("Only staff enter paper answers and meeting notes."))
        require_staff(entered_by, consultation)
        if consultation.status not in (Status.OPEN, Status.CLOSED):
            raise Conflict(_("This consultation does not take answers."))
    elif not accepts_answers(consultation):
        raise Conflict(_("This consultation is not open for answers."))
    name, contact = (name or "").strip(), (contact or "").strip()
    if len(name) > NAME_LIMIT or len(contact) > NAME_LIMIT:
        raise ValidationFailed(
            errors=[{"field": "name", "message": str(_("At most 200 characters, please."))}]
        )
    cleaned = _clean_answers(consultation, values)
    response = Response(
        consultation=consultation,
        channel=channel,
        hub=hub,
        submitted=timezone.now(),
        entered_by=entered_by,
    )
    token = response.new_edit_token() if channel not in STAFF_CHANNELS else ""
    response.save()
    _store_answers(response, cleaned)
    if consultation.ask_identity and (name or contact):
        Identity.objects.create(response=response, name=name, contact=contact)
    suggestions_refresh(consultation, responses=[response])
    return response, token


def response_by_token(token: str) -> Response:
    if not token or len(token) > 100:
        raise NotFound()
    response = (
        Response.objects.select_related("consultation")
        .filter(edit_token_hash=hash_token(token))
        .first()
    )
    if response is None:
        raise NotFound(_("This link is not valid."))
    return response


@serialized_write
def response_change(token: str, values: dict[int, Any]) -> Response:
    response = response_by_token(token)
    if not accepts_answers(response.consultation):
        raise Conflict(_("The consultation has closed: answers can no longer be changed."))
    cleaned = _clean_answers(response.consultation, values)
    _store_answers(response, cleaned)
    response.save(update_fields=["updated"])
    suggestions_refresh(response.consultation, responses=[response])
    return response


def identities_purge(day: date | None = None) -> int:
    """Delete names and contacts of consultations whose deletion date has come."""
    day = day or today()
    deleted, _rows = Identity.objects.filter(
        response__consultation__identity_delete_on__lte=day
    ).delete()
    return deleted


# --- moderation --------------------------------------------------------------------------

REDACTED = "[fjernet]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\d)(?:\+47[\s-]?)?(?:\d[\s-]?){7}\d(?!\d)")
# A name someone gives of themselves or of a staff member: "jeg heter Kari", "Kari Nordmann".
NAMED = re.compile(
    r"\b((?i:jeg heter|mitt navn er|hilsen|mvh\.?|spesielt|særlig)\s+)"
    r"([A-ZÆØÅ][a-zæøåé]+(?:\s+[A-ZÆØÅ][a-zæøåé]+)?)"
)
OFFENSIVE = re.compile(
    r"\b(idiot\w*|dust\w*|drittsekk\w*|faen|jævl\w*|helvete|hore\w*|fitte\w*|kuk\w*|"
    r"pikk\w*|forbanna|dritt\w*|føkkings?)\b",
    re.IGNORECASE,
)


def redaction_proposal(text: str) -> tuple[str, int]:
    """The text with e-mail addresses, phone numbers, self-given names and swear words
    replaced by "[fjernet]", and how many parts were hidden. Staff check it before approving."""
    count = 0

    def hide(_m: re.Match) -> str:
        nonlocal count
        count += 1
        return REDACTED

    def hide_name(m: re.Match) -> str:
        nonlocal count
        count += 1
        return m.group(1) + REDACTED

    text = EMAIL.sub(hide, text)
    text = PHONE.sub(hide, text)
    text = NAMED.sub(hide_name, text)
    text = OFFENSIVE.sub(hide, text)
    return text, count


@serialized_write
def answer_moderate(
    answer: Answer,
    *,
    action: str,
    user,
    text: str = "",
    reason: str = "",
    quote: bool | None = None,
) -> Answer:
    """approve (with `text` as the quotable wording), hide, or reset; logged."""
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("response__consultation")
        .get(pk=answer.pk)
    )
    require_staff(user, answer.response.consultation)
    reason = (reason or "")[:200]
    if action == "approve":
        wording = (text or "").strip() or answer.text
        if len(wording) > TEXT_LIMIT:
            raise ValidationFailed(
                errors=[{"field": "text", "message": str(_("At most 5000 characters, please."))}]
            )
        hidden = wording.count(REDACTED) - answer.text.count(REDACTED)
        answer.moderation = Moderation.APPROVED
        answer.moderated_text = wording
        log_action = (
            ModerationLogEntry.Action.REDACTED
            if wording != answer.text
            else ModerationLogEntry.Action.APPROVED
        )
        if quote is not None:
            answer.is_quote = quote
    elif action == "hide":
        answer.moderation = Moderation.HIDDEN
        answer.moderated_text = ""
        answer.is_quote = False
        hidden = 1
        log_action = ModerationLogEntry.Action.HIDDEN
    elif action == "reset":
        answer.moderation = Moderation.PENDING
        answer.moderated_text = ""
        answer.is_quote = False
        hidden = 0
        log_action = ModerationLogEntry.Action.RESET
    else:
        raise ValidationFailed(errors=[{"field": "action", "message": str(_("Unknown action."))}])
    answer.save(update_fields=["moderation", "moderated_text", "is_quote"])
    ModerationLogEntry.objects.create(
        answer=answer, action=log_action, reason=reason, hidden_parts=max(hidden, 0), by=user
    )
    return answer


@serialized_write
def answer_set_quote(answer: Answer, *, user, quote: bool) -> Answer:
    answer = (
        Answer.objects.select_for_update(of=("self",))
        .select_related("response__consultation")
        .get(pk=answer.pk)
    )
    require_staff(user, answer.response.consultation)
    if quote and answer.moderation != Moderation.APPROVED:
        raise Conflict(_("Only a moderated, approved answer can be a quote."))
    answer.is_quote = quote
    answer.save(update_fields=["is_quote"])
    return answer


# --- theme coding ------------------------------------------------------------------------


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
    answer.codings.filter(status=CodingStatus.SUGGESTED).update(
        status=CodingStatus.CONFIRMED if confirm_suggestions else CodingStatus.REJECTED,
        decided_by=user,
        decided_at=timezone.now(),
    )
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
