"""`manage.py restore FILE`: replace the whole database with a backup made by
`manage.py backup` (docs/deploy.md, "Backups"). Stop the app servers and the worker first:
on SQLite the file is overwritten under them; on PostgreSQL a request between the tables
being dropped and made again would fail."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from torget.core import backup


class Command(BaseCommand):
    help = (
        "Replace every row of the database with a backup made by `manage.py backup` "
        "(stop the app servers and the worker first)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A .sqlite3 or .dump file from `backup`.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask: replace the database (for scripts).",
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        settings_dict = connections["default"].settings_dict
        try:
            # The wrong kind of file is refused before anyone is asked anything.
            backup.check_file(backup.kind_of(settings_dict), path)
        except backup.BackupError as e:
            raise CommandError(str(e)) from e
        target = backup.describe(settings_dict)
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    f"Restoring replaces every row of {target}. Nothing was changed: "
                    "run again with --yes to go ahead."
                )
            self.stdout.write(
                f"Every row of {target} will be replaced by {path}.\n"
                "Stop the app servers and the worker first."
            )
            if input("Type yes to go ahead: ").strip().lower() != "yes":
                raise CommandError("Nothing was changed.")
        # No connection of ours may hold the database while it is replaced.
        connections.close_all()
        try:
            backup.restore(settings_dict, path)
        except backup.BackupError as e:
            raise CommandError(f"{e}\nThe restore did not finish.") from e
        self.stdout.write(f"Restored {target} from {path}")
