"""Backups of the database and restores from them (`manage.py backup`, `manage.py restore`).

SQLite: SQLite's online backup API, page by page from a connection of its own, so a copy is
consistent while the server goes on writing. PostgreSQL: `pg_dump --format=custom`, whose
snapshot is consistent too, and `pg_restore` in one transaction. Files are named
`torget-YYYYMMDD-HHMMSS` in UTC (sortable, and no hour is repeated when the clocks go back),
`.sqlite3` or `.dump` after the kind. See docs/deploy.md, "Backups".
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
NAME = re.compile(r"^torget-(\d{8})-(\d{6})(?:-(\d+))?\.(sqlite3|dump)$")
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why and what to do."""


def kind_of(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgres" in engine:  # Django's backend or ours (torget.core.postgres)
        return "postgresql"
    raise BackupError(f"Backups are made of SQLite and PostgreSQL only, not {engine}.")


def backup(
    settings_dict: dict[str, Any],
    output_dir: Path,
    *,
    server_major: int | None = None,
    now: datetime | None = None,
) -> Path:
    """Write a backup of the database `settings_dict` describes into `output_dir`; return
    its path. A backup that fails leaves no file behind (it is written under a temporary
    name and renamed when complete)."""
    kind = kind_of(settings_dict)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BackupError(f"Cannot create the backup folder {output_dir}: {e.strerror}.") from e
    target = _free_name(output_dir, SUFFIX[kind], now or datetime.now(UTC))
    partial = target.with_name(target.name + ".partial")
    try:
        if kind == "sqlite":
            _sqlite_backup(str(settings_dict["NAME"]), partial)
        else:
            _pg_dump(settings_dict, partial, server_major)
        partial.rename(target)
    except OSError as e:
        raise BackupError(_disk_message(e, output_dir)) from e
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(settings_dict: dict[str, Any], path: Path) -> None:
    """Replace the whole database `settings_dict` describes with the backup at `path`.
    The caller has confirmed, and (SQLite) stopped the server."""
    kind = kind_of(settings_dict)
    check_file(kind, path)
    if kind == "sqlite":
        _sqlite_restore(path, str(settings_dict["NAME"]))
    else:
        _pg_restore(settings_dict, path)


def check_file(kind: str, path: Path) -> None:
    """Refuse a file that is not a backup of this kind of database, before anything changes."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError as e:
        raise BackupError(f"Cannot read {path}: {e.strerror}.") from e
    found = (
        "sqlite"
        if head.startswith(SQLITE_MAGIC)
        else "postgresql"
        if head.startswith(PGDUMP_MAGIC)
        else None
    )
    if found is None:
        raise BackupError(
            f"{path} is not a Torget backup: neither a SQLite database nor a PostgreSQL "
            "dump in custom format (pg_dump --format=custom). Nothing was changed."
        )
    if found != kind:
        names = {"sqlite": "a SQLite database", "postgresql": "a PostgreSQL dump"}
        raise BackupError(
            f"{path} is {names[found]}, but this database is {_label(kind)}: a backup is "
            f"restored into the same kind of database it was made from. Nothing was changed."
        )


def prune(output_dir: Path, kind: str, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups of this kind in `output_dir`; return the
    deleted. Only files named as this module names backups are touched."""
    ours = sorted(
        (order, p)
        for p in output_dir.iterdir()
        if p.suffix == SUFFIX[kind] and (order := _order(p)) is not None
    )
    old = [p for _, p in (ours[:-keep] if keep > 0 else ours)]
    for path in old:
        path.unlink()
    return old


def describe(settings_dict: dict[str, Any]) -> str:
    """The database as a person recognises it: a file, or a name on a host."""
    if kind_of(settings_dict) == "sqlite":
        return f"the SQLite database {settings_dict['NAME']}"
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    return f"the PostgreSQL database {settings_dict['NAME']} on {host}:{port}"


def check_client_version(client: str, server_major: int) -> None:
    """pg_dump refuses a server newer than itself, and its error is easy to misread: say so
    plainly before running it."""
    client_major = _client_major(client)
    if client_major < server_major:
        raise BackupError(
            f"{client} is version {client_major}, older than the PostgreSQL {server_major} "
            f"server: install the PostgreSQL {server_major} client (Debian: "
            f"postgresql-client-{server_major}) and try again."
        )


# --- SQLite ------------------------------------------------------------------


def _sqlite_backup(database: str, target: Path) -> None:
    if not Path(database).is_file():
        raise BackupError(f"The SQLite database {database} does not exist.")
    source = sqlite3.connect(database, timeout=20)
    copy = sqlite3.connect(target)
    try:
        # All pages in one step: a step holds the read lock only while it copies, and a
        # writer between steps would make SQLite start over.
        source.backup(copy)
        # One self-contained file, without a write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"The copy in {target} failed SQLite's check; try again.")
    except sqlite3.Error as e:
        raise BackupError(_sqlite_message(e, target.parent)) from e
    finally:
        copy.close()
        source.close()


def _sqlite_restore(path: Path, database: str) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in source.execute("SELECT name FROM sqlite_master")}
        if "django_migrations" not in tables:
            raise BackupError(
                f"{path} is a SQLite database, but not Torget's. Nothing was changed."
            )
        target = sqlite3.connect(database, timeout=20)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as e:
        raise BackupError(_sqlite_message(e, Path(database).parent)) from e
    finally:
        source.close()


def _sqlite_message(e: sqlite3.Error, folder: Path) -> str:
    if "full" in str(e):
        return f"The disk under {folder} is full: free some space and try again."
    return f"SQLite: {e}."


# --- PostgreSQL --------------------------------------------------------------


def _pg_dump(settings_dict: dict[str, Any], target: Path, server_major: int | None) -> None:
    if server_major is not None:
        check_client_version("pg_dump", server_major)
    _run_pg(
        "pg_dump",
        ["--format=custom", "--no-owner", f"--file={target}"],
        settings_dict,
    )


def _pg_restore(settings_dict: dict[str, Any], path: Path) -> None:
    # --clean --if-exists drops what the dump holds before it is made again; one
    # transaction, so a restore that fails leaves the database as it was.
    _run_pg(
        "pg_restore",
        ["--clean", "--if-exists", "--no-owner", "--single-transaction", str(path)],
        settings_dict,
    )


def _run_pg(client: str, arguments: list[str], settings_dict: dict[str, Any]) -> None:
    program = shutil.which(client)
    if program is None:
        raise BackupError(
            f"{client} was not found: install the PostgreSQL client of the server's "
            f"version (Debian: postgresql-client-15) and try again."
        )
    command = [program, *arguments, f"--dbname={settings_dict['NAME']}"]
    if settings_dict.get("HOST"):
        command.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        command.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        command.append(f"--username={settings_dict['USER']}")
    command.append("--no-password")  # never wait for a prompt nobody answers
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])  # never on the command line
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        said = done.stderr.strip()
        if "version mismatch" in said or "unsupported version" in said:
            raise BackupError(
                f"{client} does not match the server or the file's version: install the "
                f"PostgreSQL client of the server's version.\n{said}"
            )
        if "No space left" in said:
            raise BackupError(f"The disk is full: free some space and try again.\n{said}")
        raise BackupError(f"{client} failed (exit {done.returncode}):\n{said}")


def _client_major(client: str) -> int:
    program = shutil.which(client)
    if program is None:
        raise BackupError(f"{client} was not found: install the PostgreSQL client.")
    out = subprocess.run(  # noqa: S603
        [program, "--version"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    if found is None:
        raise BackupError(f"Cannot tell {client}'s version from {out!r}.")
    return int(found.group(1))


# --- names -------------------------------------------------------------------


def _free_name(folder: Path, suffix: str, now: datetime) -> Path:
    stem = f"torget-{now.astimezone(UTC):%Y%m%d-%H%M%S}"
    path = folder / f"{stem}{suffix}"
    n = 1
    while path.exists():  # two backups within one second
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


def _order(path: Path) -> tuple[str, str, int] | None:
    found = NAME.match(path.name)
    if found is None:
        return None
    return (found.group(1), found.group(2), int(found.group(3) or 0))


def _label(kind: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[kind]


def _disk_message(e: OSError, folder: Path) -> str:
    if e.errno == errno.ENOSPC:
        return f"The disk under {folder} is full: free some space and try again."
    return f"Cannot write the backup in {folder}: {e.strerror or e}."
