"""Desk inquiries (tallies without personal data), the topic taxonomy and callback requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from torget.ledger.codes import Channel

# How long an inquiry's optional free-text note is kept before `purge_personal_data`
# blanks it (the registry: torget.desk.personal_data).
RETENTION_DAYS = settings.TORGET_INQUIRY_NOTE_RETENTION_DAYS
# How long a callback request (it holds a phone number) is kept; `purge_personal_data`
# deletes older ones. The inquiry a resolved request counted stays: it holds no phone.
CALLBACK_RETENTION_DAYS = settings.TORGET_CALLBACK_RETENTION_DAYS

TOPIC_CODE_LENGTH = 40
NOTE_LENGTH = 500
REFERRED_TO_LENGTH = 100


class InquiryTopic(models.Model):
    """One entry of the configurable taxonomy. Codes are stable; labels are the hub's words."""

    code = models.SlugField(_("code"), max_length=TOPIC_CODE_LENGTH, unique=True)
    label_nb = models.CharField(_("label (bokmål)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive topics are hidden on the desk screen.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("inquiry topic")
        verbose_name_plural = _("inquiry topics")

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        language = language or get_language() or "nb"
        if language.startswith("en"):
            return self.label_en or self.label_nb
        return self.label_nb or self.label_en


class DurationBand(models.TextChoices):
    UNDER_5 = "under_5", _("Under 5 minutes")
    FROM_5_TO_15 = "5_15", _("5 to 15 minutes")
    OVER_15 = "over_15", _("Over 15 minutes")


class Inquiry(models.Model):
    """One inquiry at a hub: what it was about and how it came in. No personal data."""

    hub = models.ForeignKey(
        "places.Hub", on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("hub")
    )
    occurred_at = models.DateTimeField(_("occurred at"))
    topic = models.CharField(_("topic"), max_length=TOPIC_CODE_LENGTH)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    resolved_at_desk = models.BooleanField(_("resolved at the desk"), null=True, blank=True)
    referred_to = models.CharField(
        _("referred to"),
        max_length=REFERRED_TO_LENGTH,
        blank=True,
        help_text=_("The service the person was referred to, if any."),
    )
    duration = models.CharField(
        _("duration"), max_length=10, choices=DurationBand.choices, blank=True
    )
    note = models.TextField(
        _("note"),
        max_length=NOTE_LENGTH,
        blank=True,
        help_text=format_lazy(
            _(
                "Optional. Never write names, phone numbers or anything else that identifies "
                "a person. Notes are deleted after {days} days."
            ),
            days=RETENTION_DAYS,
        ),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    # The offline queue's idempotency key: the browser makes one per tap.
    client_id = models.UUIDField(_("client id"), null=True, blank=True, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    # Set by `inquiry_log` when a client_id was seen before and the first inquiry is returned.
    replayed = False

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [models.Index(fields=["hub", "occurred_at"], name="desk_inquiry_hub_time")]

    def __str__(self) -> str:
        return f"{self.hub} {self.occurred_at:%Y-%m-%d %H:%M} {self.topic}"


class CallbackStatus(models.TextChoices):
    NEW = "new", _("New")
    TAKEN = "taken", _("Taken")
    CALLED = "called", _("Called")
    NO_ANSWER = "no_answer", _("No answer")
    RESOLVED = "resolved", _("Resolved")


OPEN_CALLBACK_STATUSES = (
    CallbackStatus.NEW,
    CallbackStatus.TAKEN,
    CallbackStatus.CALLED,
    CallbackStatus.NO_ANSWER,
)


class CallbackRequest(models.Model):
    """ "Ask to be called", from the kiosk: a phone number kept only as long as needed."""

    hub = models.ForeignKey(
        "places.Hub",
        on_delete=models.PROTECT,
        related_name="callback_requests",
        verbose_name=_("hub"),
    )
    phone = models.CharField(_("phone"), max_length=20)
    topic = models.CharField(_("topic"), max_length=TOPIC_CODE_LENGTH)
    consent = models.BooleanField(_("consent to be called"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=CallbackStatus.choices, default=CallbackStatus.NEW
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    attempts = models.PositiveSmallIntegerField(_("call attempts"), default=0)
    inquiry = models.OneToOneField(
        Inquiry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callback",
        verbose_name=_("counted as inquiry"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("callback request")
        verbose_name_plural = _("callback requests")
        constraints = [
            models.CheckConstraint(condition=Q(consent=True), name="desk_callback_consent"),
        ]
        indexes = [models.Index(fields=["hub", "status", "created"], name="desk_callback_queue")]

    def __str__(self) -> str:
        return f"{self.hub} {self.created:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CALLBACK_STATUSES
