"""Opening, closing and publishing a consultation: what it needs before it opens, and
whether it takes answers on a given day."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from torget.consultations.models import Consultation, Status
from torget.consultations.permissions import require_staff
from torget.core.db import serialized_write
from torget.core.errors import Conflict, ValidationFailed
from torget.core.timeutil import today


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
