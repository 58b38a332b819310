"""Existing events counted through their room booking's ledger row; from now on the
occurrence writes the row itself and its booking none. Each existing row moves over (the
same hub, date, kind, organiser and participants: the key figures do not change), the
booking is marked as an event's room, and the monthly rollup is rebuilt for the new
category."""

from django.db import migrations


def forwards(apps, schema_editor):
    from torget.ledger.rollup import rebuild_months

    Occurrence = apps.get_model("events", "Occurrence")
    Booking = apps.get_model("booking", "Booking")
    LedgerEntry = apps.get_model("ledger", "LedgerEntry")
    LedgerMonth = apps.get_model("ledger", "LedgerMonth")
    rows = Occurrence.objects.filter(booking__for_event=False).values_list(
        "pk", "booking_id", "event__category", "event__title"
    )
    moved = 0
    for occurrence_id, booking_id, category, title in rows.iterator():
        moved += LedgerEntry.objects.filter(source="booking", source_id=str(booking_id)).update(
            source="event", source_id=str(occurrence_id), category=category, title=title[:200]
        )
    Booking.objects.filter(pk__in=Occurrence.objects.values("booking_id")).update(for_event=True)
    if moved:
        rebuild_months(LedgerEntry, LedgerMonth)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_self_service_fees"),
        ("booking", "0006_key_register"),
        ("ledger", "0004_monthly_rollup"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
