"""The benchmarks' one way of stating a bar: what was measured, against which baseline
measured in the same run, the ratio, the bar from QUALITY.md, and PASS or FAIL."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

BARE_JSON = "bare JSON"
BARE_INSERT = "bare insert"


@dataclass
class Row:
    """One bar as measured; `passed` None when nothing is decided (a timing shown for
    context), `informational` when it is decided but the bar is not stated for this setup
    (the rush on SQLite)."""

    operation: str
    measured: str
    baseline: str
    ratio: str
    bar: str
    passed: bool | None
    size_kb: float | None = None
    informational: bool = False
    values: dict | None = None  # the numbers behind the text, for the JSON

    def as_json(self) -> dict:
        return {
            "operation": self.operation,
            "measured": self.measured,
            "baseline": self.baseline,
            "ratio": self.ratio,
            "bar": self.bar,
            "pass": self.passed,
            "informational": self.informational,
            "size_kb": self.size_kb,
            "values": self.values,
        }


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) >= 100 else max(values)


def ratio_row(
    operation: str,
    samples: list[float],
    base: list[float],
    base_name: str,
    limit: float | None,
    *,
    size: int | None = None,
    size_limit_kb: float | None = None,
) -> Row:
    """A median as a multiple of its baseline's median, and a page's size where the bar
    names one. `limit` None: shown for context, no bar."""
    median, base_median = statistics.median(samples), statistics.median(base)
    ratio = median / base_median
    kb = size / 1024 if size is not None else None
    if limit is None:
        bar, passed = "–", None
    else:
        bar = f"≤ {limit:g} × {base_name}"
        passed = ratio <= limit
        if size_limit_kb is not None:
            bar += f", ≤ {size_limit_kb:g} KB"
            passed = passed and kb is not None and kb <= size_limit_kb
    return Row(
        operation=operation,
        measured=f"{median:.2f} ms",
        baseline=f"{base_name} {base_median:.2f} ms",
        ratio=f"{ratio:.1f} ×",
        bar=bar,
        passed=passed,
        size_kb=kb,
        values={
            "median_ms": median,
            "p99_ms": p99(samples),
            "n": len(samples),
            "baseline": base_name,
            "baseline_median_ms": base_median,
            "baseline_p99_ms": p99(base),
            "ratio": ratio,
            "limit": limit,
            "bytes": size,
            "size_limit_kb": size_limit_kb,
        },
    )


def print_table(rows: list[Row], note: str = "") -> tuple[int, int]:
    """The table and its summary line "N of M bars met"; returns (N, M)."""
    heads = ("operation", "measured", "baseline", "ratio", "bar", "KB", "result")
    lines = []
    for row in rows:
        if row.passed is None:
            result = "–"
        else:
            result = "PASS" if row.passed else "FAIL"
            if row.informational:
                result = f"({result})"
        kb = f"{row.size_kb:.0f}" if row.size_kb is not None else ""
        lines.append((row.operation, row.measured, row.baseline, row.ratio, row.bar, kb, result))
    widths = [max(len(cells[i]) for cells in [heads, *lines]) for i in range(len(heads))]
    print()
    for cells in [heads, tuple("-" * w for w in widths), *lines]:
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    decided = [r for r in rows if r.passed is not None and not r.informational]
    met = sum(1 for r in decided if r.passed)
    print(f"\n{met} of {len(decided)} bars met{note}")
    return met, len(decided)
