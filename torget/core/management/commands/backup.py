"""`manage.py backup`: a copy of the whole database, safe while Torget serves (run nightly
and before every upgrade; docs/deploy.md, "Backups")."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connections

from torget.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database: SQLite with its online backup API, PostgreSQL with "
        "pg_dump --format=custom. Files are named torget-YYYYMMDD-HHMMSS (UTC)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Where the backup is written (default: the TORGET_BACKUP_DIR setting).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            metavar="N",
            help="Then delete this database's older backups in that folder, all but the newest N.",
        )

    def handle(self, *args, **options) -> None:
        keep = options["keep"]
        if keep is not None and keep < 1:
            raise CommandError("--keep must be 1 or more: the backup just made is kept.")
        folder = Path(options["output_dir"] or settings.TORGET_BACKUP_DIR)
        connection = connections["default"]
        kind = backup.kind_of(connection.settings_dict)
        server_major = None
        if kind == "postgresql":
            try:
                server_major = connection.pg_version // 10000  # type: ignore[attr-defined]
            except DatabaseError as e:
                raise CommandError(f"Cannot reach the database: {e}") from e
        try:
            path = backup.backup(connection.settings_dict, folder, server_major=server_major)
            self.stdout.write(f"Backed up {backup.describe(connection.settings_dict)} to {path}")
            if keep is not None:
                for old in backup.prune(folder, kind, keep):
                    self.stdout.write(f"Deleted the older backup {old}")
        except backup.BackupError as e:
            raise CommandError(str(e)) from e
