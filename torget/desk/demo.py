"""Demo desk data (invented): two weeks of inquiries at Holmen and Tofte, logged by the
demo desk accounts, and two callback requests with invented phone numbers.

Idempotent: each demo inquiry has a client_id derived from its hub, day and number, so a
second run on the same day finds them all; demo inquiries from other days (an earlier run)
are removed with their ledger rows, so the demo always shows the last two weeks.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone

from torget.accounts.models import User
from torget.core.timeutil import local_tz
from torget.desk.models import CallbackRequest, CallbackStatus, Inquiry
from torget.desk.services import inquiry_log
from torget.ledger.codes import Channel
from torget.ledger.models import EntrySource
from torget.ledger.services import ledger_reverse
from torget.places.models import Hub

NAMESPACE = uuid.UUID("8f1b7a52-5d1e-4c1e-9d59-3a1c0de5a001")
DAYS = 14
DESKS = (("Holmen", "desk-holmen", 9), ("Tofte", "desk-tofte", 5))  # hub, user, taps a day
# Weights: what people come for most (invented, roughly like reference-desk statistics).
TOPIC_WEIGHTS = {
    "digital_help": 9,
    "general_info": 7,
    "nav": 4,
    "building_guidance": 3,
    "tax": 3,
    "library": 3,
    "whats_on": 3,
    "health_care": 2,
    "housing": 2,
    "kindergarten": 2,
    "just_a_chat": 4,
    "complaint": 1,
    "lost_found": 1,
    "other": 1,
}
CHANNEL_WEIGHTS = {Channel.WALK_IN: 10, Channel.PHONE: 4, Channel.EMAIL: 1, Channel.CHAT: 1}
# Invented numbers (000 …): they reach nobody.
CALLBACKS = (
    ("Tofte", "00000001", "building_guidance", CallbackStatus.NEW),
    ("Holmen", "00000002", "digital_help", CallbackStatus.NEW),
)


def _demo_inquiries(now: datetime) -> list[dict]:
    tz = local_tz()
    rng = random.Random(2026)
    wanted = []
    for hub_name, username, per_day in DESKS:
        for back in range(DAYS - 1, -1, -1):
            day = timezone.localdate(now) - timedelta(days=back)
            if day.weekday() >= 5:
                continue
            for n in range(per_day + rng.randint(-2, 3)):
                at = datetime.combine(day, time(9), tzinfo=tz) + timedelta(
                    minutes=rng.randint(0, 6 * 60 - 1)
                )
                topic = rng.choices(list(TOPIC_WEIGHTS), weights=list(TOPIC_WEIGHTS.values()))[0]
                channel = rng.choices(
                    list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values())
                )[0]
                if at > now:
                    continue
                wanted.append(
                    {
                        "hub": hub_name,
                        "username": username,
                        "occurred_at": at,
                        "topic": topic,
                        "channel": channel,
                        "client_id": uuid.uuid5(NAMESPACE, f"{hub_name}:{day.isoformat()}:{n}"),
                    }
                )
    return wanted


def load() -> None:
    now = timezone.now()
    hubs = {h.name: h for h in Hub.objects.filter(name__in=[d[0] for d in DESKS])}
    users = {u.username: u for u in User.objects.filter(username__in=[d[1] for d in DESKS])}
    wanted = [w for w in _demo_inquiries(now) if w["hub"] in hubs and w["username"] in users]
    keep = {w["client_id"] for w in wanted}
    stale = Inquiry.objects.filter(logged_by__in=users.values(), client_id__isnull=False).exclude(
        client_id__in=keep
    )
    for inquiry in stale.select_related("hub"):
        if _is_demo(inquiry):
            ledger_reverse(source=EntrySource.INQUIRY, source_id=inquiry.pk)
            inquiry.delete()
    for w in wanted:
        inquiry_log(
            actor=users[w["username"]],
            hub=hubs[w["hub"]],
            topic=w["topic"],
            channel=w["channel"],
            occurred_at=w["occurred_at"],
            client_id=w["client_id"],
        )
    for hub_name, phone, topic, status in CALLBACKS:
        if hub_name in hubs:
            CallbackRequest.objects.get_or_create(
                hub=hubs[hub_name],
                phone=phone,
                defaults={"topic": topic, "consent": True, "status": status},
            )


def _is_demo(inquiry: Inquiry) -> bool:
    """Made by this module: its client_id is one of ours for its own day."""
    day = timezone.localdate(inquiry.occurred_at).isoformat()
    return any(
        inquiry.client_id == uuid.uuid5(NAMESPACE, f"{inquiry.hub.name}:{day}:{n}")
        for n in range(20)
    )
