"""The outbox: every e-mail and SMS is queued here and sent after commit.

A message is written in the same transaction as what it tells about (a booking, a
sign-in request), and sent when that transaction commits; whatever is still queued
(a send failed, or the process died) is sent by `manage.py send_outbox`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to = models.CharField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    # What the message is about ("booking:42", "signin:7:…") and which message it is
    # ("booking.confirmed"): with the channel, the idempotency key — one message each.
    key = models.CharField(_("about"), max_length=120)
    template = models.CharField(_("message"), max_length=60)
    # The hub the message is about: its staff see it in the back office, other hubs' staff
    # do not. None (a sign-in link, say) is for administrators only. A foreign key by name,
    # as a role's hub is: no import of places, which sits above.
    hub = models.ForeignKey(
        "places.Hub",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hub"),
    )
    # A sign-in link lets its reader in: the back office does not show such a text.
    sensitive = models.BooleanField(_("contains a sign-in link"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    # A sender holds the message until then; another sender (the worker) leaves it alone.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "template", "channel"], name="message_once_per_key_and_template"
            )
        ]
        indexes = [models.Index(fields=["status", "created"], name="message_status_created")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.template} → {self.to}"
