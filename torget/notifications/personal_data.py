"""The outbox in the personal-data registry (torget.core.personal_data): a message holds its
recipient's address and what it told them (a booking, a private link), so it is deleted
once it has done its work, well before the records it told about are blanked."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from torget.core import personal_data
from torget.notifications.models import Message, MessageStatus


def sent_before(cutoff: datetime):
    return Message.objects.filter(status=MessageStatus.SENT, sent_at__lt=cutoff)


def unsent_before(cutoff: datetime):
    # Failed for good, or still queued that long after it was written: nobody will send it.
    return Message.objects.exclude(status=MessageStatus.SENT).filter(created__lt=cutoff)


def _to(user):
    # A message keeps the address or number it went to, not the account.
    return Message.objects.filter(personal_data.contact_rows(user, email="to", phone="to"))


def messages_export(user, *, sent: bool) -> list[dict]:
    messages = (
        _to(user).filter(status=MessageStatus.SENT)
        if sent
        else _to(user).exclude(status=MessageStatus.SENT)
    )
    return [
        personal_data.row(
            {
                _("To"): message.to,
                _("Subject"): message.subject,
                _("Text"): message.body,
                _("Written"): message.created,
                _("Sent"): message.sent_at,
            }
        )
        for message in messages.order_by("created")
    ]


def messages_erase(user, *, sent: bool) -> int:
    messages = (
        _to(user).filter(status=MessageStatus.SENT)
        if sent
        else _to(user).exclude(status=MessageStatus.SENT)
    )
    return messages.delete()[1].get("notifications.Message", 0)


def register() -> None:
    personal_data.register(
        "notifications.sent",
        model="notifications.Message",
        fields=("to", "subject", "body"),
        description=_(
            "E-mail and SMS messages sent to you (confirmations, reminders, sign-in "
            "links): the address or phone number and the text. Deleted after the period, "
            "counted from when the message was sent."
        ),
        retention="TORGET_OUTBOX_RETENTION_DAYS",
        purpose=_("To show what was sent to you, and to answer questions about it."),
        period=_("%(period)s after it was sent"),
        erase=personal_data.delete(sent_before),
        export=lambda user: messages_export(user, sent=True),
        erase_person=lambda user: messages_erase(user, sent=True),
    )
    personal_data.register(
        "notifications.unsent",
        model="notifications.Message",
        fields=("to", "subject", "body"),
        description=_(
            "Messages that could not be sent: kept for the period so staff can see what "
            "failed, then deleted."
        ),
        retention="TORGET_OUTBOX_FAILED_RETENTION_DAYS",
        purpose=_("So staff can see what failed and reach you another way."),
        erase=personal_data.delete(unsent_before),
        export=lambda user: messages_export(user, sent=False),
        erase_person=lambda user: messages_erase(user, sent=False),
    )
