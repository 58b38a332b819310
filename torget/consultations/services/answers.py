"""Answering: one person's answers checked and stored (web, kiosk, or entered by staff from
paper and meetings), and changed later by the private link while the consultation is open."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from torget.consultations.models import (
    STAFF_CHANNELS,
    Answer,
    Channel,
    Consultation,
    Identity,
    Moderation,
    Question,
    QuestionKind,
    Response,
    Status,
    hash_token,
)
from torget.consultations.permissions import require_staff
from torget.consultations.services.status import accepts_answers
from torget.consultations.services.themes import suggestions_refresh
from torget.core.db import serialized_write
from torget.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from torget.places.models import Hub

TEXT_LIMIT = 5000
NAME_LIMIT = 200


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
