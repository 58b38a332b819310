"""The memo: a scenario's report as the 2024 memo reads — the scenario, key figures, what it
displaces, room elsewhere, distance, what residents said, staffed hours — as charts and
tables for the page, and as the same tables in an xlsx (through core/exports) and a PDF
(fpdf2, set up as the seasonal round's records are).

Whatever `selectors.Report` holds is shown; the sections that other parts of the scenario
add (room elsewhere, distance) appear when the report carries them. No personal data: what
residents booked, registered for or answered is counted, organisations and municipal
services are named, and quotes are moderated text approved for quoting.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from torget.core import exports
from torget.core.templatetags.torget import format_kroner, format_number, format_span
from torget.scenarios import charts
from torget.scenarios.costs import SELF_SERVICE, STAFFED
from torget.scenarios.selectors import Report
from torget.seasons.records import _latin1
from torget.seasons.records import _line as line

MAX_COMPARED = 3
# Beyond the seasonal records' Latin-1 map: the narrow no-break space of Norwegian numbers.
_MORE = str.maketrans({"\u202f": "\u00a0", "…": "...", "≈": "~"})


def latin1(text: str) -> str:
    """Text as the PDF's built-in font writes it (æøå are there; see seasons.records)."""
    return _latin1(text.translate(_MORE))


# --- Charts ---------------------------------------------------------------------------------


@dataclass(slots=True)
class MemoCharts:
    key_figures: list[charts.Chart] = field(default_factory=list)  # per affected hub
    displaced: charts.Chart | None = None
    themes: list[charts.Chart | None] = field(default_factory=list)  # per hub in words
    hours: charts.Chart | None = None


def _key_figure_rows(row) -> list[tuple[str, list[float | None]]]:
    a, b = row.last_year, row.this_year
    return [
        (_("Activities, municipal"), [a.activities.municipal, b.activities.municipal]),
        (_("Activities, non-municipal"), [a.activities.non_municipal, b.activities.non_municipal]),
        (_("Meetings, municipal"), [a.meetings.municipal, b.meetings.municipal]),
        (_("Meetings, non-municipal"), [a.meetings.non_municipal, b.meetings.non_municipal]),
    ]


def memo_charts(report: Report, prefix: str = "sc") -> MemoCharts:
    result = MemoCharts()
    for n, row in enumerate(report.today, start=1):
        last, this = (
            str(row.last_year.start.year),
            _("%(year)s so far") % {"year": row.this_year.start.year},
        )
        result.key_figures.append(
            charts.bars(
                f"{prefix}-key-{n}",
                _("Municipal and non-municipal activities and meetings at %(hub)s")
                % {"hub": row.hub.name},
                _key_figure_rows(row),
                series=[last, this],
                description=_(
                    "Bars per kind for %(last)s and %(this)s; the table below has the numbers."
                )
                % {"last": last, "this": this},
            )
        )
    if report.displaced:
        result.displaced = charts.bars(
            f"{prefix}-displaced",
            _("Displaced from the date, counted per kind"),
            [(label, [count]) for _kind, label, count in report.kind_labels],
        )
    for n, words in enumerate(report.words, start=1):
        result.themes.append(
            charts.bars(
                f"{prefix}-themes-{n}",
                _("Themes in what residents said about %(hub)s") % {"hub": words.hub.name},
                [(label, [count]) for label, count in words.themes],
                description=_("Respondents per theme; the table below has the numbers."),
            )
            if words.themes
            else None
        )
    if report.hours.hubs:
        rows = []
        for hub in report.hours.hubs:
            rows.append(
                (
                    _("%(hub)s, staffed") % {"hub": hub.hub.name},
                    [hub.week_before[STAFFED], hub.week_after[STAFFED]],
                )
            )
            rows.append(
                (
                    _("%(hub)s, self-service") % {"hub": hub.hub.name},
                    [hub.week_before[SELF_SERVICE], hub.week_after[SELF_SERVICE]],
                )
            )
        result.hours = charts.bars(
            f"{prefix}-hours",
            _("Open hours per week, before and after"),
            rows,
            series=[_("Before"), _("After")],
            decimals=1,
            description=_(
                "Staffed and self-service hours in a regular week per hub, before and after; the table below has the numbers."
            ),
        )
    return result


# --- Tables (the xlsx, the PDF) -------------------------------------------------------------


def about_rows(report: Report) -> list[list[Any]]:
    scenario = report.scenario
    rows: list[list[Any]] = [
        [_("Scenario"), scenario.name],
        [_("From date"), scenario.starts],
        [_("Data read"), scenario.data_read_at],
        [_("Printed"), timezone.now()],
        [_("Cost per staffed hour (NOK)"), scenario.cost_per_staffed_hour],
        [_("Assumptions"), scenario.assumptions],
    ]
    rows.append([_("Changes"), "; ".join(change_text(c) for c in report.changes)])
    return rows


def change_text(change) -> str:
    text = f"{change.get_kind_display()}: {change.hub.name}"
    if change.target_hub:
        text += f" → {change.target_hub.name}"
    if change.module:
        text += f" ({change.get_module_display()})"
    if change.kind == "hours":
        text += " — " + _("staffed %(staffed)s days a week, self-service %(self)s days a week") % {
            "staffed": change.staffed_days,
            "self": change.self_service_days,
        }
    return text


def headline_rows(report: Report) -> list[list[Any]]:
    """The key figures the memo opens with."""
    hours = report.hours
    totals = report.totals
    rows: list[list[Any]] = [
        [_("Closing hubs"), len(report.displaced)],
        [_("Bookings displaced"), displaced_bookings(report)],
        [_("Weekly series displaced"), totals["series"]],
        [_("Event occurrences displaced"), totals["occurrence"]],
        [_("Places registered for displaced occurrences"), report.registrations],
        [_("Staffed hours per week before"), round(hours.staffed_week_before, 1)],
        [_("Staffed hours per week after"), round(hours.staffed_week_after, 1)],
        [_("Staffed hours a year fewer"), round(hours.staffed_hours_saved, 1)],
    ]
    saving = hours.yearly_saving
    if saving is not None:
        rows.append([_("Yearly saving (NOK)"), saving])
    rows.append(
        [_("Respondents who mention the affected hubs"), sum(w.respondents for w in report.words)]
    )
    for extra in extra_sections(report):
        rows.extend(extra.headline)
    return rows


def displaced_bookings(report: Report) -> int:
    return sum(d.bookings for d in report.displaced)


def headline_text(report: Report) -> list[tuple[str, str]]:
    """The key figures as the page writes them."""
    return [(label, _cell(value)) for label, value in headline_rows(report)]


@dataclass(slots=True)
class Section:
    """A section another part of the scenario adds to the report (room elsewhere, distance):
    its heading, its tables and its headline rows."""

    heading: str
    tables: list[exports.Table]
    headline: list[list[Any]] = field(default_factory=list)


def extra_sections(report: Report) -> list[Section]:
    """The sections the report carries beyond this module's own (see the module's doc)."""
    return []


def tables(report: Report) -> list[exports.Table]:
    result = [exports.Table(_("Key figures"), [_("Figure"), _("Value")], headline_rows(report))]
    for row in report.today:
        result.append(
            exports.Table(
                _("Today at %(hub)s") % {"hub": row.hub.name},
                [
                    _("Figure"),
                    format_span(row.last_year.start, row.last_year.end),
                    format_span(row.this_year.start, row.this_year.end),
                ],
                [
                    [label, _rounded(last, decimals), _rounded(this, decimals)]
                    for label, last, this, decimals in row.rows
                ],
            )
        )
    if report.displaced:
        header = [_("Kind")] + [d.hub.name for d in report.displaced]
        rows = [
            [label] + [d.counts[kind] for d in report.displaced]
            for kind, label, _count in report.kind_labels
        ]
        rows.append(
            [_("Of which residents' (counted only)")]
            + [sum(d.by_residents.values()) for d in report.displaced]
        )
        result.append(exports.Table(_("Displaced per kind"), header, rows))
        items = [
            [
                hub.hub.name,
                item.kind_label,
                item.title,
                item.organiser,
                item.organiser_type_label,
                item.space,
                _item_when(item),
                item.weeks_left,
                item.registrations,
            ]
            for hub in report.displaced
            for item in hub.items
        ]
        result.append(
            exports.Table(
                _("Displaced activity"),
                [
                    _("Hub"),
                    _("Kind"),
                    _("What"),
                    _("Organiser"),
                    _("Organiser type"),
                    _("Space"),
                    _("When"),
                    _("Weeks left"),
                    _("Registered"),
                ],
                items,
            )
        )
    for extra in extra_sections(report):
        result.extend(extra.tables)
    result.append(
        exports.Table(
            _("What residents said"),
            [_("Hub"), _("Theme"), _("Respondents")],
            [[w.hub.name, _("All who mention the hub"), w.respondents] for w in report.words]
            + [[w.hub.name, label, n] for w in report.words for label, n in w.themes],
        )
    )
    result.append(
        exports.Table(
            _("Quotes"),
            [_("Hub"), _("Quote"), _("Consultation")],
            [[w.hub.name, q.text, q.consultation] for w in report.words for q in w.quotes],
        )
    )
    result.append(hours_table(report))
    return result


def hours_table(report: Report) -> exports.Table:
    rows = []
    for hub in report.hours.hubs:
        rows.append(
            [
                hub.hub.name,
                round(hub.week_before[STAFFED], 1),
                round(hub.week_after[STAFFED], 1),
                round(hub.week_before[SELF_SERVICE], 1),
                round(hub.week_after[SELF_SERVICE], 1),
                round(hub.year_before[STAFFED], 1),
                round(hub.year_after[STAFFED], 1),
            ]
        )
    return exports.Table(
        _("Staffed hours"),
        [
            _("Hub"),
            _("Staffed hours per week before"),
            _("Staffed hours per week after"),
            _("Self-service hours per week before"),
            _("Self-service hours per week after"),
            _("Staffed hours in the year before"),
            _("Staffed hours in the year after"),
        ],
        rows,
    )


def _rounded(value, decimals: int):
    if value is None:
        return None
    return round(float(value), decimals) if decimals else value


def _item_when(item) -> str:
    if item.start:
        return format_span(item.start, item.end)
    if item.weekday is not None and item.starts_at and item.ends_at:
        return f"{item.weekday_label} {item.starts_at:%H:%M}–{item.ends_at:%H:%M}"
    return ""


def filename(report: Report, extension: str) -> str:
    return f"scenario-{report.scenario.pk}-notat.{extension}"


def xlsx_response(report: Report) -> HttpResponse:
    return exports.xlsx_response(
        tables(report),
        filename(report, "xlsx"),
        about=about_rows(report),
        about_title=_("Scenario"),
    )


# --- PDF ------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return format_number(value, 0 if isinstance(value, int) or value == int(value) else 1)
    if hasattr(value, "quantize"):  # Decimal: kroner
        return format_kroner(value)
    if hasattr(value, "strftime"):
        return format_span(value)
    return str(value)


def _pdf_table(pdf: FPDF, table: exports.Table) -> None:
    if not table.rows:
        return
    if pdf.will_page_break(30):  # a heading stays with its table
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 11)
    line(pdf, 0, 7, latin1(table.title))
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(
        text_align="LEFT",
        line_height=4.5,
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD"),
    ) as grid:
        grid.row([latin1(str(h)) for h in table.header])
        for row in table.rows:
            grid.row([latin1(_cell(v)) for v in row])
    pdf.ln(3)


def _pdf_chart(pdf: FPDF, chart: charts.Chart | None) -> None:
    """The chart as a vector image (fpdf2 draws SVG); its table follows it."""
    if chart is None:
        return
    try:
        pdf.image(io.BytesIO(str(chart.svg).encode()), w=min(170, pdf.epw))
    except Exception:  # a chart fpdf2 cannot draw leaves its table alone
        return
    pdf.ln(2)


def pdf_bytes(report: Report) -> bytes:
    scenario = report.scenario
    drawn = memo_charts(report, prefix="pdf")
    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_title(latin1(scenario.name))
    pdf.set_creator("Torget")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 9)
    line(pdf, 0, 5, latin1(_("Memo")))
    pdf.set_font("Helvetica", "B", 15)
    line(pdf, 0, 8, latin1(scenario.name))
    pdf.set_font("Helvetica", "", 9)
    for label, value in about_rows(report):
        if value in (None, ""):
            continue
        line(pdf, 0, 5, latin1(f"{label}: {_cell(value)}"))
    pdf.ln(3)
    every = tables(report)
    by_title = {t.title: t for t in every}
    _pdf_table(pdf, every[0])
    for n, row in enumerate(report.today):
        _pdf_chart(pdf, drawn.key_figures[n])
        _pdf_table(pdf, by_title[_("Today at %(hub)s") % {"hub": row.hub.name}])
    if report.displaced:
        _pdf_chart(pdf, drawn.displaced)
        _pdf_table(pdf, by_title[_("Displaced per kind")])
        _pdf_table(pdf, by_title[_("Displaced activity")])
    for extra in extra_sections(report):
        for table in extra.tables:
            _pdf_table(pdf, table)
    for chart in drawn.themes:
        _pdf_chart(pdf, chart)
    _pdf_table(pdf, by_title[_("What residents said")])
    quotes = [(w.hub.name, q) for w in report.words for q in w.quotes]
    if quotes:
        pdf.set_font("Helvetica", "B", 11)
        line(pdf, 0, 7, latin1(_("Quotes")))
        pdf.set_font("Helvetica", "I", 9)
        for hub, quote in quotes:
            line(pdf, 0, 5, latin1(f"«{quote.text}» ({hub})"))
            pdf.ln(1)
        pdf.ln(2)
    _pdf_chart(pdf, drawn.hours)
    _pdf_table(pdf, hours_table(report))
    pdf.set_font("Helvetica", "", 8)
    for text in hours_notes(report):
        line(pdf, 0, 4.5, latin1(text))
    return bytes(pdf.output())


def hours_notes(report: Report) -> list[str]:
    """How the hours and the saving are reckoned, in words (the page and the PDF)."""
    hours = report.hours
    notes = [
        _(
            "A regular week is each weekday's opening hours on the first such day from the "
            "scenario's date that is not a public holiday or special day. The year is the 52 "
            "weeks from %(start)s to %(end)s as the hubs' calendars have them, with public "
            "holidays and the special days already known left out."
        )
        % {"start": format_span(hours.year_start), "end": format_span(hours.year_end)},
        _(
            "Changed hours give days per week, not times: the days kept are the first days "
            "of that kind the hub has today, Monday first, with today's times — the same "
            "rule as for the displaced activity. A closing hub has no hours. Self-service "
            "hours are not costed."
        ),
    ]
    if hours.added_days:
        notes.append(
            _(
                "A day added beyond the hub's days today gets its commonest opening of that "
                "kind today (07:00–22:00 self-service, 09:00–15:00 staffed when it has none)."
            )
        )
    saving = hours.yearly_saving
    if saving is not None and hours.cost_per_staffed_hour is not None:
        notes.append(
            _(
                "%(hours)s staffed hours a year fewer × %(cost)s per staffed hour = %(saving)s "
                "a year."
            )
            % {
                "hours": format_number(hours.staffed_hours_saved, 1),
                "cost": format_kroner(hours.cost_per_staffed_hour),
                "saving": format_kroner(saving),
            }
        )
    return notes


# --- The page and the comparison ------------------------------------------------------------


def context(report: Report) -> dict[str, Any]:
    """What the memo page (the scenario's own page) shows, besides the report."""
    drawn = memo_charts(report)
    return {
        "report": report,
        "charts": drawn,
        "today_charts": list(zip(report.today, drawn.key_figures, strict=True)),
        "words_charts": list(zip(report.words, drawn.themes, strict=True)),
        "headline": headline_text(report),
        "hours_notes": hours_notes(report),
        "displaced_bookings": displaced_bookings(report),
        "sections": extra_sections(report),
    }


def chosen_scenarios(visible: list, wanted: list[str]) -> tuple[list, str]:
    """The scenarios picked to compare (in the list's order), or none and the reason."""
    if not wanted:
        return [], ""
    ids: list[int] = []
    for value in wanted:
        if not value.isdigit():
            return [], _("Choose scenarios from the list.")
        if int(value) not in ids:
            ids.append(int(value))
    if len(ids) > MAX_COMPARED:
        return [], _("Choose at most three scenarios to compare (you chose %(n)s).") % {
            "n": len(ids)
        }
    by_pk = {s.pk: s for s in visible}
    if any(pk not in by_pk for pk in ids):
        return [], _("Choose scenarios from the list.")
    return [by_pk[pk] for pk in ids], ""


@dataclass(slots=True)
class Comparison:
    reports: list[Report]
    rows: list[tuple[str, list[str]]]  # (figure, one text per scenario)
    charts: list[charts.Chart]


def comparison(reports: list[Report]) -> Comparison:
    """The key figures of up to three scenarios side by side, the same rows as each memo's."""
    per_report = [dict(headline_rows(r)) for r in reports]
    labels = list(dict.fromkeys(label for rows in per_report for label in rows))
    rows = [(label, [_cell(rows.get(label)) for rows in per_report]) for label in labels]
    names = [r.scenario.name for r in reports]
    drawn = [
        charts.bars(
            "cmp-bookings",
            _("Bookings displaced per scenario"),
            [(name, [displaced_bookings(r)]) for name, r in zip(names, reports, strict=True)],
            description=_("One bar per scenario; the table has the numbers."),
        ),
        charts.bars(
            "cmp-hours",
            _("Staffed hours a year fewer per scenario"),
            [
                (name, [round(r.hours.staffed_hours_saved, 1)])
                for name, r in zip(names, reports, strict=True)
            ],
            decimals=1,
            description=_("One bar per scenario; the table has the numbers."),
        ),
    ]
    return Comparison(reports, rows, drawn)
