"""Moderation: the proposed redaction staff start from, approving (with the quotable
wording), hiding or resetting an answer (each logged), and marking quotes."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from torget.consultations.models import Answer, Moderation, ModerationLogEntry
from torget.consultations.permissions import require_staff
from torget.consultations.services.answers import TEXT_LIMIT
from torget.core.db import serialized_write
from torget.core.errors import Conflict, ValidationFailed

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
