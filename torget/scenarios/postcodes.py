"""Where users come from (issue 18, item 5's later step): postcode areas' centroids, and the
users who chose to give their postcode on a booking or an event registration counted per
area, with the distance from each area to the nearest open hub before and after a scenario.

The centroids come from a file the municipality provides (CSV, UTF-8, semicolons; or xlsx):

    postnummer;lat;lon[;poststed]

with the latitude and longitude in WGS84 (decimal degrees; a decimal comma is fine). Every
row is checked first, as the population grid's are (`imports`, which both share): wrong
columns, a postcode that is not four digits, a number that is not one, a point outside
Norway, a postcode that comes twice, a file that is not UTF-8 — each bad row reported with its
line number (the header is line 1), and with any bad row nothing is written. A good file
replaces the list in use, whole, in one transaction. Who may import: as for the grid
(management, administrators, the operator).

The counts: bookings (pending or confirmed) and registrations (confirmed or on the waitlist)
with a postcode that start in the twelve months before the scenario's data was read, at every
hub — the whole user base, so that the figures stand beside the grid's residents; a column
says how many of them were at the hubs the scenario changes. Each booking and each
registration counts once (a weekly group's booker once a week). A postcode is kept only as
long as the booking's or registration's details (their retention periods), so the twelve
months may hold fewer. Nothing here is ever per person: only counts per area leave.

Small counts (`TORGET_SCENARIO_MIN_COUNT`, 5): a count per area can point at a person, so what
leaves — the page, the memo's PDF and xlsx, the API — reads the report's `shown` view: an area
with fewer users than that is not listed but counted in one "other areas" row, and any other
count below it (at the affected hubs, beyond a distance, further to go) is a `Few`, written
"fewer than 5" (`null` in the API). The totals stay exact. Since they do, what is held back
could be read by subtraction — the total less the listed areas, a "beyond 5 km" less the
listed areas beyond 5 km — so the smallest listed areas join the other areas until no such
difference gives one small area or fewer users than the threshold (`held_back`).
`PostcodeReport.areas` keeps every area for the computation and its tests; nothing shows it
as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from torget.booking.models import ACTIVE_STATUSES, Booking
from torget.core.errors import DomainError
from torget.core.postcode import POSTCODE
from torget.core.templatetags.torget import format_number
from torget.events.codes import RegistrationStatus
from torget.events.models import Registration
from torget.ledger.imports import Limits
from torget.scenarios import imports
from torget.scenarios.distance import (
    INF,
    Beyond,
    DistanceMethod,
    Origin,
    Site,
    method,
    nearest_before_after,
    sites,
)
from torget.scenarios.grid import in_norway
from torget.scenarios.imports import MB, OPERATOR, Checked, ImportResult, Operator, cell_text
from torget.scenarios.models import PostcodeArea, PostcodeList

if TYPE_CHECKING:
    from torget.accounts.models import User

# Norway has about 5,000 postcodes; a municipality's file a few dozen.
MAX_AREAS = 10_000
MAX_PLACE = 100
WINDOW = timedelta(days=365)

UPLOAD_LIMITS: Final = Limits(
    max_bytes=2 * MB,
    max_unpacked=10 * MB,
    max_rows=MAX_AREAS,
    max_columns=10,
    max_rejected=100,
)

HEADERS = {
    "postnummer": "postnummer",
    "postnr": "postnummer",
    "postcode": "postnummer",
    "postal_code": "postnummer",
    "lat": "lat",
    "latitude": "lat",
    "breddegrad": "lat",
    "lon": "lon",
    "lng": "lon",
    "long": "lon",
    "longitude": "lon",
    "lengdegrad": "lon",
    "poststed": "place",
    "place": "place",
    "name": "place",
    "navn": "place",
}
COLUMNS_HINT = "postnummer;lat;lon;poststed"


class PostcodesTooLarge(DomainError):
    code = "postcodes.too_large"
    status = 413
    default_message = gettext_lazy(
        "The file is too large to upload (at most 2 MB). "
        "Import it with `manage.py import_postcode_areas`."
    )


@dataclass(slots=True)
class Area:
    line: int
    postnummer: str
    latitude: float
    longitude: float
    place: str


@dataclass(slots=True)
class PostcodeResult(ImportResult):
    areas: int = 0

    def counts(self) -> dict[str, Any]:
        return {"areas": self.areas}


# --- Reading and checking ---------------------------------------------------------------------


def _lacking(columns: dict[str, int]) -> str:
    missing = [name for name in ("postnummer", "lat", "lon") if name not in columns]
    if not missing:
        return ""
    return ngettext(
        "The header row (line 1) lacks the column %(columns)s.",
        "The header row (line 1) lacks the columns %(columns)s.",
        len(missing),
    ) % {"columns": ", ".join(missing)}


def _columns(header: list[Any]) -> dict[str, int]:
    return imports.header_columns(header, HEADERS, hint=COLUMNS_HINT, lacking=_lacking)


def _degrees(value: Any, name: str) -> float:
    text = cell_text(value).replace(",", ".")
    if not text:
        raise ValueError(_("%(name)s is missing") % {"name": name})
    try:
        number = float(text)
    except ValueError:
        raise ValueError(
            _("%(name)s %(value)r is not a number of degrees") % {"name": name, "value": text[:40]}
        ) from None
    if number != number or abs(number) > 360:  # NaN or not degrees at all
        raise ValueError(_("%(name)s %(value)r is out of range") % {"name": name, "value": text})
    return number


def _area(line: int, values: dict[str, Any]) -> Area:
    problems: list[str] = []
    postnummer = cell_text(values.get("postnummer"))
    if not POSTCODE.fullmatch(postnummer):
        problems.append(
            _("postnummer %(value)r is not four digits") % {"value": postnummer[:40]}
            if postnummer
            else _("postnummer is missing")
        )
    latitude = longitude = None
    try:
        latitude = _degrees(values.get("lat"), "lat")
    except ValueError as error:
        problems.append(str(error))
    try:
        longitude = _degrees(values.get("lon"), "lon")
    except ValueError as error:
        problems.append(str(error))
    if latitude is not None and longitude is not None and not in_norway(latitude, longitude):
        problems.append(
            _("the point (%(lat)s° N, %(lon)s° E) lies outside Norway (WGS84 degrees expected)")
            % {"lat": latitude, "lon": longitude}
        )
    place = str(values.get("place") or "").strip()
    if len(place) > MAX_PLACE:
        problems.append(_("poststed must be at most %(max)s characters") % {"max": MAX_PLACE})
    if problems or latitude is None or longitude is None:
        raise ValueError("; ".join(problems))
    return Area(line, postnummer, round(latitude, 6), round(longitude, 6), place)


def parse(rows: Iterable[tuple[int, list[Any]]], *, max_rejected: int = 100) -> Checked[Area]:
    """Every row checked; the first `max_rejected` bad ones with their line and problems."""
    return imports.check_rows(
        rows,
        columns=_columns,
        row=_area,
        key=lambda area: area.postnummer,
        same=lambda line: _("the same postcode as line %(line)s") % {"line": line},
        none=_("The file has a header row (line 1) but no postcode areas."),
        max_rejected=max_rejected,
    )


# --- Importing --------------------------------------------------------------------------------


def import_postcodes(
    *,
    actor: User | Operator,
    data: bytes,
    filename: str = "",
    dry_run: bool = False,
    invented: bool = False,
    limits: Limits | None = None,
) -> PostcodeResult:
    """Check every row; with none bad, replace the list in use with this one (one
    transaction). `dry_run` checks only. Refused for anyone who may not import the grid."""
    limits = limits or UPLOAD_LIMITS

    def write(checked: Checked[Area], _result: PostcodeResult) -> None:
        PostcodeList.objects.all().delete()
        postcode_list = PostcodeList.objects.create(
            source=(filename or "postnummer.csv")[:200],
            imported_by=imports.imported_by(actor),
            invented=invented,
            areas=len(checked.rows),
        )
        PostcodeArea.objects.bulk_create(
            PostcodeArea(
                postcode_list=postcode_list,
                postnummer=a.postnummer,
                place=a.place,
                latitude=a.latitude,
                longitude=a.longitude,
            )
            for a in checked.rows
        )

    return imports.import_file(
        actor=actor,
        data=data,
        filename=filename,
        dry_run=dry_run,
        limits=limits,
        too_large=PostcodesTooLarge,
        check=lambda rows: parse(rows, max_rejected=limits.max_rejected),
        result=PostcodeResult,
        counts=lambda checked: {"areas": len(checked.rows)},
        write=write,
    )


def current_list() -> PostcodeList | None:
    return PostcodeList.objects.order_by("-imported", "-pk").first()


# --- The counts and the distances -------------------------------------------------------------


def users_per_postcode(
    since: datetime, until: datetime, *, hub_ids: Iterable[int] = ()
) -> tuple[Counter[str], Counter[str]]:
    """Bookings and registrations with a postcode that start in [since, until), counted per
    postcode: at every hub, and at the hubs `hub_ids`. Counts only; never a person."""
    hubs = list(hub_ids)
    everywhere: Counter[str] = Counter()
    there: Counter[str] = Counter()
    bookings = (
        Booking.objects.filter(status__in=ACTIVE_STATUSES, start__gte=since, start__lt=until)
        .exclude(postcode="")
        .values("postcode")
        .annotate(n=Count("pk"), there=Count("pk", filter=Q(space__hub__in=hubs)))
        .order_by()
    )
    registrations = (
        Registration.objects.filter(
            status__in=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED),
            occurrence__booking__start__gte=since,
            occurrence__booking__start__lt=until,
        )
        .exclude(postcode="")
        .values("postcode")
        .annotate(
            n=Count("pk"), there=Count("pk", filter=Q(occurrence__booking__space__hub__in=hubs))
        )
        .order_by()
    )
    for row in [*bookings, *registrations]:
        everywhere[row["postcode"]] += row["n"]
        there[row["postcode"]] += row["there"]
    return everywhere, there


# --- Small counts ---------------------------------------------------------------------------


def min_count() -> int:
    """The fewest users a count may show (`TORGET_SCENARIO_MIN_COUNT`; at least 1)."""
    return max(1, settings.TORGET_SCENARIO_MIN_COUNT)


@dataclass(frozen=True, slots=True)
class Few:
    """A count of 1 to `limit` − 1, too small to show: written "fewer than 5"."""

    limit: int

    def __str__(self) -> str:
        return _("fewer than %(n)s") % {"n": format_number(self.limit)}


def shown(n: int, limit: int) -> int | Few:
    """A count as it may be shown: itself when nought or at least `limit`, else `Few`."""
    return Few(limit) if 0 < n < limit else n


def as_number(value: int | Few) -> int | None:
    """A shown count in the API: `null` when too small to show."""
    return None if isinstance(value, Few) else value


@dataclass(slots=True)
class AreaDistance:
    postnummer: str
    place: str
    users: int  # bookings and registrations with this postcode, at every hub
    at_affected: int  # of them at the hubs the scenario changes
    before: float  # to the nearest open hub, in the method's unit; inf when none is open
    after: float
    nearest_before: Site | None
    nearest_after: Site | None

    @property
    def further(self) -> bool:
        return self.after > self.before

    def as_json(self, limit: int) -> dict:
        return {
            "postcode": self.postnummer,
            "place": self.place,
            "users": self.users,
            "at_affected_hubs": as_number(shown(self.at_affected, limit)),
            "before": _rounded(self.before),
            "after": _rounded(self.after),
            "nearest_before": self.nearest_before.hub_id if self.nearest_before else None,
            "nearest_after": self.nearest_after.hub_id if self.nearest_after else None,
        }


def _rounded(value: float) -> float | None:
    return None if value == INF else round(value, 2)


@dataclass(frozen=True, slots=True)
class BeyondShown:
    threshold: int
    before: int | Few
    after: int | Few


@dataclass(frozen=True, slots=True)
class AreaShown:
    """An area with at least `min_count` users; its count at the affected hubs may be `Few`."""

    area: AreaDistance
    at_affected: int | Few


@dataclass(frozen=True, slots=True)
class OtherAreas:
    """The areas held back (`held_back`): those with fewer users than `min_count`, and any
    larger ones it takes to hide them, counted together, never named. Its sums are exact:
    they name no area (and the exact total less the listed areas gives them)."""

    areas: int
    users: int
    at_affected: int

    def as_json(self) -> dict:
        return {"areas": self.areas, "users": self.users, "at_affected_hubs": self.at_affected}


@dataclass(frozen=True, slots=True)
class Shown:
    """What of a `PostcodeReport` may leave: the one place small counts are held back."""

    min_count: int
    areas: list[AreaShown]  # at least `min_count` users each, most users first
    other: OtherAreas
    beyond: list[BeyondShown]
    further: int | Few


def held_back(
    areas: list[AreaDistance], beyond: list[Beyond], further: int, limit: int
) -> list[AreaDistance]:
    """The areas counted together as "other areas": those with fewer users than `limit`, and
    as many of the smallest listed ones as it takes that no subtraction gives a small count.

    A listed area shows its users and its distances, and every figure shown exactly (the
    total, each "beyond" that is not a `Few`, "further to go") is a sum over all areas; so a
    reader can take the listed areas from it and have the held-back areas' part. Those parts:
    the held-back areas as a whole (the "other areas" row, or the total less the listed
    areas), and as split by each exact figure — beyond a threshold and within it, between two exact thresholds, with
    and without further to go, today and after. A part holding a small area must hold at
    least two areas and at least `limit` users; while one does not, the smallest listed area
    that falls in it is held back too. If none does, the figures alone give that part,
    listed or not, and holding more back mends nothing. At worst every area is held back."""

    def exact(n: int) -> bool:
        return n == 0 or n >= limit

    def bands(when: str) -> Callable[[AreaDistance], Hashable]:
        cuts = [b.threshold for b in beyond if exact(getattr(b, when))]
        return lambda a: sum(getattr(a, when) > t for t in cuts)

    splits: list[Callable[[AreaDistance], Hashable]] = [
        lambda a: None,
        bands("before"),
        bands("after"),
    ]
    if exact(further):
        splits.append(lambda a: a.further)

    def unsafe(part: list[AreaDistance]) -> bool:
        small = any(a.users < limit for a in part)
        return small and (len(part) < 2 or sum(a.users for a in part) < limit)

    held = [a for a in areas if a.users < limit]
    listed = [a for a in areas if a.users >= limit]
    while listed:
        wanted: list[AreaDistance] = []
        for split in splits:
            parts: dict[Hashable, list[AreaDistance]] = {}
            for a in held:
                parts.setdefault(split(a), []).append(a)
            for key, part in parts.items():
                if unsafe(part):
                    wanted += [a for a in listed if split(a) == key]
        if not wanted:
            break
        smallest = min(wanted, key=lambda a: (a.users, a.postnummer))
        listed.remove(smallest)
        held.append(smallest)
    return held


@dataclass(slots=True)
class PostcodeReport:
    method: DistanceMethod
    postcode_list: PostcodeList
    since: datetime
    until: datetime
    areas: list[AreaDistance]  # areas with users, most users first
    users: int  # with a postcode in the list
    at_affected: int
    unknown: int  # with a postcode the list does not have (not measured)
    beyond: list[Beyond]  # users further than each threshold, before and after

    @property
    def unit(self) -> str:
        return self.method.unit

    @property
    def retention(self) -> tuple[int, int]:
        return retention_days()

    @property
    def further(self) -> int:
        """Users (bookings and registrations) who would have further to go."""
        return sum(a.users for a in self.areas if a.further)

    @property
    def shown(self) -> Shown:
        """The report as it may be shown (see the module's note on small counts)."""
        limit = min_count()
        rest = held_back(self.areas, self.beyond, self.further, limit)
        hidden = {a.postnummer for a in rest}
        listed = [a for a in self.areas if a.postnummer not in hidden]
        return Shown(
            min_count=limit,
            areas=[AreaShown(a, shown(a.at_affected, limit)) for a in listed],
            other=OtherAreas(
                areas=len(rest),
                users=sum(a.users for a in rest),
                at_affected=sum(a.at_affected for a in rest),
            ),
            beyond=[
                BeyondShown(b.threshold, shown(b.before, limit), shown(b.after, limit))
                for b in self.beyond
            ],
            further=shown(self.further, limit),
        )

    @property
    def description(self) -> str:
        return _(
            "Straight-line distance from each postcode area's centre point (from the "
            "municipality's list) to the nearest open hub, over the earth's surface (the "
            "haversine formula on a sphere of radius 6,371 km). Roads, ferries and public "
            "transport are not taken into account."
        )

    def as_json(self) -> dict:
        public = self.shown
        limit = public.min_count
        return {
            "method": self.method.key,
            "method_description": self.description,
            "unit": self.method.unit,
            "source": {
                "source": self.postcode_list.source,
                "imported": self.postcode_list.imported,
                "invented": self.postcode_list.invented,
                "areas": self.postcode_list.areas,
            },
            "since": self.since,
            "until": self.until,
            "users": self.users,
            "at_affected_hubs": self.at_affected,
            "unknown_postcodes": self.unknown,
            "min_count": limit,
            "further": as_number(public.further),
            "beyond": [
                {
                    "threshold": b.threshold,
                    "before": as_number(b.before),
                    "after": as_number(b.after),
                }
                for b in public.beyond
            ],
            "areas": [a.area.as_json(limit) for a in public.areas],
            "other_areas": public.other.as_json(),
        }


def measure(
    areas: list[tuple[str, str, float, float, int, int]],
    all_sites: list[Site],
    closing_ids: set[int],
    *,
    how: DistanceMethod | None = None,
) -> tuple[list[AreaDistance], list[Beyond]]:
    """For `areas` (postnummer, place, latitude, longitude, users, users at the affected
    hubs): each area's distance before and after, and the users beyond each threshold."""
    how = how or method()
    origins = [Origin(code, lat, lon) for code, _place, lat, lon, _n, _t in areas]
    before, after = nearest_before_after(how, origins, all_sites, closing_ids)
    by_id: dict[int | None, Site] = {s.hub_id: s for s in all_sites}
    rows = [
        AreaDistance(code, place, users, there, b[1], a[1], by_id.get(b[0]), by_id.get(a[0]))
        for (code, place, _lat, _lon, users, there), b, a in zip(areas, before, after, strict=True)
    ]
    # Beyond a threshold: further than it (a distance equal to it is within), as the grid's.
    beyond = [
        Beyond(
            threshold=t,
            before=sum(r.users for r in rows if r.before > t),
            after=sum(r.users for r in rows if r.after > t),
            aged_before=None,
            aged_after=None,
        )
        for t in how.thresholds
    ]
    rows.sort(key=lambda r: (-r.users, r.postnummer))
    return rows, beyond


def postcode_distance(
    closing_hub_ids: set[int], affected_hub_ids: set[int], *, until: datetime | None = None
) -> PostcodeReport | None:
    """The figures for a scenario closing these hubs; None when no list of postcode areas
    has been imported."""
    postcode_list = current_list()
    if postcode_list is None:
        return None
    until = until or timezone.now()
    since = until - WINDOW
    everywhere, there = users_per_postcode(since, until, hub_ids=affected_hub_ids)
    known = {
        a.postnummer: a
        for a in PostcodeArea.objects.filter(
            postcode_list=postcode_list, postnummer__in=list(everywhere)
        )
    }
    areas = [
        (code, known[code].place, known[code].latitude, known[code].longitude, n, there[code])
        for code, n in everywhere.items()
        if code in known and n
    ]
    all_sites, _missing = sites()
    how = method()
    rows, beyond = measure(areas, all_sites, closing_hub_ids, how=how)
    return PostcodeReport(
        method=how,
        postcode_list=postcode_list,
        since=since,
        until=until,
        areas=rows,
        users=sum(r.users for r in rows),
        at_affected=sum(r.at_affected for r in rows),
        unknown=sum(n for code, n in everywhere.items() if code not in known),
        beyond=beyond,
    )


def retention_days() -> tuple[int, int]:
    """How long a booking's and a registration's postcode is kept (days after it ends)."""
    return (
        settings.TORGET_BOOKING_RETENTION_DAYS,
        settings.TORGET_REGISTRATION_RETENTION_DAYS,
    )


__all__ = ["OPERATOR", "import_postcodes", "postcode_distance", "users_per_postcode"]
