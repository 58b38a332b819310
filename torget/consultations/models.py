"""Citizen input (medvirkning): consultations, their questions, answers, theme codes and
the moderation log.

Identity (an optional name and contact) is kept in its own table, apart from the answers,
and deleted at a set date; everything published is built from moderated text only.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from torget.core.text import norwegian_slug
from torget.places.models import Hub


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = "published", _("Summary published")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    KIOSK = "kiosk", _("Kiosk at the hub")
    PAPER = "paper", _("Paper form")
    MEETING = "meeting", _("Dialogue meeting or workshop")


STAFF_CHANNELS = (Channel.PAPER, Channel.MEETING)


class QuestionKind(models.TextChoices):
    TEXT = "free_text", _("Free text")
    SINGLE = "single_choice", _("Single choice")
    MULTIPLE = "multiple_choice", _("Multiple choice")
    HUB = "hub", _("Pick a hub")


class Consultation(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True)
    purpose = models.TextField(_("purpose"), help_text=_("Why we ask, in plain words."))
    use_of_input = models.TextField(
        _("how the input will be used"),
        blank=True,
        help_text=_("Required before the consultation opens: who reads the input, and what for."),
    )
    opens_on = models.DateField(_("opens"), null=True, blank=True)
    closes_on = models.DateField(
        _("closes"), null=True, blank=True, help_text=_("Empty: always open (hub input).")
    )
    hubs = models.ManyToManyField(
        Hub, blank=True, related_name="consultations", verbose_name=_("hubs")
    )
    channels = models.JSONField(
        _("channels"),
        default=list,
        blank=True,
        help_text=_("web, kiosk, paper, meeting"),
    )
    ask_identity = models.BooleanField(
        _("offer name and contact"),
        default=False,
        help_text=_("Answers are anonymous; when ticked, people may add a name and contact."),
    )
    consent_text = models.TextField(_("consent text"), blank=True)
    identity_delete_on = models.DateField(_("delete names and contacts on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    standing_hub = models.OneToOneField(
        Hub,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="standing_consultation",
        verbose_name=_("standing input for hub"),
    )
    summary_text = models.TextField(_("summary"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    is_demo = models.BooleanField(_("invented demo data"), default=False)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_on", "title"]
        constraints = [
            # Names and contacts are never kept without a day they are deleted on
            # (services.identity_retention_apply sets it from the closing date).
            models.CheckConstraint(
                condition=Q(ask_identity=False)
                | Q(closes_on__isnull=True)
                | Q(identity_delete_on__isnull=False),
                name="consultation_identity_deletion_date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            base = norwegian_slug(self.title)[:180] or "medvirkning"
            slug, n = base, 2
            while Consultation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)

    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels[c]) for c in self.channels if c in labels]


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For single and multiple choice.")
    )
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["consultation", "order", "pk"]

    def __str__(self) -> str:
        return self.text


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Response(models.Model):
    """One person's answers (a respondent). Anonymous unless an Identity row says otherwise."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    hub = models.ForeignKey(
        Hub,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered at hub"),
    )
    submitted = models.DateTimeField(_("submitted"))
    updated = models.DateTimeField(_("changed"), auto_now=True)
    edit_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by staff"),
    )
    is_demo = models.BooleanField(_("invented demo data"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["consultation", "submitted", "pk"]
        indexes = [models.Index(fields=["edit_token_hash"])]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.get_channel_display()})"

    def new_edit_token(self) -> str:
        token = secrets.token_urlsafe(24)
        self.edit_token_hash = hash_token(token)
        return token


class Identity(models.Model):
    """Name and contact, kept apart from the answers and deleted at the consultation's date."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="identity")
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact = models.CharField(_("e-mail or phone"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")

    def __str__(self) -> str:
        return self.name or self.contact


class Moderation(models.TextChoices):
    PENDING = "pending", _("Not yet moderated")
    APPROVED = "approved", _("Approved for quoting")
    HIDDEN = "hidden", _("Hidden")


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    choices = models.JSONField(_("chosen"), default=list, blank=True)
    hub = models.ForeignKey(
        Hub,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hub"),
    )
    # Moderation: quotes are built from `moderated_text` only, and only when approved.
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_text = models.TextField(_("text for quoting"), blank=True)
    is_quote = models.BooleanField(_("representative quote"), default=False)
    coded = models.BooleanField(_("coding done"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ModerationLogEntry(models.Model):
    """Who changed what an answer may show, and why. The hidden words are not stored here."""

    class Action(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REDACTED = "redacted", _("Approved with text hidden")
        HIDDEN = "hidden", _("Hidden")
        RESET = "reset", _("Back to not moderated")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="moderation_log")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    hidden_parts = models.PositiveIntegerField(_("hidden parts"), default=0)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.answer_id}"


class Code(models.Model):
    """One theme of a consultation's codebook."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="codes")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Comma-separated Norwegian words or phrases.")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_codes",
        verbose_name=_("merged into"),
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("codebook")
        ordering = ["consultation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "key"], name="code_key_per_consultation"
            )
        ]

    def __str__(self) -> str:
        return self.label

    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.replace("\n", ",").split(",") if k.strip()]


class CodingStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Not this theme")


class Coding(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="codings")
    code = models.ForeignKey(Code, on_delete=models.CASCADE, related_name="codings")
    status = models.CharField(
        _("status"), max_length=10, choices=CodingStatus.choices, default=CodingStatus.SUGGESTED
    )
    score = models.FloatField(_("score"), default=0)
    reason = models.JSONField(_("why"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        constraints = [
            models.UniqueConstraint(fields=["answer", "code"], name="coding_once_per_code"),
        ]
        indexes = [models.Index(fields=["code", "status"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"


OPEN_STATUSES = (Status.OPEN,)
VISIBLE_Q = Q(status__in=[Status.OPEN, Status.CLOSED, Status.PUBLISHED])
