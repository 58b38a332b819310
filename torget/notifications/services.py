"""Queueing and sending messages. Nothing is sent inside a transaction, nor in a request:
queueing a message queues a job (torget.core.jobs) that `manage.py worker` runs once the
transaction commits; the worker's outbox sweep (torget.notifications.jobs) sends what a
failed attempt or a killed worker left."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone

from torget.core import jobs
from torget.core.errors import ValidationFailed
from torget.notifications.models import Channel, Message, MessageStatus
from torget.notifications.sms import sms_sender

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# After a failed attempt, wait this long times the number of attempts before the next.
BACKOFF = timedelta(minutes=1)


def lease() -> timedelta:
    """How long a sender holds a message it is sending (another sender leaves it alone;
    after it, a message a killed worker held is sent again)."""
    return timedelta(seconds=getattr(settings, "TORGET_OUTBOX_LEASE_SECONDS", 300))


def send_mode() -> str:
    """How a queued message leaves (settings.TORGET_OUTBOX_SEND):

    - `job` (the default): a job per message, run by the worker after commit (in the test
      suite, at commit in the test's thread);
    - `worker`: no job; the worker's outbox sweep sends it within a minute.

    The older values `background` and `commit` mean `job`."""
    if getattr(settings, "TORGET_OUTBOX_SEND_ON_COMMIT", True) is False:  # the older switch
        return "worker"
    return "worker" if getattr(settings, "TORGET_OUTBOX_SEND", "job") == "worker" else "job"


def message_queue(
    *,
    channel: str,
    to: str,
    subject: str,
    body: str,
    key: str,
    template: str,
    sensitive: bool = False,
    hub_id: int | None = None,
    new: bool = False,
) -> Message:
    """Queue a message, once per (key, template, channel): queueing it again returns the
    message already queued (or sent) and sends nothing more.

    `hub_id`: the hub the message is about (its staff may read it in the back office);
    None for messages about no hub (sign-in), which only administrators see.

    `new=True` is for a key made in this transaction (a booking just created): no message
    can have it yet, so a plain insert, without the look-up and its savepoint."""
    errors = []
    if channel not in Channel.values:
        errors.append({"field": "channel", "message": "unknown channel"})
    if not to.strip():
        errors.append({"field": "to", "message": "a recipient is required"})
    if not key.strip() or not template.strip():
        errors.append({"field": "key", "message": "key and template are required"})
    if errors:
        raise ValidationFailed(errors=errors)
    fields = {
        "to": to.strip()[:254],
        "subject": " ".join(subject.split())[:200],
        "body": body,
        "sensitive": sensitive,
        "hub_id": hub_id,
    }
    if new:
        message = Message(key=key[:120], template=template[:60], channel=channel, **fields)
        message.save(force_insert=True)
        created = True
    else:
        message, created = Message.objects.get_or_create(
            key=key[:120], template=template[:60], channel=channel, defaults=fields
        )
    if created and send_mode() == "job":
        jobs.enqueue("torget.notifications.services.message_send", message.pk)
    return message


def _claim(message_id: int) -> bool:
    now = timezone.now()
    return bool(
        Message.objects.filter(pk=message_id, status=MessageStatus.QUEUED)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + lease(), attempts=F("attempts") + 1)
    )


def _deliver(message: Message) -> None:
    if message.channel == Channel.EMAIL:
        send_mail(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.to],
            fail_silently=False,
        )
    else:
        sms_sender().send(to=message.to, body=message.body)


def message_send(message_id: int) -> bool:
    """Send one queued message, unless another sender holds it. True when it was sent."""
    if not _claim(message_id):
        return False
    message = Message.objects.get(pk=message_id)
    try:
        _deliver(message)
    except Exception as exc:
        logger.exception("Sending message %s failed", message_id)
        failed = message.attempts >= MAX_ATTEMPTS
        Message.objects.filter(pk=message_id).update(
            status=MessageStatus.FAILED if failed else MessageStatus.QUEUED,
            last_error=f"{type(exc).__name__}: {exc}"[:300],
            claimed_until=None if failed else timezone.now() + BACKOFF * message.attempts,
        )
        return False
    Message.objects.filter(pk=message_id).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return True


def outbox_send_pending(*, limit: int = 500) -> tuple[int, int]:
    """Send what is still queued, oldest first. Returns (sent, not sent)."""
    now = timezone.now()
    ids = list(
        Message.objects.filter(status=MessageStatus.QUEUED)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("created", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = sum(1 for pk in ids if message_send(pk))
    return sent, len(ids) - sent
