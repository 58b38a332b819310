"""Bar charts as SVG drawn on the server: no JavaScript, no style attributes (the CSP refuses
them), colours and sizes as SVG presentation attributes, so the same markup draws in the page
and, through fpdf2, in the memo's PDF.

Every chart is an image with a title and a description (`role="img"`, `aria-labelledby`);
the page puts the table with the same numbers right after it, so nobody needs the picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from torget.core.templatetags.torget import format_number

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 70
BAR_HEIGHT = 18
GAP = 10
TOP = 8
FONT = 13
LABEL_CHARS = 34
# Designsystemet's blue and a warm contrast, both at least 3:1 against white.
COLOURS = ("#0062ba", "#b34b00")
TEXT = "#1e2b3c"
AXIS = "#68707c"


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart's markup and the text that stands for it."""

    svg: SafeString
    title: str
    description: str

    def __str__(self) -> str:
        return self.svg

    def __html__(self) -> str:
        return self.svg


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bars(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    *,
    series: Sequence[str] = (),
    decimals: int = 0,
    description: str = "",
) -> Chart:
    """Horizontal bars: one group per row, one bar per series (before and after, say).
    `series` names the bars of a group for the legend; a single series needs none."""
    count = max((len(values) for _label, values in rows), default=1) or 1
    top = max((v or 0 for _label, values in rows for v in values), default=0) or 1
    group = count * BAR_HEIGHT + (count - 1) * 2
    legend = FONT + 12 if len(series) > 1 else 0
    height = TOP + legend + len(rows) * (group + GAP) + GAP
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / top
    parts: list[str] = []
    if legend:
        x = LABEL_WIDTH
        for n, name in enumerate(series):
            colour = COLOURS[n % len(COLOURS)]
            parts.append(
                f'<rect x="{x}" y="{TOP}" width="{FONT}" height="{FONT}" fill="{colour}"/>'
                f'<text x="{x + FONT + 5}" y="{TOP + FONT - 2}" font-size="{FONT}" '
                f'fill="{TEXT}">{escape(name)}</text>'
            )
            x += FONT + 12 + 8 * len(name)
    y = TOP + legend
    for label, values in rows:
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + group / 2 + FONT / 2 - 2:.1f}" '
            f'font-size="{FONT}" fill="{TEXT}" text-anchor="end">{escape(_short(label))}</text>'
        )
        for n, value in enumerate(values):
            bar_y = y + n * (BAR_HEIGHT + 2)
            length = max(0.0, (value or 0) * scale)
            colour = COLOURS[n % len(COLOURS)]
            if length:
                parts.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" '
                    f'height="{BAR_HEIGHT}" fill="{colour}"/>'
                )
            shown = "—" if value is None else format_number(value, decimals)
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 5:.1f}" y="{bar_y + BAR_HEIGHT - 4}" '
                f'font-size="{FONT}" fill="{TEXT}">{escape(shown)}</text>'
            )
        y += group + GAP
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP + legend}" x2="{LABEL_WIDTH}" y2="{y}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sc-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description or title)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
    return Chart(mark_safe(svg), title, description or title)  # every text in it is escaped
