"""The answer form, built from a consultation's questions. It only reads the post; the
services decide. Spam checks: a honeypot field and a signed start time (too fast = a bot)."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from torget.consultations.models import STAFF_CHANNELS, Channel, Consultation, QuestionKind
from torget.consultations.services.answers import TEXT_LIMIT
from torget.core.forms import PlainTextForm
from torget.places.models import Hub

HONEYPOT = "website"
STARTED = "started"
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 60 * 60 * 24
SALT = "consultations.form-started"


def started_token(now: float | None = None) -> str:
    return signing.Signer(salt=SALT).sign(f"{now if now is not None else time.time():.3f}")


def fill_seconds(token: str, now: float | None = None) -> float | None:
    """Seconds since the form was shown, or None when the token is missing, forged or old."""
    try:
        shown = float(signing.Signer(salt=SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None
    elapsed = (now if now is not None else time.time()) - shown
    return elapsed if 0 <= elapsed <= MAX_FORM_AGE else None


class AnswerForm(PlainTextForm, forms.Form):
    def __init__(
        self,
        *args: Any,
        consultation: Consultation,
        staff_entry: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.questions = list(consultation.questions.all())
        hubs = list(Hub.objects.order_by("name"))
        for q in self.questions:
            name = f"q{q.pk}"
            if q.kind == QuestionKind.TEXT:
                field: forms.Field = forms.CharField(
                    label=q.text, required=q.required, max_length=5000, widget=forms.Textarea
                )
            elif q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    label=q.text,
                    required=q.required,
                    choices=[(c, c) for c in q.choices],
                    widget=forms.RadioSelect,
                )
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    label=q.text,
                    required=q.required,
                    choices=[(c, c) for c in q.choices],
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = forms.ChoiceField(
                    label=q.text,
                    required=q.required,
                    choices=[("", _("Choose a hub")), *((str(h.pk), h.name) for h in hubs)],
                )
            field.help_text = q.help_text
            field.question = q  # type: ignore[attr-defined]
            self.fields[name] = field
        if consultation.ask_identity and not staff_entry:
            self.fields["name"] = forms.CharField(
                label=_("Name (optional)"), required=False, max_length=200
            )
            self.fields["contact"] = forms.CharField(
                label=_("E-mail or phone (optional)"), required=False, max_length=200
            )
        if staff_entry:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Channel"),
                choices=[(c.value, c.label) for c in Channel if c in STAFF_CHANNELS],
                widget=forms.RadioSelect,
                initial=Channel.PAPER,
            )
            self.fields["hub"] = forms.ChoiceField(
                label=_("Hub where it was given"),
                required=False,
                choices=[("", _("None")), *((str(h.pk), h.name) for h in hubs)],
            )
        self.fields[HONEYPOT] = forms.CharField(
            label=_("Leave this field empty"), required=False, max_length=200
        )

    def question_fields(self) -> list:
        return [self[f"q{q.pk}"] for q in self.questions]

    def values(self) -> dict[int, Any]:
        """{question id: cleaned value} for the services."""
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, ""))


class ModerationForm(PlainTextForm, forms.Form):
    """One decision on the staff moderation page. Only the shape is checked here (the
    wording and the reason refuse control characters, like every form's text); what the
    decision means is `services.answer_moderate`'s."""

    answer = forms.IntegerField(min_value=1)
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("approve", _("Approve")), ("hide", _("Hide")), ("reset", _("Undo"))],
    )
    text = forms.CharField(
        label=_("Text that may be quoted"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea,
    )
    reason = forms.CharField(
        label=_("Reason (for the log, optional)"), required=False, max_length=200
    )
