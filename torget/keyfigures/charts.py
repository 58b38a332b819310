"""Horizontal bar charts as plain data for an inline SVG (keyfigures/partials/bar_chart.html).

Coordinates are strings, so the template's number localisation (1,5 in bokmål) never
reaches the SVG. Each chart carries a text alternative that says every number it shows;
the page puts the data table beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from torget.core.templatetags.torget import format_number

WIDTH = 440
VALUE_ROOM = 70  # to the right of the longest bar, for its number
ROW = 46
BAR = 18


@dataclass(frozen=True, slots=True)
class Segment:
    series: str  # a CSS modifier: municipal, non-municipal, single
    x: str
    width: str


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    total: float
    label_y: str
    bar_y: str
    value_x: str
    value_y: str
    segments: list[Segment]


@dataclass(slots=True)
class Chart:
    id: str
    title: str
    description: str
    height: str
    width: str = str(WIDTH)
    bar_height: str = str(BAR)
    bars: list[Bar] = field(default_factory=list)
    decimals: int = 0  # of the numbers shown
    suffix: str = ""  # after each number, e.g. " %"


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(
    *,
    id: str,
    title: str,
    items: list[tuple[str, list[tuple[str, float]]]],
    describe: list[str] | None = None,
    decimals: int = 0,
    suffix: str = "",
    maximum: float | None = None,
) -> Chart:
    """items: (label, [(series, value), …]); several series stack within one bar.

    `maximum` fixes the scale (100 for per cent); otherwise the longest bar fills the width.
    """
    largest = maximum or max((sum(v for _s, v in parts) for _l, parts in items), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    bars = []
    for i, (label, parts) in enumerate(items):
        top = i * ROW
        x = 0.0
        segments = []
        for series, value in parts:
            width = value * scale
            if width > 0:
                segments.append(Segment(series, _fmt(x), _fmt(width)))
            x += width
        total = sum(v for _s, v in parts)
        bars.append(
            Bar(
                label=label,
                total=total,
                label_y=_fmt(top + 15),
                bar_y=_fmt(top + 22),
                value_x=_fmt(x + 6),
                value_y=_fmt(top + 22 + BAR - 4),
                segments=segments,
            )
        )
    if describe is None:
        describe = [
            f"{label}: {format_number(sum(v for _s, v in parts), decimals)}{suffix}"
            for label, parts in items
        ]
    return Chart(
        id=id,
        title=title,
        description="; ".join(describe) + ".",
        height=str(max(ROW * len(items), ROW)),
        bars=bars,
        decimals=decimals,
        suffix=suffix,
    )
