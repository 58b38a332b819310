"""The one way to write the ledger: record (idempotent) and reverse."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from torget.core.errors import ValidationFailed
from torget.ledger.models import (
    EntryKind,
    EntrySource,
    LedgerEntry,
    OrganiserType,
    organiser_class_for,
)


@dataclass(frozen=True, slots=True)
class LedgerFact:
    """What a service knows about a thing that happened, in ledger terms."""

    hub_id: int
    date: date
    kind: str
    organiser_type: str = ""
    organiser_class: str = ""
    category: str = ""
    title: str = ""
    participants: int | None = None
    count: int = 1


def _validate(fact: LedgerFact) -> None:
    if fact.kind not in EntryKind.values:
        raise ValidationFailed(errors=[{"field": "kind", "message": f"unknown kind {fact.kind!r}"}])
    if fact.organiser_type and fact.organiser_type not in OrganiserType.values:
        raise ValidationFailed(
            errors=[{"field": "organiser_type", "message": "unknown organiser type"}]
        )
    if fact.count < 1:
        raise ValidationFailed(errors=[{"field": "count", "message": "count must be at least 1"}])


def _validated_class(fact: LedgerFact) -> str:
    """Validate a fact and give its organiser class (municipal / non-municipal / none)."""
    _validate(fact)
    organiser_class = fact.organiser_class or (
        organiser_class_for(fact.organiser_type) if fact.organiser_type else ""
    )
    if fact.kind in (EntryKind.ACTIVITY, EntryKind.MEETING) and not organiser_class:
        raise ValidationFailed(
            errors=[
                {"field": "organiser_type", "message": "activities and meetings need an organiser"}
            ]
        )
    return organiser_class


@transaction.atomic
def ledger_record(*, source: str, source_id: str | int, fact: LedgerFact) -> LedgerEntry:
    """Record (or update) the row for one source thing. Calling it twice keeps one row."""
    if source not in EntrySource.values:
        raise ValidationFailed(
            errors=[{"field": "source", "message": f"unknown source {source!r}"}]
        )
    _validate(fact)
    organiser_class = fact.organiser_class or (
        organiser_class_for(fact.organiser_type) if fact.organiser_type else ""
    )
    if fact.kind in (EntryKind.ACTIVITY, EntryKind.MEETING) and not organiser_class:
        raise ValidationFailed(
            errors=[
                {"field": "organiser_type", "message": "activities and meetings need an organiser"}
            ]
        )
    entry, _created = LedgerEntry.objects.update_or_create(
        source=source,
        source_id=str(source_id),
        defaults={
            "hub_id": fact.hub_id,
            "date": fact.date,
            "kind": fact.kind,
            "organiser_type": fact.organiser_type,
            "organiser_class": organiser_class,
            "category": fact.category,
            "title": fact.title[:200],
            "participants": fact.participants,
            "count": fact.count,
        },
    )
    return entry


@transaction.atomic
def ledger_reverse(*, source: str, source_id: str | int) -> int:
    """Remove the row for a cancelled thing. Reversing what is not there is not an error."""
    deleted, _ = LedgerEntry.objects.filter(source=source, source_id=str(source_id)).delete()
    return deleted


def ledger_record_many(*, source: str, facts: list[tuple[str | int, LedgerFact]]) -> int:
    """Record many rows at once (a weekly series, an import) with the same rules as one."""
    if source not in EntrySource.values:
        raise ValidationFailed(
            errors=[{"field": "source", "message": f"unknown source {source!r}"}]
        )
    rows = []
    for source_id, fact in facts:
        organiser_class = _validated_class(fact)
        rows.append(
            LedgerEntry(
                source=source,
                source_id=str(source_id),
                hub_id=fact.hub_id,
                date=fact.date,
                kind=fact.kind,
                organiser_type=fact.organiser_type,
                organiser_class=organiser_class,
                category=fact.category,
                title=fact.title[:200],
                participants=fact.participants,
                count=fact.count,
            )
        )
    LedgerEntry.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["source", "source_id"],
        update_fields=[
            "hub",
            "date",
            "kind",
            "organiser_type",
            "organiser_class",
            "category",
            "title",
            "participants",
            "count",
        ],
    )
    return len(rows)
