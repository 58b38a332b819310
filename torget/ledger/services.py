"""The one way to write the ledger: record (idempotent), record many, and reverse."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from torget.core.errors import ValidationFailed
from torget.ledger import rollup
from torget.ledger.codes import Channel
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
    "organisation",
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
    # How an inquiry came in: a torget.ledger.codes.Channel code, or blank.
    channel: str = ""
    title: str = ""
    participants: int | None = None
    count: int = 1
    # The organisation that organised it (accounts.Organisation), when there is one.
    organisation_id: int | None = None


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(errors=[{"field": field, "message": message}])


# The codes as sets, made once: `TextChoices.values` builds a new list on every call, and
# a 52-week series checks each of them 52 times.
SOURCES = frozenset(EntrySource.values)
KINDS = frozenset(EntryKind.values)
ORGANISER_TYPES = frozenset(OrganiserType.values)
ORGANISER_CLASSES = frozenset(OrganiserClass.values)
CHANNELS = frozenset(Channel.values)


def _check_source(source: str) -> None:
    if source not in SOURCES:
        raise _invalid("source", f"unknown source {source!r}")


def _entry(source: str, source_id: str | int, fact: LedgerFact) -> LedgerEntry:
    """A validated, unsaved row for a fact."""
    if fact.kind not in KINDS:
        raise _invalid("kind", f"unknown kind {fact.kind!r}")
    if fact.organiser_type and fact.organiser_type not in ORGANISER_TYPES:
        raise _invalid("organiser_type", "unknown organiser type")
    if fact.organiser_class and fact.organiser_class not in ORGANISER_CLASSES:
        raise _invalid("organiser_class", "unknown organiser class")
    if fact.channel and fact.channel not in CHANNELS:
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
        organisation_id=fact.organisation_id,
        participants=fact.participants,
        count=fact.count,
    )


def ledger_record(
    *, source: str, source_id: str | int, fact: LedgerFact, new: bool = False
) -> LedgerEntry:
    """Record (or update) the row for one source thing. Calling it twice keeps one row.

    `new=True` is for a thing created in the same transaction (no row can exist yet): a
    plain insert without the look-up. The monthly rollup gets the difference.
    """
    _check_source(source)
    entry = _entry(source, source_id, fact)  # bad input is refused before anything is written
    # No savepoint of its own: a failure below fails the caller's whole transaction anyway,
    # and a savepoint is two more statements on every booking.
    with transaction.atomic(savepoint=False):
        return _record(source, entry, new)


def _record(source: str, entry: LedgerEntry, new: bool) -> LedgerEntry:
    deltas: rollup.Deltas = {}
    if new:
        entry.save(force_insert=True)
    else:
        existing = (
            LedgerEntry.objects.select_for_update()
            .filter(source=source, source_id=entry.source_id)
            .first()
        )
        if existing is not None:
            rollup.add(deltas, [existing], -1)
            entry.pk = existing.pk
            entry.save(update_fields=[*UPDATABLE, "recorded_at"])
        else:
            entry.save(force_insert=True)
    rollup.add(deltas, [entry], 1)
    rollup.apply(deltas)
    return entry


LOOKUP_CHUNK = 1000


@transaction.atomic
def ledger_record_many(
    *, source: str, facts: list[tuple[str | int, LedgerFact]], new: bool = False
) -> int:
    """Record many rows at once (a weekly series, an import) with the same rules as one.

    A source id given twice keeps its last fact. The rows already there are read first (and
    locked), so that the monthly rollup gets exactly the difference. `new=True` is for
    things created in this transaction (a series just booked): plain inserts, no look-up."""
    _check_source(source)
    by_id = {str(source_id): _entry(source, source_id, fact) for source_id, fact in facts}
    rows = list(by_id.values())
    deltas: rollup.Deltas = {}
    if new:
        LedgerEntry.objects.bulk_create(rows)
    else:
        ids = list(by_id)
        for offset in range(0, len(ids), LOOKUP_CHUNK):
            existing = LedgerEntry.objects.select_for_update().filter(
                source=source, source_id__in=ids[offset : offset + LOOKUP_CHUNK]
            )
            rollup.add(deltas, existing, -1)
        LedgerEntry.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["source", "source_id"],
            update_fields=UPDATABLE,
        )
    rollup.add(deltas, rows, 1)
    rollup.apply(deltas)
    return len(rows)


@transaction.atomic
def ledger_reverse(*, source: str, source_id: str | int) -> int:
    """Remove the row for a cancelled thing. Reversing what is not there is not an error."""
    rows = list(
        LedgerEntry.objects.select_for_update().filter(source=source, source_id=str(source_id))
    )
    if not rows:
        return 0
    deltas: rollup.Deltas = {}
    rollup.add(deltas, rows, -1)
    deleted, _ = LedgerEntry.objects.filter(pk__in=[r.pk for r in rows]).delete()
    rollup.apply(deltas)
    return deleted
