"""Import of historical statistics into the ledger (the format in API.md).

CSV (UTF-8, a BOM is fine, comma or semicolon found from the header line) or xlsx (the
first sheet). English or Norwegian headers and values. Every bad row is reported with its
line number (the header is line 1). All or nothing by default: with any bad row nothing is
written. The rows are written through `ledger_record_many` in ONE transaction, so a process
killed halfway leaves nothing behind.

Who may import is decided here, not by the callers: the page, the API and the command pass
their actor, and a person without the right is refused before anything is read or written.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any, Final

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from torget.accounts.permissions import is_administrator
from torget.core.errors import DomainError, PermissionDenied, ValidationFailed
from torget.core.schemas import MAX_YEAR, MIN_YEAR
from torget.core.text import norwegian_slug
from torget.ledger.codes import Channel, DefaultTopic
from torget.ledger.models import EntryKind, EntrySource, OrganiserClass, OrganiserType
from torget.ledger.services import LedgerFact, ledger_record_many
from torget.places.models import Hub

if TYPE_CHECKING:
    from torget.accounts.models import User

MB = 1024 * 1024
# The synchronous upload's limit (docs/key-figures.md): ~400,000 CSV rows, parsed and
# written in well under a minute. Larger files go through `manage.py import_ledger`.
MAX_UPLOAD_BYTES = 20 * MB
MAX_COUNT = 1_000_000
WRITE_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class Limits:
    """What a file may hold before it is read. An xlsx is a zip: a small upload can unpack
    to a sheet of hundreds of megabytes (or declare a million columns), which openpyxl would
    spend minutes and gigabytes on; and a file of bad rows would list every one of them."""

    max_bytes: int | None  # the file as sent
    max_unpacked: int  # an xlsx's parts together, unpacked (declared in the zip, enforced by it)
    max_rows: int  # data rows, the header not counted
    max_columns: int
    max_rejected: int  # bad rows reported one by one; the rest are counted ("and K more")


# The page and the API (synchronous: openpyxl reads ~1 MB of sheet XML a second).
UPLOAD_LIMITS: Final = Limits(
    max_bytes=MAX_UPLOAD_BYTES,
    max_unpacked=40 * MB,
    max_rows=500_000,
    max_columns=50,
    max_rejected=100,
)
# `manage.py import_ledger`, for the large files the upload refuses: the same checks, ten
# times the size (an operator waits at a terminal, not a browser).
COMMAND_LIMITS: Final = Limits(
    max_bytes=None,
    max_unpacked=400 * MB,
    max_rows=5_000_000,
    max_columns=UPLOAD_LIMITS.max_columns,
    max_rejected=UPLOAD_LIMITS.max_rejected,
)
MAX_XLSX_PARTS = 1000

HEADERS = {
    "date": "date",
    "dato": "date",
    "hub": "hub",
    "torg": "hub",
    "organiser": "organiser",
    "organizer": "organiser",
    "arrangør": "organiser",
    "arrangor": "organiser",
    "kind": "kind",
    "type": "kind",
    "title": "title",
    "tittel": "title",
    "participants": "participants",
    "deltakere": "participants",
    "count": "count",
    "antall": "count",
    "topic": "topic",
    "tema": "topic",
    "channel": "channel",
    "kanal": "channel",
}
REQUIRED = ("date", "hub", "kind")

KINDS = {
    "activity": EntryKind.ACTIVITY,
    "aktivitet": EntryKind.ACTIVITY,
    "meeting": EntryKind.MEETING,
    "møte": EntryKind.MEETING,
    "mote": EntryKind.MEETING,
    "inquiry": EntryKind.INQUIRY,
    "henvendelse": EntryKind.INQUIRY,
    "appointment": EntryKind.APPOINTMENT,
    "timeavtale": EntryKind.APPOINTMENT,
}
# organiser → (class, type); the four organiser types are accepted too.
ORGANISERS = {
    "municipal": (OrganiserClass.MUNICIPAL, OrganiserType.MUNICIPAL),
    "kommunal": (OrganiserClass.MUNICIPAL, OrganiserType.MUNICIPAL),
    "non_municipal": (OrganiserClass.NON_MUNICIPAL, ""),
    "non-municipal": (OrganiserClass.NON_MUNICIPAL, ""),
    "ikke-kommunal": (OrganiserClass.NON_MUNICIPAL, ""),
    "ikke kommunal": (OrganiserClass.NON_MUNICIPAL, ""),
    "ikkje-kommunal": (OrganiserClass.NON_MUNICIPAL, ""),
    "voluntary": (OrganiserClass.NON_MUNICIPAL, OrganiserType.VOLUNTARY),
    "frivillig": (OrganiserClass.NON_MUNICIPAL, OrganiserType.VOLUNTARY),
    "private": (OrganiserClass.NON_MUNICIPAL, OrganiserType.PRIVATE),
    "privat": (OrganiserClass.NON_MUNICIPAL, OrganiserType.PRIVATE),
    "resident": (OrganiserClass.NON_MUNICIPAL, OrganiserType.RESIDENT),
    "innbygger": (OrganiserClass.NON_MUNICIPAL, OrganiserType.RESIDENT),
}
CHANNELS = {
    **{code: code for code in Channel.values},
    "walk-in": Channel.WALK_IN,
    "oppmøte": Channel.WALK_IN,
    "fysisk": Channel.WALK_IN,
    "telefon": Channel.PHONE,
    "e-post": Channel.EMAIL,
    "epost": Channel.EMAIL,
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class Operator:
    """Whoever runs `manage.py import_ledger` on the server. Anyone who can run it can write
    to the database directly, so there is no role to check and no signed-in person."""

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR: Final = Operator()


def may_import(actor: User | Operator) -> bool:
    """Administrators import history, for every hub: a file's rows may name any hub."""
    return actor is OPERATOR or is_administrator(actor)


def _check_actor(actor: User | Operator) -> None:
    if not may_import(actor):
        raise PermissionDenied()


class ImportTooLarge(DomainError):
    code = "import.too_large"
    status = 413
    default_message = gettext_lazy(
        "The file is too large to upload (at most 20 MB). "
        "Split it, or import it with `manage.py import_ledger`."
    )


class FileTooBig(ImportTooLarge):
    """Too big inside: unpacked size, rows or columns (the message says which)."""


class UnreadableFile(ValidationFailed):
    code = "import.unreadable"
    default_message = gettext_lazy("The file could not be read.")


@dataclass(slots=True)
class ImportResult:
    batch: str
    imported: int = 0
    valid: int = 0
    dry_run: bool = False
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_more: int = 0  # bad rows beyond `Limits.max_rejected`, counted but not listed
    # What the valid rows hold: (hub id, kind) → the sum of their `count` (the import page
    # shows it per hub and kind; in a dry run it is what would be imported).
    counts: dict[tuple[int, str], int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "rejected": self.rejected,
            "rejected_more": self.rejected_more,
            "valid": self.valid,
            "dry_run": self.dry_run,
            "batch": self.batch,
        }


# A callback told (phase, done, total) as the import goes: "read" then "write".
Progress = Callable[[str, int, int], None]


def _unreadable(message: str) -> UnreadableFile:
    return UnreadableFile(message, errors=[{"field": "file", "message": message}])


# --- Reading rows -------------------------------------------------------------------------------


def _is_xlsx(head: bytes, filename: str) -> bool:
    return head.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx")


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for every record; the header is line 1."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _unreadable(_("The file must be UTF-8 encoded text (or an xlsx workbook).")) from None
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1
    except csv.Error as error:
        raise _unreadable(
            _("Line %(line)s could not be read: %(error)s") % {"line": line, "error": error}
        ) from None


def _too_big(message: str) -> FileTooBig:
    return FileTooBig(message, errors=[{"field": "file", "message": message}])


def _check_package(data: bytes, limits: Limits) -> None:
    """Refuse an xlsx that unpacks to too much, from the zip's directory alone. The sizes
    there are binding: Python's zipfile stops reading a part at its declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _unreadable(_("The file is not a readable xlsx workbook.")) from None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_XLSX_PARTS or unpacked > limits.max_unpacked:
        raise _too_big(
            _(
                "The workbook unpacks to %(size)s MB; at most %(limit)s MB can be imported. "
                "Save the rows as CSV, or split the file."
            )
            % {"size": unpacked // MB, "limit": limits.max_unpacked // MB}
        )


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    _check_package(data, limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise _unreadable(_("The file is not a readable xlsx workbook.")) from None
    try:
        sheet = workbook.worksheets[0]
        # The size the sheet declares, before a row is read ...
        _check_size(sheet.max_row or 0, sheet.max_column or 0, limits)
        # ... and not trusted further: without it openpyxl pads no row to a declared width
        # (the rows and columns actually there are counted by `_within`).
        sheet.reset_dimensions()  # type: ignore[union-attr]
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, list(cells)
    finally:
        workbook.close()


def _check_size(rows: int, columns: int, limits: Limits) -> None:
    if rows > limits.max_rows + 1:  # the header is a row too
        raise _too_big(
            _("The file has more than %(limit)s rows. Split it into smaller files.")
            % {"limit": f"{limits.max_rows:,}".replace(",", "\u00a0")}
        )
    if columns > limits.max_columns:
        raise _too_big(
            _("The file has %(columns)s columns; at most %(limit)s can be imported.")
            % {"columns": columns, "limit": limits.max_columns}
        )


def _within(
    rows: Iterator[tuple[int, list[Any]]], limits: Limits
) -> Iterator[tuple[int, list[Any]]]:
    """The rows, refused as soon as there are too many or one is too wide."""
    for line, cells in rows:
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()  # empty cells at the end (Excel keeps some) are no columns
        _check_size(line, len(cells), limits)
        yield line, cells


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(value: str) -> str:
    """A cell's text as a message quotes it: a long one cut short, so a file of long bad
    cells does not come back as megabytes of messages."""
    return value if len(value) <= 40 else value[:40] + "…"


# --- Checking one row ---------------------------------------------------------------------------


class _HubIndex:
    def __init__(self) -> None:
        self.by_key: dict[str, int] = {}
        for pk, name, slug in Hub.objects.values_list("pk", "name", "slug"):
            for key in (slug.casefold(), name.casefold(), norwegian_slug(name)):
                self.by_key.setdefault(key, pk)

    def find(self, value: str) -> int | None:
        key = value.strip().casefold()
        return self.by_key.get(key) or self.by_key.get(norwegian_slug(value))


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        day = value
    else:
        text = _text(value)
        if match := _ISO_DATE.match(text):
            year, month, dom = (int(g) for g in match.groups())
        elif match := _NORWEGIAN_DATE.match(text):
            dom, month, year = (int(g) for g in match.groups())
        else:
            raise ValueError(
                _("date %(value)r is not a date (YYYY-MM-DD or DD.MM.YYYY)")
                % {"value": _shown(text)}
            )
        try:
            day = date(year, month, dom)
        except ValueError:
            raise ValueError(_("date %(value)r does not exist") % {"value": _shown(text)}) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(
            _("the year must be between %(min)s and %(max)s") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    return day


def _whole(value: Any, name: str, minimum: int) -> int | None:
    if isinstance(value, bool):
        raise ValueError(_("%(name)s must be a whole number") % {"name": name})
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = _SPACES.sub("", _text(value))
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(_("%(name)s must be a whole number") % {"name": name})
        number = int(text)
    if not minimum <= number <= MAX_COUNT:
        raise ValueError(
            _("%(name)s must be between %(min)s and %(max)s")
            % {"name": name, "min": minimum, "max": MAX_COUNT}
        )
    return number


def _fact(values: dict[str, Any], hubs: _HubIndex) -> LedgerFact:
    """One row as a ledger fact; every problem in the row in one ValueError."""
    problems: list[str] = []

    def check(func: Callable[[], Any]) -> Any:
        try:
            return func()
        except ValueError as error:
            problems.append(str(error))
            return None

    day = check(lambda: _date(values.get("date")))

    hub_text = _text(values.get("hub"))
    hub_id = hubs.find(hub_text) if hub_text else None
    if not hub_text:
        problems.append(_("hub is missing"))
    elif hub_id is None:
        problems.append(_("no hub is called %(value)r") % {"value": _shown(hub_text)})

    kind_text = _text(values.get("kind"))
    kind = KINDS.get(kind_text.casefold())
    if kind is None:
        problems.append(
            _("kind %(value)r is not activity, meeting or inquiry") % {"value": _shown(kind_text)}
            if kind_text
            else _("kind is missing")
        )

    organiser_text = _text(values.get("organiser"))
    organiser = ORGANISERS.get(organiser_text.casefold()) if organiser_text else None
    if organiser_text and organiser is None:
        problems.append(
            _("organiser %(value)r is not municipal or non_municipal")
            % {"value": _shown(organiser_text)}
        )
    elif organiser is None and kind in (EntryKind.ACTIVITY, EntryKind.MEETING):
        problems.append(_("activities and meetings need an organiser"))

    topic = _text(values.get("topic")).casefold()
    if kind == EntryKind.INQUIRY:
        if not topic:
            problems.append(_("an inquiry needs a topic"))
        elif topic not in DefaultTopic.values:
            problems.append(
                _("topic %(value)r is not a known inquiry topic") % {"value": _shown(topic)}
            )
    elif len(topic) > 40:
        problems.append(_("topic may be at most 40 characters long"))

    channel_text = _text(values.get("channel"))
    channel = CHANNELS.get(channel_text.casefold()) if channel_text else ""
    if channel is None:
        problems.append(
            _("channel %(value)r is not a known channel") % {"value": _shown(channel_text)}
        )

    title = _text(values.get("title"))
    if len(title) > 200:
        problems.append(_("title may be at most 200 characters long"))
    participants = check(lambda: _whole(values.get("participants"), _("participants"), 0))
    count = check(lambda: _whole(values.get("count"), _("count"), 1))

    if problems:
        raise ValueError("; ".join(problems))
    organiser_class, organiser_type = organiser or ("", "")
    return LedgerFact(
        hub_id=hub_id,  # type: ignore[arg-type]
        date=day,
        kind=kind,  # type: ignore[arg-type]
        organiser_class=str(organiser_class),
        organiser_type=str(organiser_type),
        category=topic,
        channel=str(channel or ""),
        title=title,
        participants=participants,
        count=count or 1,
    )


def _columns(header: list[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = HEADERS.get(_text(cell).casefold().lstrip("\ufeff"))
        if name and name not in columns:
            columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise _unreadable(
            ngettext(
                "The header row (line 1) lacks the column %(columns)s.",
                "The header row (line 1) lacks the columns %(columns)s.",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    return columns


@dataclass(slots=True)
class Parsed:
    facts: list[tuple[int, LedgerFact]]  # (line, fact) for the good rows
    rejected: list[dict[str, Any]]  # {line, error} for the first bad ones
    rejected_more: int  # bad rows after those, counted only


def parse(
    rows: Iterable[tuple[int, list[Any]]],
    progress: Progress | None = None,
    total: int = 0,
    *,
    max_rejected: int = 100,
) -> Parsed:
    """Every row checked; the first `max_rejected` bad ones with their problems, the rest
    counted (a file of a million bad rows must not become a million messages)."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise _unreadable(_("The file is empty."))
    columns = _columns(first[1])
    hubs = _HubIndex()
    result = Parsed([], [], 0)
    for done, (line, cells) in enumerate(iterator, start=1):
        if not any(_text(c) for c in cells):
            continue  # blank lines (Excel leaves some at the end) are not rows
        values = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        try:
            result.facts.append((line, _fact(values, hubs)))
        except ValueError as error:
            if len(result.rejected) < max_rejected:
                result.rejected.append({"line": line, "error": str(error)})
            else:
                result.rejected_more += 1
        if progress and done % 1000 == 0:
            progress("read", done, max(total, done))
    if progress:
        seen = len(result.facts) + len(result.rejected) + result.rejected_more
        progress("read", seen, seen)
    return result


def read_rows(
    data: bytes, filename: str = "", limits: Limits | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """The one way a file's rows are read, for the page, the API and the command alike:
    its size, an xlsx's unpacked size and its rows and columns are checked before (and while)
    it is read, so an oversized file is refused at once and nothing is written."""
    limits = limits or UPLOAD_LIMITS
    if limits.max_bytes is not None and len(data) > limits.max_bytes:
        raise ImportTooLarge()
    if _is_xlsx(data[:4], filename):
        return _within(_xlsx_rows(data, limits), limits)
    if data.count(b"\n") > limits.max_rows + 1:
        _check_size(limits.max_rows + 2, 0, limits)
    return _within(_csv_rows(data), limits)


def import_ledger(
    *,
    actor: User | Operator,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    partial: bool = False,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> ImportResult:
    """Check every row, then write all of them in one transaction (or none: see above).

    `partial=True` writes the good rows even when some are bad. `dry_run=True` checks only.
    A person who may not import (`may_import`) gets `PermissionDenied`, even for a dry run.
    A file beyond `limits` is refused (`ImportTooLarge`) before its rows are checked.
    """
    _check_actor(actor)
    batch = str(uuid.uuid4())
    total = data.count(b"\n") if not _is_xlsx(data[:4], filename) else 0
    limits = limits or UPLOAD_LIMITS
    rows = read_rows(data, filename, limits)
    parsed = parse(rows, progress, total, max_rejected=limits.max_rejected)
    facts, rejected = parsed.facts, parsed.rejected
    result = ImportResult(
        batch=batch,
        valid=len(facts),
        dry_run=dry_run,
        rejected=rejected,
        rejected_more=parsed.rejected_more,
    )
    for _line, fact in facts:
        key = (fact.hub_id, fact.kind)
        result.counts[key] = result.counts.get(key, 0) + fact.count
    if dry_run or not facts or ((rejected or parsed.rejected_more) and not partial):
        return result
    with transaction.atomic():
        for offset in range(0, len(facts), WRITE_CHUNK):
            chunk = facts[offset : offset + WRITE_CHUNK]
            ledger_record_many(
                source=EntrySource.IMPORT,
                facts=[(f"{batch}:{line}", fact) for line, fact in chunk],
            )
            if progress:
                progress("write", offset + len(chunk), len(facts))
    result.imported = len(facts)
    return result


def import_upload(
    *,
    actor: User | Operator,
    file: IO[bytes],
    filename: str,
    size: int,
    dry_run: bool = False,
    partial: bool = False,
) -> ImportResult:
    """An uploaded file, within the synchronous limit (the actor is checked first: a person
    without the right learns nothing about the file, not even that it is too large)."""
    _check_actor(actor)
    if size > (UPLOAD_LIMITS.max_bytes or size):  # before the file is read into memory
        raise ImportTooLarge()
    return import_ledger(
        actor=actor, data=file.read(), filename=filename, dry_run=dry_run, partial=partial
    )
