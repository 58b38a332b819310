"""The distance map (issue 18, item 8): drawn on the server as SVG, without online tiles.

Two panels side by side — today and after the scenario — each with the population grid
shaded by the distance to the nearest open hub (the same bands as the table beside it), the
hubs as points (open: a filled circle; closing: a crossed-out ring), a legend and a scale
bar. No JavaScript and no style attributes (the CSP refuses them): colours and sizes are SVG
presentation attributes, so the same markup draws in the page and in the memo's PDF.

A grid of a few thousand 250 m cells is drawn on a coarser raster where needed (at most
`MAX_SQUARES` squares a panel), each square shaded by its residents' mean distance, and the
squares of one shade drawn as one path: the map stays a few tens of kilobytes.

The map is an image with a title and a description (`role="img"`, `aria-labelledby`); the
page puts the table with the same numbers right beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from torget.core.templatetags.torget import format_number
from torget.scenarios.distance import INF, DistanceReport
from torget.scenarios.grid import CELL, to_utm

PANEL_WIDTH = 300
PANEL_HEIGHT = 480  # at most; a wide area is lower
GAP = 24
HEADING = 22
LEGEND_ROW = 18
FONT = 12
MAX_SQUARES = 900
MARGIN_M = 1500  # metres around the cells and hubs
# Viridis, from near (light) to far (dark): even steps of lightness, told apart with every
# common colour-vision deficiency. The last shade is for residents with no open hub at all.
SHADES = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
TEXT = "#1e2b3c"
FRAME = "#68707c"
BACKGROUND = "#f4f5f6"
OPEN = "#1e2b3c"
CLOSING = "#c01b1b"


def _band(value: float, thresholds: Sequence[int]) -> int:
    if value == INF:
        return len(thresholds) + 1
    for i, limit in enumerate(thresholds):
        if value <= limit:
            return i
    return len(thresholds)


def _squares(
    distance: DistanceReport, size: int
) -> dict[tuple[int, int], tuple[int, float, float]]:
    """(column, row) of a `size`-metre raster → (residents, mean distance before, after)."""
    sums: dict[tuple[int, int], list[float]] = {}
    for cell in distance.cells:
        key = (cell.x // size, cell.y // size)
        acc = sums.setdefault(key, [0, 0.0, 0.0])
        weight = cell.population or 1  # an empty cell still shows where the grid is
        acc[0] += weight
        acc[1] += weight * cell.before
        acc[2] += weight * cell.after
    return {k: (int(n), b / n, a / n) for k, (n, b, a) in sums.items()}


def raster(distance: DistanceReport) -> tuple[int, dict[tuple[int, int], tuple[int, float, float]]]:
    """The finest raster (a multiple of 250 m) with at most MAX_SQUARES squares."""
    size = CELL
    while True:
        squares = _squares(distance, size)
        if len(squares) <= MAX_SQUARES:
            return size, squares
        size *= 2


def distance_map_svg(distance: DistanceReport, *, map_id: str = "sc-distance-map") -> SafeString:
    """The map as one SVG element (before and after side by side, a legend below). `map_id`
    makes the title's and description's ids unique when a page shows several maps."""
    size, squares = raster(distance)
    hubs = distance.sites
    hub_xs, hub_ys = to_utm([s.longitude for s in hubs], [s.latitude for s in hubs])
    xs = [c.x for c in distance.cells] + hub_xs
    ys = [c.y for c in distance.cells] + hub_ys
    left, right = min(xs) - MARGIN_M, max(xs) + MARGIN_M
    bottom, top = min(ys) - MARGIN_M, max(ys) + MARGIN_M
    scale = min(PANEL_WIDTH / (right - left), PANEL_HEIGHT / (top - bottom))
    panel_w, panel_h = (right - left) * scale, (top - bottom) * scale
    closing = {s.hub_id for s in distance.closing}
    thresholds = distance.method.thresholds
    labels = [b.label for b in distance.bands] + [_("no open hub")]

    def px(x: float) -> float:
        return (x - left) * scale

    def py(y: float) -> float:
        return (top - y) * scale  # north up

    def panel(offset: float, title: str, after: bool) -> str:
        parts = [
            f'<g transform="translate({offset:.1f} {HEADING})">',
            f'<rect x="0" y="0" width="{panel_w:.1f}" height="{panel_h:.1f}" '
            f'fill="{BACKGROUND}" stroke="{FRAME}" stroke-width="1"/>',
        ]
        placed: list[tuple[float, float, float, float]] = []  # the labels' boxes so far
        paths: list[list[str]] = [[] for _shade in SHADES]
        side = size * scale
        for (col, row), (_people, before, later) in sorted(squares.items()):
            shade = _band(later if after else before, thresholds)
            x, y = px(col * size), py((row + 1) * size)
            paths[shade].append(f"M{x:.1f} {y:.1f}h{side:.1f}v{side:.1f}h{-side:.1f}z")
        for shade, commands in enumerate(paths):
            if commands:
                parts.append(f'<path fill="{SHADES[shade]}" d="{"".join(commands)}"/>')
        for site, hx, hy in zip(hubs, hub_xs, hub_ys, strict=True):
            x, y = px(hx), py(hy)
            if site.hub_id in closing:
                colour = CLOSING
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#ffffff" '
                    f'stroke="{colour}" stroke-width="2"/>'
                    f'<path d="M{x - 4:.1f} {y - 4:.1f}l8 8M{x - 4:.1f} {y + 4:.1f}l8 -8" '
                    f'stroke="{colour}" stroke-width="2"/>'
                    if after
                    else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}" '
                    f'stroke="#ffffff" stroke-width="1.5"/>'
                )
            else:
                colour = OPEN
                parts.append(
                    f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}" '
                    f'stroke="#ffffff" stroke-width="1.5"/>'
                )
            lx, ly, anchor = _label_place(x, y, site.name, panel_w, placed)
            # A white halo under the name (a second text, not paint-order: the PDF's SVG
            # reader draws the stroke over the letters).
            label = f'x="{lx:.1f}" y="{ly:.1f}" font-size="{FONT - 1}" text-anchor="{anchor}"'
            parts.append(
                f'<text {label} fill="#ffffff" stroke="#ffffff" stroke-width="3">'
                f"{escape(site.name)}</text>"
                f'<text {label} fill="{colour}">{escape(site.name)}</text>'
            )
        # A scale bar of 5 km (or 1 km on a small area), bottom left.
        km = 5 if panel_w / scale > 12_000 else 1
        bar = km * 1000 * scale
        parts.append(
            f'<path d="M8 {panel_h - 10:.1f}h{bar:.1f}" stroke="{TEXT}" stroke-width="2"/>'
            f'<text x="8" y="{panel_h - 15:.1f}" font-size="{FONT - 1}" fill="{TEXT}">'
            f"{km} km</text>"
        )
        parts.append("</g>")
        parts.insert(
            0,
            f'<text x="{offset:.1f}" y="{HEADING - 7}" font-size="{FONT + 1}" '
            f'font-weight="bold" fill="{TEXT}">{escape(title)}</text>',
        )
        return "".join(parts)

    width = 2 * panel_w + GAP
    # The legend: one row per shade in use (the "no open hub" shade only when it is), then
    # the hubs' symbols.
    unreachable = any(c.after == INF or c.before == INF for c in distance.cells)
    shown = list(range(len(labels) if unreachable else len(labels) - 1))
    legend: list[str] = []
    y = HEADING + panel_h + 14
    open_label = _("open hub")
    closing_label = _("hub that closes, today")
    closed_label = _("closed, after the scenario")
    for i in shown:
        legend.append(
            f'<rect x="0" y="{y:.1f}" width="14" height="14" fill="{SHADES[i]}" '
            f'stroke="{FRAME}" stroke-width="0.5"/>'
            f'<text x="20" y="{y + 11:.1f}" font-size="{FONT}" fill="{TEXT}">'
            f"{escape(labels[i])}</text>"
        )
        y += LEGEND_ROW
    y += 4
    legend.append(
        f'<circle cx="7" cy="{y + 7:.1f}" r="4.5" fill="{OPEN}"/>'
        f'<text x="20" y="{y + 11:.1f}" font-size="{FONT}" fill="{TEXT}">'
        f"{escape(open_label)}</text>"
    )
    if closing:
        y += LEGEND_ROW
        legend.append(
            f'<circle cx="7" cy="{y + 7:.1f}" r="5" fill="{CLOSING}"/>'
            f'<text x="20" y="{y + 11:.1f}" font-size="{FONT}" fill="{TEXT}">'
            f"{escape(closing_label)}</text>"
        )
        y += LEGEND_ROW
        legend.append(
            f'<circle cx="7" cy="{y + 7:.1f}" r="5" fill="#ffffff" stroke="{CLOSING}" '
            f'stroke-width="2"/>'
            f'<path d="M3 {y + 3:.1f}l8 8M3 {y + 11:.1f}l8 -8" stroke="{CLOSING}" '
            f'stroke-width="2"/>'
            f'<text x="20" y="{y + 11:.1f}" font-size="{FONT}" fill="{TEXT}">'
            f"{escape(closed_label)}</text>"
        )
    height = y + LEGEND_ROW + 4
    title = _("Map: distance to the nearest open hub, today and after the scenario")
    description = _description(distance, size)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sc-map" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" '
        f'aria-labelledby="{map_id}-title {map_id}-desc" font-family="sans-serif">'
        f'<title id="{map_id}-title">{escape(title)}</title>'
        f'<desc id="{map_id}-desc">{escape(description)}</desc>'
        + panel(0, _("Today"), after=False)
        + panel(panel_w + GAP, _("After the scenario"), after=True)
        + "".join(legend)
        + "</svg>"
    )
    return mark_safe(svg)  # every text in it is escaped


def _label_place(
    x: float, y: float, name: str, panel_w: float, placed: list[tuple[float, float, float, float]]
) -> tuple[float, float, str]:
    """Where a hub's name goes: right of its point (left near the right edge), moved up or
    down a line when it would cover a name already placed. Returns (x, y, text-anchor)."""
    width = len(name) * (FONT - 1) * 0.55
    right = x + 7 + width <= panel_w
    for shift in (0, -11, 11, -22, 22, -33, 33):
        ly = y + 4 + shift
        for to_right in (right, not right):
            left = x + 7 if to_right else x - 7 - width
            box = (left, ly - FONT + 2, left + width, ly + 2)
            if left < 0 or box[2] > panel_w:
                continue
            if not any(_overlap(box, other) for other in placed):
                placed.append(box)
                return (x + 7, ly, "start") if to_right else (x - 7, ly, "end")
    placed.append((x + 7, y - FONT + 6, x + 7 + width, y + 6))
    return x + 7, y + 4, "start"


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _description(distance: DistanceReport, size: int) -> str:
    """The map in words: what it shows and the headline numbers (the table has them all)."""
    middle = distance.beyond[len(distance.beyond) // 2] if distance.beyond else None
    parts = [
        _(
            "Grid squares of %(size)s m shaded by the distance from where residents live to "
            "the nearest open hub, today (left) and after the scenario (right)."
        )
        % {"size": format_number(size)}
    ]
    if middle is not None:
        parts.append(
            _("Residents more than %(km)s km away: %(before)s today, %(after)s after.")
            % {
                "km": middle.threshold,
                "before": format_number(middle.before),
                "after": format_number(middle.after),
            }
        )
    if distance.closing:
        parts.append(
            _("Hubs that close: %(hubs)s.") % {"hubs": ", ".join(s.name for s in distance.closing)}
        )
    return " ".join(parts)
