"""Making a consultation: by the API or the staff pages, from the autumn-2024 template, and
each hub's standing "input to the hub"; the default codebook every one of them starts with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from torget.consultations import catalogue
from torget.consultations.models import (
    Channel,
    Code,
    Consultation,
    Question,
    QuestionKind,
    Status,
)
from torget.consultations.permissions import require_may_create
from torget.consultations.services.identities import identity_retention_apply
from torget.consultations.services.status import consultation_set_status
from torget.core.db import serialized_write
from torget.core.errors import ValidationFailed
from torget.core.timeutil import today
from torget.places.models import Hub


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
