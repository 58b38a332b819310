"""An INVENTED population grid for Asker's area (the demo and the benchmark): plausible, not
true. No number in it comes from Statistics Norway.

About 98,000 residents in 250 m cells (EPSG:25833), gathered around Asker's places — the
town centre, Holmen and Nesbru, Heggedal, Slemmestad, Spikkestad and Røyken, Sætre, Tofte,
Borgen, Vollen and the hamlets of Hurum — and thinly spread over the rest of the land, kept
to a rough outline of the peninsulas so no one lives in the fjord. The share aged 67 and over
is higher in the old villages of Hurum. Deterministic: the same seed gives the same grid.

`invented_grid_csv()` writes it in the import's `ssbid;population;age_67_plus` form, so the
demo loads it through the same checks as a real file.
"""

from __future__ import annotations

import random

from torget.scenarios.grid import CELL, HALF, ssbid_of, to_utm, to_wgs84

SEED = 18
# (place, latitude, longitude, residents, spread in metres, share aged 67+): invented.
PLACES = (
    ("Asker sentrum", 59.8334, 10.4352, 21_000, 1000, 0.16),
    ("Holmen og Nesbru", 59.8549, 10.4918, 12_000, 850, 0.17),
    ("Billingstad", 59.8630, 10.4700, 5_000, 650, 0.15),
    ("Borgen", 59.8237, 10.4189, 6_000, 650, 0.18),
    ("Vollen", 59.8011, 10.4805, 5_000, 650, 0.19),
    ("Heggedal", 59.7856, 10.4478, 7_000, 700, 0.15),
    ("Slemmestad", 59.7818, 10.4931, 6_500, 650, 0.18),
    ("Nærsnes", 59.7570, 10.5200, 2_500, 500, 0.20),
    ("Spikkestad", 59.7471, 10.3408, 7_500, 700, 0.14),
    ("Røyken", 59.7480, 10.3950, 8_500, 700, 0.17),
    ("Hyggen", 59.7200, 10.3600, 1_500, 500, 0.20),
    ("Sætre", 59.6792, 10.5246, 4_500, 650, 0.21),
    ("Klokkarstua", 59.6400, 10.4600, 1_200, 500, 0.24),
    ("Tofte", 59.5448, 10.5633, 2_800, 500, 0.23),
    ("Filtvet", 59.5750, 10.6050, 700, 350, 0.27),
    ("Holmsbu", 59.5600, 10.4500, 800, 350, 0.28),
    ("Rødtangen", 59.5200, 10.4100, 300, 300, 0.30),
)
FARMS = 500  # households spread thinly over the land, 1–12 residents each
RURAL_AGED = 0.22
# A rough outline of Asker's land (Asker, Røyken and the Hurum peninsula), (lat, lon).
OUTLINE = (
    (59.905, 10.330),
    (59.905, 10.450),
    (59.885, 10.500),
    (59.865, 10.545),
    (59.825, 10.525),
    (59.785, 10.515),
    (59.745, 10.540),
    (59.685, 10.545),
    (59.620, 10.585),
    (59.575, 10.625),
    (59.535, 10.590),
    (59.485, 10.525),
    (59.500, 10.420),
    (59.560, 10.430),
    (59.630, 10.405),
    (59.690, 10.330),
    (59.720, 10.270),
    (59.780, 10.250),
    (59.840, 10.290),
)


def on_land(lat: float, lon: float) -> bool:
    """Inside the outline (ray casting)."""
    inside = False
    n = len(OUTLINE)
    for i in range(n):
        (y1, x1), (y2, x2) = OUTLINE[i], OUTLINE[(i + 1) % n]
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def invented_cells(
    *, cells: int | None = None, seed: int = SEED
) -> list[tuple[int, int, int, int]]:
    """(x, y, population, age_67_plus) for each inhabited cell, x and y its centre in
    EPSG:25833. With `cells`, thin rural cells are added (or the smallest dropped) until the
    grid has exactly that many: the benchmark's 3,000."""
    rng = random.Random(seed)
    lons = [p[2] for p in PLACES]
    lats = [p[1] for p in PLACES]
    centres = list(zip(*to_utm(lons, lats), strict=True))
    people: dict[tuple[int, int], list[int]] = {}

    def settle(x: float, y: float, aged_share: float) -> None:
        key = (int(x // CELL) * CELL + HALF, int(y // CELL) * CELL + HALF)
        acc = people.setdefault(key, [0, 0])
        acc[0] += 1
        acc[1] += rng.random() < aged_share

    candidates: list[tuple[float, float, float]] = []
    for (_name, _lat, _lon, residents, spread, aged), (cx, cy) in zip(PLACES, centres, strict=True):
        for _i in range(residents):
            candidates.append((rng.gauss(cx, spread), rng.gauss(cy, spread), aged))
    # The farms and hamlets: anywhere in the outline's box, a household each.
    box_x, box_y = to_utm([10.25, 10.63], [59.48, 59.91])
    for _i in range(FARMS):
        x, y = rng.uniform(box_x[0], box_x[1]), rng.uniform(box_y[0], box_y[1])
        candidates.extend((x, y, RURAL_AGED) for _n in range(rng.randint(1, 12)))
    c_lons, c_lats = to_wgs84([c[0] for c in candidates], [c[1] for c in candidates])
    for (x, y, aged), lon, lat in zip(candidates, c_lons, c_lats, strict=True):
        if on_land(lat, lon):
            settle(x, y, aged)
    grid = [(x, y, n, a) for (x, y), (n, a) in people.items()]
    if cells is not None:
        grid = _exactly(grid, cells, rng)
    grid.sort(key=lambda c: (c[1], c[0]))
    return grid


def _exactly(
    grid: list[tuple[int, int, int, int]], cells: int, rng: random.Random
) -> list[tuple[int, int, int, int]]:
    if len(grid) >= cells:
        grid.sort(key=lambda c: -c[2])
        return grid[:cells]
    taken = {(x, y) for x, y, _n, _a in grid}
    box_x, box_y = to_utm([10.25, 10.63], [59.48, 59.91])
    while len(grid) < cells:
        x = int(rng.uniform(box_x[0], box_x[1]) // CELL) * CELL + HALF
        y = int(rng.uniform(box_y[0], box_y[1]) // CELL) * CELL + HALF
        lons, lats = to_wgs84([x], [y])
        if (x, y) in taken or not on_land(lats[0], lons[0]):
            continue
        taken.add((x, y))
        n = rng.randint(1, 12)
        grid.append((x, y, n, sum(rng.random() < RURAL_AGED for _i in range(n))))
    return grid


def invented_grid_csv(*, cells: int | None = None, seed: int = SEED) -> bytes:
    """The grid as the import reads it: `ssbid;population;age_67_plus`, UTF-8."""
    lines = ["ssbid;population;age_67_plus"]
    lines += [f"{ssbid_of(x, y)};{n};{a}" for x, y, n, a in invented_cells(cells=cells, seed=seed)]
    return ("\n".join(lines) + "\n").encode()
