"""Writing desk data: log and undo inquiries, callback requests and their queue, purges.

Every write goes through here, whoever calls (the desk screen, the API, the offline
queue's resends, the callback queue, the demo), so the rules are enforced once.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub
from torget.core.db import serialized_write
from torget.core.errors import NotFound, ValidationFailed
from torget.desk.errors import (
    CallbackTransition,
    ClientIdReused,
    NotYourInquiry,
    UndoExpired,
)
from torget.desk.models import (
    CALLBACK_RETENTION_DAYS,
    NOTE_LENGTH,
    REFERRED_TO_LENGTH,
    RETENTION_DAYS,
    CallbackRequest,
    CallbackStatus,
    DurationBand,
    Inquiry,
    InquiryTopic,
)
from torget.ledger.codes import DEFAULT_TOPIC_LABELS_NB, Channel, DefaultTopic
from torget.ledger.models import EntryKind, EntrySource
from torget.ledger.services import LedgerFact, ledger_record, ledger_reverse
from torget.places.models import Hub
from torget.places.staffing import NotHubStaff

# API.md: the staff member who logged an inquiry may undo it within 10 minutes. (The desk
# screen offers its undo button for 10 seconds; the server allows the longer window so a
# slow network or a queued tap can still be taken back.) Measured from when the server
# received the inquiry, not from `occurred_at`: an offline tap arrives late.
UNDO_WINDOW = timedelta(minutes=10)
# A tablet's clock may run a little fast; further in the future is a mistake.
CLOCK_SKEW = timedelta(minutes=5)
# How far back an inquiry may be logged (an offline queue that waited over a long weekend).
MAX_AGE = timedelta(days=30)


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(errors=[{"field": field, "message": message}])


def _require_staff(actor: User, hub: Hub) -> None:
    if not can_manage_hub(actor, hub):
        raise NotHubStaff()


@transaction.atomic
def default_topics_ensure() -> int:
    """Create the default topics that are missing (the data migration does this once; a
    test that flushes the database, or an administrator who deleted one, needs it again)."""
    from django.utils import translation

    created = 0
    with translation.override("en"):
        for order, topic in enumerate(DefaultTopic, start=1):
            _topic, made = InquiryTopic.objects.get_or_create(
                code=topic.value,
                defaults={
                    "label_nb": DEFAULT_TOPIC_LABELS_NB[topic],
                    "label_en": str(topic.label),
                    "order": order * 10,
                },
            )
            created += made
    return created


def active_topic_codes() -> set[str]:
    return set(InquiryTopic.objects.filter(active=True).values_list("code", flat=True))


def _ledger_fact(inquiry: Inquiry) -> LedgerFact:
    return LedgerFact(
        hub_id=inquiry.hub_id,
        date=timezone.localdate(inquiry.occurred_at),
        kind=EntryKind.INQUIRY,
        category=inquiry.topic,
        channel=inquiry.channel,
    )


def _replay(existing: Inquiry, hub: Hub) -> Inquiry:
    if existing.hub_id != hub.pk:
        raise ClientIdReused()
    existing.replayed = True
    return existing


@serialized_write
def inquiry_log(
    *,
    actor: User,
    hub: Hub,
    topic: str,
    channel: str,
    occurred_at: datetime | None = None,
    client_id: uuid.UUID | None = None,
    resolved_at_desk: bool | None = None,
    referred_to: str = "",
    duration: str = "",
    note: str = "",
) -> Inquiry:
    """Log one inquiry and its ledger row. Hub staff of that hub only.

    The same `client_id` twice returns the first inquiry (with `replayed = True`): no second
    row, no second ledger row, also when both arrive at the same moment.
    """
    _require_staff(actor, hub)
    if client_id is not None:
        existing = Inquiry.objects.filter(client_id=client_id).first()
        if existing is not None:
            return _replay(existing, hub)
    now = timezone.now()
    occurred_at = occurred_at or now
    errors = []
    if timezone.is_naive(occurred_at):
        errors.append({"field": "occurred_at", "message": _("An offset is required.")})
    elif occurred_at > now + CLOCK_SKEW:
        errors.append({"field": "occurred_at", "message": _("Must not be in the future.")})
    elif occurred_at < now - MAX_AGE:
        errors.append({"field": "occurred_at", "message": _("Must be within the last 30 days.")})
    if topic not in active_topic_codes():
        errors.append({"field": "topic", "message": _("Not a known topic.")})
    if channel not in Channel.values:
        errors.append({"field": "channel", "message": _("Not a known channel.")})
    if duration and duration not in DurationBand.values:
        errors.append({"field": "duration", "message": _("Not a known duration.")})
    if len(referred_to) > REFERRED_TO_LENGTH:
        errors.append({"field": "referred_to", "message": _("Too long.")})
    if len(note) > NOTE_LENGTH:
        errors.append({"field": "note", "message": _("Too long.")})
    if errors:
        raise ValidationFailed(errors=errors)
    try:
        # A savepoint: a concurrent twin with the same client_id makes the insert fail,
        # and the transaction must go on to read the twin.
        with transaction.atomic():
            inquiry = Inquiry.objects.create(
                hub=hub,
                occurred_at=occurred_at,
                topic=topic,
                channel=channel,
                resolved_at_desk=resolved_at_desk,
                referred_to=referred_to.strip(),
                duration=duration,
                note=note.strip(),
                logged_by=actor,
                client_id=client_id,
            )
            ledger_record(
                source=EntrySource.INQUIRY,
                source_id=inquiry.pk,
                fact=_ledger_fact(inquiry),
                new=True,
            )
    except IntegrityError:
        if client_id is None:
            raise
        existing = Inquiry.objects.filter(client_id=client_id).first()
        if existing is None:
            raise
        return _replay(existing, hub)
    return inquiry


@serialized_write
def inquiry_undo(*, actor: User, inquiry_id: int) -> None:
    """Take back an inquiry: only who logged it, within UNDO_WINDOW. Reverses its ledger row."""
    inquiry = (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("hub")
        .filter(pk=inquiry_id)
        .first()
    )
    if inquiry is None:
        raise NotFound()
    if inquiry.logged_by_id != actor.pk or not can_manage_hub(actor, inquiry.hub):
        raise NotYourInquiry()
    if timezone.now() - inquiry.created > UNDO_WINDOW:
        raise UndoExpired()
    ledger_reverse(source=EntrySource.INQUIRY, source_id=inquiry.pk)
    inquiry.delete()


@transaction.atomic
def inquiry_notes_purge(
    *, now: datetime | None = None, older_than_days: int = RETENTION_DAYS
) -> int:
    """Blank the notes of inquiries older than the period. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    return Inquiry.objects.filter(created__lt=cutoff).exclude(note="").update(note="")


# --- Callback requests ---------------------------------------------------------------------

_PHONE_CHARS = re.compile(r"[\s().-]")


def normalise_phone(value: str) -> str:
    """`+47 400 00 000`, `0047 40000000`, `400 00 000` → `40000000`; anything else → ""."""
    text = _PHONE_CHARS.sub("", value or "")
    for prefix in ("+47", "0047"):
        if text.startswith(prefix) and len(text) == len(prefix) + 8:
            text = text[len(prefix) :]
    if re.fullmatch(r"\d{8}", text):
        return text
    # A foreign number: a plus and 8–15 digits.
    if re.fullmatch(r"\+\d{8,15}", text):
        return text
    return ""


@transaction.atomic
def callback_request_create(*, hub: Hub, phone: str, topic: str, consent: bool) -> CallbackRequest:
    """ "Ask to be called" (no login). The phone number is kept CALLBACK_RETENTION_DAYS."""
    errors = []
    number = normalise_phone(phone)
    if not number:
        errors.append(
            {"field": "phone", "message": _("Enter a phone number with 8 digits, e.g. 400 00 000.")}
        )
    if topic not in active_topic_codes():
        errors.append({"field": "topic", "message": _("Choose what it is about.")})
    if not consent:
        errors.append(
            {"field": "consent", "message": _("We can only call you if you agree to it.")}
        )
    if errors:
        raise ValidationFailed(errors=errors)
    return CallbackRequest.objects.create(hub=hub, phone=number, topic=topic, consent=True)


# Which status each action moves a request from, and to.
_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "take": ((CallbackStatus.NEW, CallbackStatus.NO_ANSWER), CallbackStatus.TAKEN),
    "called": ((CallbackStatus.TAKEN,), CallbackStatus.CALLED),
    "no_answer": ((CallbackStatus.TAKEN, CallbackStatus.CALLED), CallbackStatus.NO_ANSWER),
    "resolve": ((CallbackStatus.TAKEN, CallbackStatus.CALLED), CallbackStatus.RESOLVED),
}
CALLBACK_ACTIONS = tuple(_TRANSITIONS)


@serialized_write
def callback_request_advance(*, actor: User, callback_id: int, action: str) -> CallbackRequest:
    """Move a callback request through the queue: take → called → resolved, or no answer
    (back in the queue). Resolving counts it as a phone inquiry in the ledger, once."""
    if action not in _TRANSITIONS:
        raise _invalid("action", _("Not a known action."))
    callback = (
        CallbackRequest.objects.select_for_update(of=("self",))
        .select_related("hub")
        .filter(pk=callback_id)
        .first()
    )
    if callback is None:
        raise NotFound()
    _require_staff(actor, callback.hub)
    allowed_from, target = _TRANSITIONS[action]
    if callback.status not in allowed_from:
        raise CallbackTransition()
    callback.status = target
    if action == "take":
        callback.taken_by = actor
    elif action in ("called", "no_answer"):
        callback.attempts += 1
    elif action == "resolve":
        callback.inquiry = inquiry_log(
            actor=actor,
            hub=callback.hub,
            topic=callback.topic if callback.topic in active_topic_codes() else "other",
            channel=Channel.PHONE,
            # One inquiry per callback, also if this is ever retried.
            client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"torget:callback:{callback.pk}"),
        )
    callback.save()
    return callback


@transaction.atomic
def callback_requests_purge(
    *, now: datetime | None = None, older_than_days: int = CALLBACK_RETENTION_DAYS
) -> int:
    """Delete callback requests (phone numbers) older than the period."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    deleted, _counts = CallbackRequest.objects.filter(created__lt=cutoff).delete()
    return deleted
