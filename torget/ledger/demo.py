"""Demo data for the ledger: the year 2023 as imported monthly totals that reproduce the
2024 memo's figure exactly (all hubs, 2023):

    non-municipal activities 3896, municipal activities 1517,
    non-municipal meetings 1275, municipal meetings 744

spread over the nine demo hubs and twelve months by fixed weights (invented, but plausible:
the big central hub does most, July is quiet), plus invented inquiry tallies by topic and
channel. Deterministic and exact: remainders go by the largest-remainder rule. Other years'
rows come from the other apps' demo data (bookings, events, inquiries).

Idempotent: every row has a fixed source id (`demo-2023:<hub>:<month>:<kind>:<class>`), so
a second run updates the same rows, and rows this version no longer makes are removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from torget.ledger.models import EntryKind, EntrySource, LedgerEntry, OrganiserClass
from torget.ledger.services import LedgerFact, ledger_record_many
from torget.places.models import Hub

YEAR = 2023
PREFIX = f"demo-{YEAR}:"

# (kind, class) → the memo's total for all hubs in 2023.
MEMO = {
    (EntryKind.ACTIVITY, OrganiserClass.NON_MUNICIPAL): 3896,
    (EntryKind.ACTIVITY, OrganiserClass.MUNICIPAL): 1517,
    (EntryKind.MEETING, OrganiserClass.NON_MUNICIPAL): 1275,
    (EntryKind.MEETING, OrganiserClass.MUNICIPAL): 744,
}
# Average participants per activity or meeting (invented).
AVERAGE_PARTICIPANTS = {
    (EntryKind.ACTIVITY, OrganiserClass.NON_MUNICIPAL): 14,
    (EntryKind.ACTIVITY, OrganiserClass.MUNICIPAL): 11,
    (EntryKind.MEETING, OrganiserClass.NON_MUNICIPAL): 7,
    (EntryKind.MEETING, OrganiserClass.MUNICIPAL): 6,
}
# How busy each hub is (invented); a hub not listed weighs 1.
HUB_WEIGHTS = {
    "asker-sentrum": 3.2,
    "holmen": 1.6,
    "heggedal": 1.0,
    "slemmestad": 1.1,
    "spikkestad": 0.9,
    "saetre": 0.8,
    "tofte": 0.6,
    "borgen": 0.9,
    "vollen": 1.0,
}
# January … December: quiet in July, busy in spring and autumn.
MONTH_WEIGHTS = (9, 9, 10, 9, 9, 7, 3, 6, 10, 10, 10, 8)
# Inquiries at the desk in 2023 per unit of hub weight, by topic and by channel (invented).
INQUIRIES_PER_WEIGHT = 700
TOPIC_WEIGHTS = {
    "building_guidance": 8,
    "kindergarten": 4,
    "digital_help": 22,
    "nav": 9,
    "tax": 6,
    "health_care": 5,
    "housing": 3,
    "library": 10,
    "whats_on": 12,
    "general_info": 14,
    "complaint": 2,
    "lost_found": 2,
    "just_a_chat": 7,
    "other": 3,
}
CHANNEL_WEIGHTS = {"walk_in": 62, "phone": 24, "email": 8, "chat": 4, "video": 2}


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights`, exactly: the largest remainders get the
    units left over, ties to the earlier item."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    parts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def facts_for(hubs: Sequence[Hub]) -> list[tuple[str, LedgerFact]]:
    """Every 2023 demo row, with its fixed source id."""
    hubs = sorted(hubs, key=lambda h: h.slug)
    hub_weights = [HUB_WEIGHTS.get(h.slug, 1.0) for h in hubs]
    facts: list[tuple[str, LedgerFact]] = []

    for (kind, organiser_class), total in MEMO.items():
        average = AVERAGE_PARTICIPANTS[(kind, organiser_class)]
        for hub, hub_total in zip(hubs, apportion(total, hub_weights), strict=True):
            for month, count in enumerate(apportion(hub_total, MONTH_WEIGHTS), start=1):
                if not count:
                    continue
                facts.append(
                    (
                        f"{PREFIX}{hub.slug}:{month:02d}:{kind}:{organiser_class}",
                        LedgerFact(
                            hub_id=hub.pk,
                            date=date(YEAR, month, 1),
                            kind=kind,
                            organiser_class=organiser_class,
                            title="Månedstall (importert, oppdiktet fordeling)",
                            participants=count * average,
                            count=count,
                        ),
                    )
                )

    topics, topic_weights = zip(*TOPIC_WEIGHTS.items(), strict=True)
    channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
    for hub, weight in zip(hubs, hub_weights, strict=True):
        hub_total = round(weight * INQUIRIES_PER_WEIGHT)
        for topic, topic_total in zip(topics, apportion(hub_total, topic_weights), strict=True):
            per_channel = apportion(topic_total, channel_weights)
            for channel, channel_total in zip(channels, per_channel, strict=True):
                per_month = apportion(channel_total, MONTH_WEIGHTS)
                for month, count in enumerate(per_month, start=1):
                    if not count:
                        continue
                    facts.append(
                        (
                            f"{PREFIX}{hub.slug}:{month:02d}:inquiry:{topic}:{channel}",
                            LedgerFact(
                                hub_id=hub.pk,
                                date=date(YEAR, month, 1),
                                kind=EntryKind.INQUIRY,
                                category=topic,
                                channel=channel,
                                title="Henvendelser (importert, oppdiktet fordeling)",
                                count=count,
                            ),
                        )
                    )
    return facts


def load() -> None:
    """The 2023 rows for the demo hubs (nothing when there are none)."""
    hubs = list(Hub.objects.filter(is_demo=True))
    facts = facts_for(hubs) if hubs else []
    keys = {source_id for source_id, _fact in facts}
    existing = LedgerEntry.objects.filter(
        source=EntrySource.IMPORT, source_id__startswith=PREFIX
    ).values_list("pk", "source_id")
    stale = [pk for pk, source_id in existing if source_id not in keys]
    for offset in range(0, len(stale), 500):
        LedgerEntry.objects.filter(pk__in=stale[offset : offset + 500]).delete()
    if facts:
        ledger_record_many(source=EntrySource.IMPORT, facts=list(facts))
