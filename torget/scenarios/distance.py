"""Who would have further to go (issue 18, item 5): for every cell of the population grid,
the distance to the nearest open hub before and after a scenario, and how many residents —
in total and aged 67 and over where the grid has ages — live beyond 2, 5 and 10 km.

How far is decided by a `DistanceMethod`. The one built is the straight line over the
earth's surface between the cell's centre and the hub (haversine, on a sphere of the mean
earth radius, 6,371 km): it says nothing of roads, ferries or buses. A routing engine's
travel-time matrix can be imported later as another method with the same `nearest()` — the
figures, the page, the API and the map take whatever method `method()` gives.

After the scenario, the hubs that close (closed, or merged into another) are not open; a
change of hours or a moved module leaves a hub open. Only a cell whose nearest hub closes
can be further away after, so only those cells are measured again.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.utils.translation import gettext as _

from torget.places.models import Hub
from torget.scenarios.grid import current_grid
from torget.scenarios.models import PopulationCell, PopulationGrid

EARTH_RADIUS_KM = 6371.0088  # the mean earth radius (IUGG)
INF = math.inf


@dataclass(frozen=True, slots=True)
class Site:
    """A hub as a point (WGS84)."""

    hub_id: int
    name: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Origin:
    """Where people live: a grid cell's centre (later also a postcode area's centroid).
    `key` names it for a travel-time matrix: "x;y" in EPSG:25833 for a cell."""

    key: str
    latitude: float
    longitude: float


class DistanceMethod(Protocol):
    """How far from an origin to a hub. `unit` is "km" (or "min" for travel time), and the
    thresholds residents are counted beyond are the method's own."""

    key: str
    unit: str
    thresholds: tuple[int, ...]

    @property
    def label(self) -> str: ...

    @property
    def description(self) -> str: ...

    def nearest(
        self, origins: Sequence[Origin], sites: Sequence[Site]
    ) -> list[tuple[int | None, float]]:
        """For each origin, (the nearest site's hub id, how far in `unit`); (None, inf)
        when there is no site."""
        ...


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in km between two WGS84 points, on a sphere."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class StraightLine:
    key = "straight_line"
    unit = "km"
    thresholds: tuple[int, ...] = (2, 5, 10)

    @property
    def label(self) -> str:
        return _("Straight-line distance")

    @property
    def description(self) -> str:
        return _(
            "Straight-line distance from the centre of each 250 m grid cell to the nearest "
            "open hub, over the earth's surface (the haversine formula on a sphere of radius "
            "6,371 km). Roads, ferries and public transport are not taken into account: the "
            "way there is usually longer."
        )

    def nearest(
        self, origins: Sequence[Origin], sites: Sequence[Site]
    ) -> list[tuple[int | None, float]]:
        # The haversine, with each site's trigonometry once rather than once per origin, and
        # the nearest site chosen by the haversine's inner term (it grows with the distance),
        # so the arc sine is taken once per origin.
        prepared = [
            (s.hub_id, lat, math.radians(s.longitude), math.cos(lat))
            for s in sites
            for lat in (math.radians(s.latitude),)
        ]
        sin, cos, radians = math.sin, math.cos, math.radians
        result: list[tuple[int | None, float]] = []
        for origin in origins:
            lat1, lon1 = radians(origin.latitude), radians(origin.longitude)
            cos1 = cos(lat1)
            best_hub: int | None = None
            best = INF
            for hub, lat2, lon2, cos2 in prepared:
                a = sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * sin((lon2 - lon1) / 2) ** 2
                if a < best:
                    best, best_hub = a, hub
            if best_hub is None:
                result.append((None, INF))
            else:
                result.append(
                    (best_hub, 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(best))))
                )
        return result


def method() -> DistanceMethod:
    """The method in use. A travel-time matrix, once imported, is chosen here."""
    return StraightLine()


# --- The figures ------------------------------------------------------------------------------


@dataclass(slots=True)
class CellDistance:
    x: int  # the centre, EPSG:25833
    y: int
    population: int
    age_67_plus: int | None
    before: float  # in the method's unit; inf when no hub is open
    after: float
    nearest_before: int | None  # hub id
    nearest_after: int | None


@dataclass(slots=True)
class Beyond:
    """Residents living further than `threshold` from the nearest open hub."""

    threshold: int
    before: int
    after: int
    aged_before: int | None  # aged 67 and over, where the grid has ages
    aged_after: int | None

    def as_json(self) -> dict:
        return {
            "threshold": self.threshold,
            "before": self.before,
            "after": self.after,
            "aged_67_plus_before": self.aged_before,
            "aged_67_plus_after": self.aged_after,
        }


@dataclass(slots=True)
class Band:
    """Residents between two thresholds (the map's shades): `low` < distance ≤ `high`."""

    low: int
    high: int | None  # None: beyond the last threshold
    before: int
    after: int
    aged_before: int | None
    aged_after: int | None

    @property
    def label(self) -> str:
        if self.high is None:
            return _("over %(low)s km") % {"low": self.low}
        if self.low == 0:
            return _("up to %(high)s km") % {"high": self.high}
        return _("%(low)s–%(high)s km") % {"low": self.low, "high": self.high}

    def as_json(self) -> dict:
        return {
            "from": self.low,
            "to": self.high,
            "before": self.before,
            "after": self.after,
            "aged_67_plus_before": self.aged_before,
            "aged_67_plus_after": self.aged_after,
        }


@dataclass(slots=True)
class Moved:
    """The residents whose nearest hub closes, and which hub is nearest for them after."""

    hub: Site
    residents: int
    aged: int | None
    to: list[tuple[Site | None, int]]  # (the new nearest hub, residents), most first

    def as_json(self) -> dict:
        return {
            "hub": self.hub.hub_id,
            "residents": self.residents,
            "aged_67_plus": self.aged,
            "to": [{"hub": s.hub_id if s else None, "residents": n} for s, n in self.to],
        }


@dataclass(slots=True)
class DistanceReport:
    method: DistanceMethod
    grid: PopulationGrid
    cells: list[CellDistance]
    sites: list[Site]  # every hub with coordinates
    closing: list[Site]  # of `sites`, those not open after
    without_coordinates: list[str]  # hubs left out: no latitude and longitude
    population: int
    aged: int | None
    beyond: list[Beyond]
    bands: list[Band]
    mean_before: float | None  # residents' mean distance; None when a resident has no hub
    mean_after: float | None
    moved: list[Moved] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return self.method.unit

    @property
    def open_after(self) -> list[Site]:
        closing = {s.hub_id for s in self.closing}
        return [s for s in self.sites if s.hub_id not in closing]

    @property
    def further(self) -> int:
        """Residents who would have further to go."""
        return sum(c.population for c in self.cells if c.after > c.before)

    @property
    def has_ages(self) -> bool:
        return self.aged is not None

    @property
    def map_svg(self) -> str:
        """The map, before and after side by side (`maps.distance_map_svg`)."""
        from torget.scenarios.maps import distance_map_svg  # maps draws these figures

        return distance_map_svg(self)

    def as_json(self) -> dict:
        return {
            "method": self.method.key,
            "method_description": self.method.description,
            "unit": self.method.unit,
            "grid": {
                "source": self.grid.source,
                "imported": self.grid.imported,
                "invented": self.grid.invented,
                "cells": len(self.cells),
            },
            "population": self.population,
            "aged_67_plus": self.aged,
            "hubs": [s.hub_id for s in self.sites],
            "closing": [s.hub_id for s in self.closing],
            "without_coordinates": self.without_coordinates,
            "mean_before": _rounded(self.mean_before),
            "mean_after": _rounded(self.mean_after),
            "further": self.further,
            "beyond": [b.as_json() for b in self.beyond],
            "bands": [b.as_json() for b in self.bands],
            "moved": [m.as_json() for m in self.moved],
        }


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def _mean(pairs: list[tuple[int, float]]) -> float | None:
    people = sum(n for n, _d in pairs)
    if not people:
        return None
    if any(d == INF for n, d in pairs if n):
        return None
    return sum(n * d for n, d in pairs) / people


def sites() -> tuple[list[Site], list[str]]:
    """Every hub with coordinates as a point, and the names of those without."""
    points, missing = [], []
    for hub in Hub.objects.order_by("name"):
        if hub.latitude is None or hub.longitude is None:
            missing.append(hub.name)
        else:
            points.append(Site(hub.pk, hub.name, float(hub.latitude), float(hub.longitude)))
    return points, missing


def nearest_before_after(
    how: DistanceMethod,
    origins: Sequence[Origin],
    all_sites: Sequence[Site],
    closing_ids: set[int],
) -> tuple[list[tuple[int | None, float]], list[tuple[int | None, float]]]:
    """Each origin's nearest open hub and how far, today and after the hubs `closing_ids`
    close (the grid's cells and the postcode areas alike)."""
    before = how.nearest(origins, all_sites)
    open_after = [s for s in all_sites if s.hub_id not in closing_ids]
    # Only where the nearest hub closes can the distance change.
    again = [i for i, (hub, _d) in enumerate(before) if hub in closing_ids]
    after = list(before)
    for i, nearest in zip(again, how.nearest([origins[i] for i in again], open_after), strict=True):
        after[i] = nearest
    return before, after


def measure(
    grid: PopulationGrid,
    cells: Sequence[tuple[int, int, float, float, int, int | None]],
    all_sites: list[Site],
    closing_ids: set[int],
    *,
    how: DistanceMethod | None = None,
    without_coordinates: list[str] | None = None,
) -> DistanceReport:
    """The figures for `cells` (x, y, latitude, longitude, population, age_67_plus)."""
    how = how or method()
    origins = [Origin(f"{x};{y}", lat, lon) for x, y, lat, lon, _p, _a in cells]
    before, after = nearest_before_after(how, origins, all_sites, closing_ids)
    rows = [
        CellDistance(x, y, people, aged, b[1], a[1], b[0], a[0])
        for (x, y, _lat, _lon, people, aged), b, a in zip(cells, before, after, strict=True)
    ]
    has_ages = grid.has_ages
    # One pass: each cell's residents into its band before and after (band i: distance up
    # to thresholds[i]; the last band: beyond every threshold, or no hub at all).
    thresholds = how.thresholds
    slots = len(thresholds) + 1
    people = [[0] * slots, [0] * slots]  # before, after
    elderly = [[0] * slots, [0] * slots]
    for r in rows:
        for side, value in ((0, r.before), (1, r.after)):
            band = slots - 1
            for i, limit in enumerate(thresholds):
                if value <= limit:
                    band = i
                    break
            people[side][band] += r.population
            elderly[side][band] += r.age_67_plus or 0
    population = sum(people[0])
    aged = sum(elderly[0]) if has_ages else None

    def above(counts: list[int], i: int) -> int:
        return sum(counts[i + 1 :])

    beyond = [
        Beyond(
            threshold=t,
            before=above(people[0], i),
            after=above(people[1], i),
            aged_before=above(elderly[0], i) if has_ages else None,
            aged_after=above(elderly[1], i) if has_ages else None,
        )
        for i, t in enumerate(thresholds)
    ]
    edges = [0, *thresholds]
    bands = [
        Band(
            low=low,
            high=edges[i + 1] if i + 1 < len(edges) else None,
            before=people[0][i],
            after=people[1][i],
            aged_before=elderly[0][i] if has_ages else None,
            aged_after=elderly[1][i] if has_ages else None,
        )
        for i, low in enumerate(edges)
    ]
    by_id = {s.hub_id: s for s in all_sites}
    moved = []
    for site in (s for s in all_sites if s.hub_id in closing_ids):
        mine = [r for r in rows if r.nearest_before == site.hub_id]
        to: dict[int | None, int] = {}
        for r in mine:
            to[r.nearest_after] = to.get(r.nearest_after, 0) + r.population
        moved.append(
            Moved(
                hub=site,
                residents=sum(r.population for r in mine),
                aged=sum(r.age_67_plus or 0 for r in mine) if has_ages else None,
                to=[
                    (by_id.get(hub) if hub is not None else None, n)
                    for hub, n in sorted(to.items(), key=lambda kv: -kv[1])
                ],
            )
        )
    return DistanceReport(
        method=how,
        grid=grid,
        cells=rows,
        sites=all_sites,
        closing=[s for s in all_sites if s.hub_id in closing_ids],
        without_coordinates=without_coordinates or [],
        population=population,
        aged=aged,
        beyond=beyond,
        bands=bands,
        mean_before=_mean([(r.population, r.before) for r in rows]),
        mean_after=_mean([(r.population, r.after) for r in rows]),
        moved=moved,
    )


def distance(
    closing_hub_ids: set[int], *, grid: PopulationGrid | None = None
) -> DistanceReport | None:
    """The figures over the grid in use for a scenario closing these hubs; None when no
    grid has been imported."""
    grid = grid or current_grid()
    if grid is None:
        return None
    cells = list(
        PopulationCell.objects.filter(grid=grid)
        .order_by("y", "x")
        .values_list("x", "y", "latitude", "longitude", "population", "age_67_plus")
    )
    all_sites, missing = sites()
    return measure(grid, cells, all_sites, closing_hub_ids, without_coordinates=missing)
