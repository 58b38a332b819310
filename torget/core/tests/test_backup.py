"""`manage.py backup` and `manage.py restore`: what was there at backup time is there again
after a restore, every row of every table, on SQLite and on PostgreSQL."""

import hashlib
import sqlite3
from datetime import datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from torget.core import backup
from torget.core.timeutil import OSLO


def snapshot() -> dict[str, tuple[int, str]]:
    """Per table: its row count and a hash of its rows in order."""
    tables = sorted(connection.introspection.table_names(include_views=False))
    state = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def fill(personas, holmen):
    """A booking, a registration and a message, beside the personas' users and hubs."""
    from torget.booking.models import Booking, Occupancy
    from torget.events.models import Registration
    from torget.events.services import EventDetails, event_create
    from torget.notifications.models import Message
    from torget.places.tests.factories import SpaceFactory

    room = SpaceFactory.meeting_room(holmen, capacity=40)
    day = timezone.localdate() + timedelta(days=30)
    start = datetime(day.year, day.month, day.day, 10, tzinfo=OSLO)
    booking = Booking.objects.create(
        space=room,
        start=start,
        end=start + timedelta(hours=2),
        title="Møte i sjakklubben",
        organiser_type="voluntary",
        kind="meeting",
        status="confirmed",
        booked_by=personas.resident,
    )
    Occupancy.objects.create(booking=booking, unit=room, start=booking.start, end=booking.end)
    event = event_create(
        actor=personas.desk_holmen,
        details=EventDetails(
            title="Digital hjelp for seniorer",
            category="digital_help",
            organiser_type="municipal",
            audience="seniors",
            capacity=3,
            registration="required",
        ),
        space=room,
        start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=2),
        override_reason="test",
    )
    Registration.objects.create(
        occurrence=event.occurrences.get(),
        name="Kari Nordmann",
        email="kari@example.no",
        seats=1,
        status="confirmed",
        token_hash="x",
    )
    Message.objects.create(
        channel="email", to="kari@example.no", body="Velkommen", key="test:1", template="test"
    )
    return booking


def change_everything(booking, personas) -> None:
    from torget.booking.models import Booking
    from torget.events.models import Registration
    from torget.notifications.models import Message

    Booking.objects.filter(pk=booking.pk).update(title="Endret etter sikkerhetskopien")
    Registration.objects.all().delete()
    Message.objects.create(channel="sms", to="+4790000000", body="Ny", key="test:2", template="t")
    Message.objects.filter(key="test:1").delete()
    type(personas.resident).objects.filter(pk=personas.resident.pk).update(first_name="Endret")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_every_row_of_every_table(personas, holmen, tmp_path):
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).is_file():
        pytest.skip("an in-memory database cannot be backed up to a file")
    booking = fill(personas, holmen)
    at_backup = snapshot()
    out = StringIO()
    call_command("backup", output_dir=tmp_path, stdout=out)
    [made] = list(tmp_path.iterdir())
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
    assert made.name.startswith("torget-") and made.suffix == suffix
    assert str(made) in out.getvalue()

    change_everything(booking, personas)
    assert snapshot() != at_backup

    call_command("restore", str(made), yes=True, stdout=StringIO())
    assert snapshot() == at_backup


@pytest.mark.django_db
def test_a_restore_is_refused_without_yes_when_nobody_can_answer(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    kind = backup.kind_of(connection.settings_dict)
    file = tmp_path / "x.bin"
    file.write_bytes(backup.SQLITE_MAGIC if kind == "sqlite" else backup.PGDUMP_MAGIC)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(file))


@pytest.mark.django_db
def test_a_file_of_the_wrong_kind_is_refused_before_anything_changes(tmp_path):
    wrong = tmp_path / "torget-20260101-000000.other"
    kind = backup.kind_of(connection.settings_dict)
    wrong.write_bytes(backup.PGDUMP_MAGIC if kind == "sqlite" else backup.SQLITE_MAGIC)
    with pytest.raises(CommandError, match="same kind of database"):
        call_command("restore", str(wrong), yes=True)
    junk = tmp_path / "notes.txt"
    junk.write_text("hei")
    with pytest.raises(CommandError, match="not a Torget backup"):
        call_command("restore", str(junk), yes=True)


def test_keep_deletes_only_older_backups_of_the_same_kind(tmp_path):
    names = [
        "torget-20260101-020000.sqlite3",
        "torget-20260102-020000.sqlite3",
        "torget-20260102-020000-1.sqlite3",
        "torget-20260103-020000.sqlite3",
        "torget-20260101-020000.dump",
        "notes.sqlite3",
    ]
    for name in names:
        (tmp_path / name).write_text("")
    deleted = backup.prune(tmp_path, "sqlite", keep=2)
    assert [p.name for p in deleted] == [
        "torget-20260101-020000.sqlite3",
        "torget-20260102-020000.sqlite3",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.sqlite3",
        "torget-20260101-020000.dump",
        "torget-20260102-020000-1.sqlite3",
        "torget-20260103-020000.sqlite3",
    ]


@pytest.mark.django_db(transaction=True)
def test_backup_with_keep_leaves_the_newest(tmp_path):
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).is_file():
        pytest.skip("an in-memory database cannot be backed up to a file")
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
    old = tmp_path / f"torget-20200101-000000{suffix}"
    old.write_text("")
    call_command("backup", output_dir=tmp_path, keep=1, stdout=StringIO())
    [kept] = list(tmp_path.iterdir())
    assert kept != old and kept.stat().st_size > 0


def test_a_missing_pg_dump_is_said_plainly(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    settings_dict = {"ENGINE": "torget.core.postgres", "NAME": "torget"}
    with pytest.raises(backup.BackupError, match="pg_dump was not found: install"):
        backup.backup(settings_dict, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_a_pg_dump_older_than_the_server_is_said_plainly(monkeypatch):
    monkeypatch.setattr(backup, "_client_major", lambda client: 15)
    with pytest.raises(
        backup.BackupError, match="pg_dump is version 15, older than the PostgreSQL 17"
    ):
        backup.check_client_version("pg_dump", 17)
    backup.check_client_version("pg_dump", 15)


def test_a_failed_backup_leaves_no_file(tmp_path):
    missing = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "nowhere.sqlite3")}
    with pytest.raises(backup.BackupError, match="does not exist"):
        backup.backup(missing, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []


def test_backup_names_are_utc_and_never_overwrite(tmp_path):
    db = tmp_path / "db.sqlite3"
    sqlite3.connect(db).execute("CREATE TABLE t (x)").connection.commit()
    settings_dict = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(db)}
    half_past_midnight_in_oslo = datetime(2026, 12, 8, 0, 30, tzinfo=OSLO)
    first = backup.backup(settings_dict, tmp_path / "out", now=half_past_midnight_in_oslo)
    second = backup.backup(settings_dict, tmp_path / "out", now=half_past_midnight_in_oslo)
    assert first.name == "torget-20261207-233000.sqlite3"
    assert second.name == "torget-20261207-233000-1.sqlite3"
