"""The one way to write the ledger: record (idempotent), record many, and reverse."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from torget.core.errors import ValidationFailed
from torget.desk.codes import Channel
from torget.ledger.models import (
    EntryKind,
    EntrySource,
    LedgerEntry,
    OrganiserClass,
    OrganiserType,
    organiser_class_for,
)

UPDATABLE = [
    "hub",
    "date",
    "kind",
    "organiser_type",
    "organiser_class",
    "category",
    "channel",
    "title",
    "participants",
    "count",
]


@dataclass(frozen=True, slots=True)
class LedgerFact:
    """What a service knows about a thing that happened, in ledger terms."""

    hub_id: int
    date: date
    kind: str
    organiser_type: str = ""
    organiser_class: str = ""
    category: str = ""
    # How an inquiry came in: a torget.desk.codes.Channel code, or blank.
    channel: str = ""
    title: str = ""
    participants: int | None = None
    count: int = 1


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(errors=[{"field": field, "message": message}])


def _check_source(source: str) -> None:
    if source not in EntrySource.values:
        raise _invalid("source", f"unknown source {source!r}")


def _entry(source: str, source_id: str | int, fact: LedgerFact) -> LedgerEntry:
    """A validated, unsaved row for a fact."""
    if fact.kind not in EntryKind.values:
        raise _invalid("kind", f"unknown kind {fact.kind!r}")
    if fact.organiser_type and fact.organiser_type not in OrganiserType.values:
        raise _invalid("organiser_type", "unknown organiser type")
    if fact.organiser_class and fact.organiser_class not in OrganiserClass.values:
        raise _invalid("organiser_class", "unknown organiser class")
    if fact.channel and fact.channel not in Channel.values:
        raise _invalid("channel", f"unknown channel {fact.channel!r}")
    if fact.count < 1:
        raise _invalid("count", "count must be at least 1")
    organiser_class = fact.organiser_class or (
        organiser_class_for(fact.organiser_type) if fact.organiser_type else ""
    )
    if fact.kind in (EntryKind.ACTIVITY, EntryKind.MEETING) and not organiser_class:
        raise _invalid("organiser_type", "activities and meetings need an organiser")
    return LedgerEntry(
        source=source,
        source_id=str(source_id),
        hub_id=fact.hub_id,
        date=fact.date,
        kind=fact.kind,
        organiser_type=fact.organiser_type,
        organiser_class=organiser_class,
        category=fact.category,
        channel=fact.channel,
        title=fact.title[:200],
        participants=fact.participants,
        count=fact.count,
    )


@transaction.atomic
def ledger_record(
    *, source: str, source_id: str | int, fact: LedgerFact, new: bool = False
) -> LedgerEntry:
    """Record (or update) the row for one source thing. Calling it twice keeps one row.

    `new=True` is for a thing created in the same transaction (no row can exist yet): a
    plain insert without the look-up.
    """
    _check_source(source)
    entry = _entry(source, source_id, fact)
    if new:
        entry.save(force_insert=True)
        return entry
    existing = LedgerEntry.objects.filter(source=source, source_id=entry.source_id).first()
    if existing is not None:
        entry.pk = existing.pk
        entry.save(update_fields=[*UPDATABLE, "recorded_at"])
    else:
        entry.save(force_insert=True)
    return entry


def ledger_record_many(*, source: str, facts: list[tuple[str | int, LedgerFact]]) -> int:
    """Record many rows at once (a weekly series, an import) with the same rules as one."""
    _check_source(source)
    rows = [_entry(source, source_id, fact) for source_id, fact in facts]
    LedgerEntry.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["source", "source_id"],
        update_fields=UPDATABLE,
    )
    return len(rows)


@transaction.atomic
def ledger_reverse(*, source: str, source_id: str | int) -> int:
    """Remove the row for a cancelled thing. Reversing what is not there is not an error."""
    deleted, _ = LedgerEntry.objects.filter(source=source, source_id=str(source_id)).delete()
    return deleted
