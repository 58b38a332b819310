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
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from torget.core import exports
from torget.core.templatetags.torget import day, format_kroner, format_number, format_span
from torget.scenarios import charts
from torget.scenarios.costs import SELF_SERVICE, STAFFED
from torget.scenarios.models import ChangeKind
from torget.scenarios.postcodes import Few
from torget.scenarios.selectors import Report
from torget.seasons.records import _latin1
from torget.seasons.records import _line as line

MAX_COMPARED = 3
# Beyond the seasonal records' Latin-1 map: the narrow no-break space of Norwegian numbers.
_MORE = str.maketrans({"\u202f": "\u00a0", "…": "...", "≈": "~"})


def latin1(text: str) -> str:
    """Text as the PDF's built-in font writes it (æøå are there; see seasons.records)."""
    return _latin1(text.translate(_MORE))


CLOSING = (ChangeKind.CLOSE, ChangeKind.MERGE)

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


# --- The memo's sections: one list for the page's contents, the PDF, the xlsx, the comparison


@dataclass(slots=True)
class Note:
    """A paragraph of the memo: what a section says, or how it is counted (`small`), or a
    resident's moderated quote (`quote`)."""

    text: str
    small: bool = False
    quote: bool = False

    kind = "note"  # what the page's `_section.html` draws it as


@dataclass(slots=True)
class Figure:
    """A chart or the map, drawn as SVG when asked (the PDF draws it as a vector image; the
    page and the comparison, which read the sections too, draw their own or none)."""

    draw: Callable[[], str]
    title: str
    width: float = 170  # in the PDF, millimetres

    kind = "figure"

    @property
    def svg(self) -> str:
        return self.draw()


@dataclass(slots=True)
class Table:
    """A table of the memo: its caption (the PDF's, as the page's), and the short name of its
    sheet in the xlsx (a sheet's name holds at most 31 characters)."""

    sheet: str
    caption: str
    header: list[str]
    rows: list[list[Any]]

    kind = "table"

    def export(self) -> exports.Table:
        return exports.Table(self.sheet, self.header, self.rows)

    def texts(self) -> list[list[str]]:
        """The rows as the page and the PDF write them (1 517, 2,5, —)."""
        return [[_cell(v) for v in row] for row in self.rows]


Part = Table | Note | Figure


@dataclass(slots=True)
class Section:
    """One section of the memo, in the memo's order: its heading (and the page's anchor),
    its parts in reading order, the rows it adds to the key figures, and tables only the
    spreadsheet carries (the quotes, which the PDF prints as text)."""

    key: str
    heading: str
    parts: list[Part] = field(default_factory=list)
    headline: list[list[Any]] = field(default_factory=list)
    sheet_only: list[Table] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        own = [p for p in self.parts if isinstance(p, Table)]
        return own + self.sheet_only


@dataclass(frozen=True, slots=True)
class BeforeAfter:
    """A figure today and after, written "1 234 → 2 345"."""

    before: Any
    after: Any

    def __str__(self) -> str:
        return f"{_cell(self.before)} → {_cell(self.after)}"


def sections(report: Report, prefix: str = "sc") -> list[Section]:
    """The memo's sections in the 2024 memo's order: what happens there today, displaced,
    room elsewhere, who would have further to go, users by postcode, what residents said,
    staffed hours and cost. The page lists them as its contents; the PDF prints them; the xlsx has their
    tables; the comparison sets their key figures side by side."""
    drawn = memo_charts(report, prefix=prefix)
    return [
        today_section(report, drawn),
        displaced_section(report, drawn),
        room_section(report),
        distance_section(report),
        postcodes_section(report),
        words_section(report, drawn),
        hours_section(report, drawn),
    ]


def extra_sections(report: Report) -> list[Section]:
    """The sections that other parts of the scenario add (room elsewhere, distance, users
    by postcode)."""
    return [room_section(report), distance_section(report), postcodes_section(report)]


def _figure(chart: charts.Chart | None) -> list[Part]:
    return [Figure(lambda: str(chart.svg), chart.title)] if chart is not None else []


def today_section(report: Report, drawn: MemoCharts) -> Section:
    section = Section("sc-today", _("What happens there today"))
    for n, row in enumerate(report.today):
        section.parts += _figure(drawn.key_figures[n])
        section.parts.append(
            Table(
                _("Key figures for %(hub)s") % {"hub": row.hub.name},
                _("Key figures for %(hub)s") % {"hub": row.hub.name},
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
    return section


def displaced_section(report: Report, drawn: MemoCharts) -> Section:
    section = Section(
        "sc-displaced",
        _("Displaced"),
        headline=[
            [_("Closing hubs"), len([d for d in report.displaced if d.change in CLOSING])],
            [_("Bookings displaced"), displaced_bookings(report)],
            [_("Weekly series displaced"), report.totals["series"]],
            [_("Event occurrences displaced"), report.totals["occurrence"]],
            [_("Places registered for displaced occurrences"), report.registrations],
        ],
    )
    if not report.displaced:
        section.parts.append(
            Note(_("No change in this scenario takes anything away, so nothing is displaced."))
        )
        return section
    section.parts += _figure(drawn.displaced)
    header = [_("Kind")] + [d.hub.name for d in report.displaced]
    rows = [
        [label] + [d.counts[kind] for d in report.displaced]
        for kind, label, _count in report.kind_labels
    ]
    rows.append(
        [_("Of which residents' (counted only)")]
        + [sum(d.by_residents.values()) for d in report.displaced]
    )
    section.parts.append(
        Table(_("Displaced per kind"), _("Displaced from the date, per kind"), header, rows)
    )
    items = [
        [
            hub.hub.name,
            item.kind_label,
            item.title,
            item.organiser,
            item.organiser_type_label,
            item.space,
            _item_when(item),
            getattr(item, "weeks_left", None),
            getattr(item, "count", None),
            item.registrations,
        ]
        for hub in report.displaced
        for item in hub.listed  # single dates per organiser, event or service, with a count
    ]
    section.parts.append(
        Table(
            _("Displaced activity"),
            _("What organisations and municipal services hold at the affected hubs"),
            [
                _("Hub"),
                _("Kind"),
                _("What"),
                _("Organiser"),
                _("Organiser type"),
                _("Space"),
                _("When"),
                _("Weeks left"),
                _("Count"),
                _("Registered"),
            ],
            items,
        )
    )
    section.parts += [Note(d.method, small=True) for d in report.displaced if d.method]
    return section


def _needs(group) -> str:
    needs = [
        ngettext("%(n)s person", "%(n)s people", group.participants)
        % {"n": format_number(group.participants)}
    ]
    needs += group.feature_labels
    if group.step_free:
        needs.append(_("step-free access"))
    if group.hearing_loop:
        needs.append(_("hearing loop"))
    if group.hours_kind == STAFFED:
        needs.append(_("staffed hours"))
    return ", ".join(str(n) for n in needs)


def room_section(report: Report) -> Section:
    """Room elsewhere (`placement.py`): where the displaced weekly groups could go."""
    room = report.room_elsewhere
    section = Section(
        "sc-room",
        _("Room elsewhere"),
        headline=[
            [_("Regular weekly groups displaced"), len(room.groups)],
            [_("Groups with room at the remaining hubs"), room.placed],
            [_("Groups with no room"), room.not_placed],
        ],
    )
    if not room.groups:
        section.parts.append(
            Note(_("No regular weekly group is displaced, so none needs room elsewhere."))
        )
        return section
    section.parts.append(
        Note(
            ngettext(
                "Of %(groups)s displaced regular weekly group, %(placed)s fit at the remaining "
                "hubs and %(missing)s do not.",
                "Of %(groups)s displaced regular weekly groups, %(placed)s fit at the "
                "remaining hubs and %(missing)s do not.",
                len(room.groups),
            )
            % {
                "groups": format_number(len(room.groups)),
                "placed": format_number(room.placed),
                "missing": format_number(room.not_placed),
            }
        )
    )
    placed, missing = room.residents
    if placed or missing:
        section.parts.append(
            Note(
                _("Residents' groups are counted only: %(placed)s fit, %(missing)s do not.")
                % {"placed": format_number(placed), "missing": format_number(missing)}
            )
        )
    rows = []
    for group in room.listed:
        if group.placed is not None:
            where = f"{group.placed.name} ({group.placed.hub.name})"
            if group.skip_dates:
                where += ", " + ngettext(
                    "%(n)s week taken", "%(n)s weeks taken", len(group.skip_dates)
                ) % {"n": len(group.skip_dates)}
        else:
            where = _("No room: %(reason)s") % {"reason": group.reason_label}
        others = [s for s in group.candidates if s != group.placed]
        rows.append(
            [
                group.title,
                group.organiser,
                f"{group.weekday_label} {group.start:%H:%M}–{group.end:%H:%M}",
                len(group.dates),
                f"{group.space.name} ({group.hub.name})",
                _needs(group),
                where,
                "; ".join(f"{s.name} ({s.hub.name})" for s in others[:2])
                + (
                    " " + _("and %(more)s more") % {"more": len(others) - 2}
                    if len(others) > 2
                    else ""
                ),
            ]
        )
    section.parts.append(
        Table(
            _("Room elsewhere"),
            _("Where the displaced weekly groups of organisations and services could go"),
            [
                _("What"),
                _("Organiser"),
                _("When"),
                _("Weeks"),
                _("From"),
                _("Needs"),
                _("Placed in"),
                _("Other rooms that fit"),
            ],
            rows,
        )
    )
    if room.reasons:
        section.parts.append(
            Table(
                _("No room, why"),
                _("Why groups find no room"),
                [_("Reason"), _("Groups")],
                [[label, n] for label, n in room.reasons],
            )
        )
    if room.receiving and room.period:
        section.parts.append(
            Table(
                _("Receiving hubs"),
                _("Room utilisation of the receiving hubs, %(period)s")
                % {"period": format_span(room.period[0], room.period[1])},
                [
                    _("Hub"),
                    _("Groups received"),
                    _("Per cent of open hours booked, before"),
                    _("Per cent of open hours booked, after"),
                ],
                [
                    [hub.hub.name, hub.groups, _rounded(hub.before, 1), _rounded(hub.after, 1)]
                    for hub in room.receiving
                ],
            )
        )
    section.parts += [Note(text, small=True) for text in room_notes()]
    return section


def room_notes() -> list[str]:
    """How room elsewhere is found, in words (the PDF; the page has the same list)."""
    return [
        _(
            "A regular group is a weekly series, a seasonal slot not yet booked, or an activity "
            "or office hours that meet at the same weekday, time and room at least twice from "
            "the date."
        ),
        _(
            "A room is free when the booking engine's availability leaves the same weekday and "
            "time open in at least %(share)s per cent of the group's remaining weeks. No "
            "booking is changed."
        )
        % {"share": 90},
        _(
            "All groups are placed together by the seasonal round's allocation and its priority "
            "rules (voluntary organisations, then municipal services, then businesses; free "
            "before paid; then the longest-standing group), smallest fitting room first. A "
            "merged hub's groups and a moved module's go to the receiving hub."
        ),
    ]


def distance_section(report: Report) -> Section:
    """Who would have further to go (`distance.py`), with the map (`maps.py`)."""
    distance = report.distance
    section = Section("sc-distance", _("Who would have further to go"))
    if distance is None:
        section.parts.append(
            Note(
                _(
                    "No population grid has been imported, so the distances to the hubs "
                    "cannot be counted."
                )
            )
        )
        return section
    section.headline = [[_("Residents who would have further to go"), distance.further]] + [
        [
            _("Residents beyond %(km)s km, today → after") % {"km": row.threshold},
            BeforeAfter(row.before, row.after),
        ]
        for row in distance.beyond
    ]
    if distance.grid.invented:
        section.parts.append(
            Note(_("The population grid is invented demo data, not Statistics Norway's figures."))
        )
    text = _(
        "%(further)s of %(total)s residents would have further to go to the nearest open hub."
    ) % {
        "further": format_number(distance.further),
        "total": format_number(distance.population),
    }
    if distance.mean_before is not None and distance.mean_after is not None:
        text += " " + _("On average %(before)s km today and %(after)s km after.") % {
            "before": format_number(distance.mean_before, 1),
            "after": format_number(distance.mean_after, 1),
        }
    section.parts.append(Note(text))
    for moved in distance.moved:
        text = _("%(n)s residents have %(hub)s as their nearest hub today.") % {
            "n": format_number(moved.residents),
            "hub": moved.hub.name,
        }
        if moved.to:
            text += " " + _("Their nearest hub after:") + " "
            text += ", ".join(
                f"{site.name if site else _('none')} {format_number(n)}" for site, n in moved.to
            )
            text += "."
        section.parts.append(Note(text))
    section.parts.append(
        Figure(lambda: str(distance.map_svg), _("Map: distance to the nearest open hub"), 115)
    )
    ages = distance.has_ages
    header = [_("Further than"), _("Residents today"), _("Residents after")]
    if ages:
        header += [_("Aged 67+ today"), _("Aged 67+ after")]
    section.parts.append(
        Table(
            _("Beyond 2, 5 and 10 km"),
            _("Residents beyond a distance from the nearest open hub"),
            header,
            [
                [f"{row.threshold} km", row.before, row.after]
                + ([row.aged_before, row.aged_after] if ages else [])
                for row in distance.beyond
            ],
        )
    )
    header = [_("Distance"), _("Today"), _("After")]
    if ages:
        header += [_("Aged 67+ today"), _("Aged 67+ after")]
    rows = [
        [band.label, band.before, band.after]
        + ([band.aged_before, band.aged_after] if ages else [])
        for band in distance.bands
    ]
    rows.append(
        [_("Total"), distance.population, distance.population]
        + ([distance.aged, distance.aged] if ages else [])
    )
    section.parts.append(
        Table(
            _("By distance (the map)"),
            _("Residents by distance to the nearest open hub (the map's shades)"),
            header,
            rows,
        )
    )
    section.parts.append(
        Note(
            distance.method.description
            + " "
            + _("Population grid: %(source)s (%(cells)s cells, imported %(imported)s).")
            % {
                "source": distance.grid.source,
                "cells": format_number(len(distance.cells)),
                "imported": format_span(distance.grid.imported),
            },
            small=True,
        )
    )
    if distance.without_coordinates:
        section.parts.append(
            Note(
                _("Left out, for want of coordinates: %(hubs)s.")
                % {"hubs": ", ".join(distance.without_coordinates)},
                small=True,
            )
        )
    return section


def postcodes_section(report: Report) -> Section:
    """Users by postcode (`postcodes.py`): only its `shown` view, with small counts held back."""
    postcodes = report.postcodes
    section = Section("sc-postcodes", _("Users by postcode"))
    if postcodes is None:
        section.parts.append(
            Note(_("No postcode areas have been imported, so users cannot be counted by postcode."))
        )
        return section
    public = postcodes.shown
    unit = postcodes.unit
    section.headline = [[_("Users who would have further to go"), public.further]] + [
        [
            _("Users beyond %(km)s km, today → after") % {"km": row.threshold},
            BeforeAfter(row.before, row.after),
        ]
        for row in public.beyond
    ]
    if postcodes.postcode_list.invented:
        section.parts.append(Note(_("The postcode areas' centre points are invented demo data.")))
    text = _(
        "%(users)s bookings and registrations with a postcode, %(there)s of them at the hubs "
        "this scenario changes. %(further)s would have further to go to the nearest open hub."
    ) % {
        "users": format_number(postcodes.users),
        "there": format_number(postcodes.at_affected),
        "further": _cell(public.further),
    }
    if postcodes.unknown:
        text += " " + _(
            "%(n)s more have a postcode the list of areas does not have; they are not measured."
        ) % {"n": format_number(postcodes.unknown)}
    section.parts.append(Note(text))
    section.parts.append(
        Table(
            _("Users beyond 2, 5 and 10 km"),
            _(
                "Bookings and registrations beyond a distance from the nearest open hub, by postcode"
            ),
            [_("Further than"), _("Today"), _("After")],
            [[f"{row.threshold} {unit}", row.before, row.after] for row in public.beyond],
        )
    )
    rows: list[list[Any]] = [
        [
            shown.area.postnummer,
            shown.area.place,
            shown.area.users,
            shown.at_affected,
            shown.area.nearest_before.name if shown.area.nearest_before else _("none"),
            _distance(shown.area.before),
            shown.area.nearest_after.name if shown.area.nearest_after else _("none"),
            _distance(shown.area.after),
        ]
        for shown in public.areas
    ]
    if public.other.areas:
        rows.append(
            [
                _("Other areas"),
                ngettext("%(n)s area", "%(n)s areas", public.other.areas)
                % {"n": format_number(public.other.areas)},
                public.other.users,
                public.other.at_affected,
                None,
                None,
                None,
                None,
            ]
        )
    rows.append([_("Total"), None, postcodes.users, postcodes.at_affected, None, None, None, None])
    section.parts.append(
        Table(
            _("Users by postcode"),
            _(
                "Postcode areas: bookings and registrations, and the nearest open hub today and after"
            ),
            [
                _("Postcode"),
                _("Postal town"),
                _("Bookings and registrations"),
                _("At the affected hubs"),
                _("Nearest hub today"),
                _("Distance today (%(unit)s)") % {"unit": unit},
                _("Nearest hub after"),
                _("Distance after (%(unit)s)") % {"unit": unit},
            ],
            rows,
        )
    )
    section.parts += [Note(text, small=True) for text in postcode_notes(report)]
    return section


def postcode_notes(report: Report) -> list[str]:
    """What the postcode figures count, how they are measured and what is held back (the page
    and the PDF)."""
    postcodes = report.postcodes
    if postcodes is None:
        return []
    booking, registration = postcodes.retention
    limit = format_number(postcodes.shown.min_count)
    return [
        _(
            "Bookings and event registrations from %(since)s to %(until)s, at every hub, where "
            "the person chose to give a postcode: each counts once, and only counts are shown, "
            "never a person."
        )
        % {"since": day(postcodes.since), "until": day(postcodes.until)},
        _(
            "A postcode area with fewer than %(n)s bookings and registrations is not listed by "
            "itself but counted under «Other areas», and any smaller count is shown as «fewer "
            "than %(n)s», so that no count points at a person. Where a small area could still "
            "be worked out by subtracting the listed areas from a total, the smallest listed "
            "areas are counted under «Other areas» too. The totals are exact."
        )
        % {"n": limit},
        _(
            "A postcode is kept as long as the booking's details (%(booking)s days after it) or "
            "the registration's (%(registration)s days after the event), so older ones are no "
            "longer counted."
        )
        % {"booking": format_number(booking), "registration": format_number(registration)},
        postcodes.description
        + " "
        + _("Postcode areas: %(source)s (%(areas)s areas, imported %(imported)s).")
        % {
            "source": postcodes.postcode_list.source,
            "areas": format_number(postcodes.postcode_list.areas),
            "imported": day(postcodes.postcode_list.imported),
        },
    ]


def _distance(value: float) -> float | None:
    """A distance for the tables, to a tenth; none (—) when no hub is open."""
    return None if value == float("inf") else round(value, 1)


def words_section(report: Report, drawn: MemoCharts) -> Section:
    section = Section(
        "sc-words",
        _("What residents said"),
        headline=[
            [
                _("Respondents who mention the affected hubs"),
                sum(w.respondents for w in report.words),
            ]
        ],
    )
    section.parts.append(
        Note(
            _(
                "Answers in the consultations that mention the affected hubs by name, or picked "
                "them. Respondents are counted, never named; the quotes are whole answers as "
                "moderated and approved for quoting. Each answer is one person's view and does "
                "not speak for the community as a whole."
            )
        )
    )
    for chart in drawn.themes:
        section.parts += _figure(chart)
    section.parts.append(
        Table(
            _("What residents said"),
            _("Respondents per theme"),
            [_("Hub"), _("Theme"), _("Respondents")],
            [[w.hub.name, _("All who mention the hub"), w.respondents] for w in report.words]
            + [[w.hub.name, label, n] for w in report.words for label, n in w.themes],
        )
    )
    quotes = [(w.hub.name, q) for w in report.words for q in w.quotes]
    section.parts += [Note(f"«{q.text}» ({hub})", quote=True) for hub, q in quotes]
    section.sheet_only.append(
        Table(
            _("Quotes"),
            _("Quotes"),
            [_("Hub"), _("Quote"), _("Consultation")],
            [[hub, q.text, q.consultation] for hub, q in quotes],
        )
    )
    return section


def hours_section(report: Report, drawn: MemoCharts) -> Section:
    hours = report.hours
    headline: list[list[Any]] = [
        [_("Staffed hours per week before"), round(hours.staffed_week_before, 1)],
        [_("Staffed hours per week after"), round(hours.staffed_week_after, 1)],
        [_("Staffed hours a year fewer"), round(hours.staffed_hours_saved, 1)],
    ]
    if hours.yearly_saving is not None:
        headline.append([_("Yearly saving (NOK)"), hours.yearly_saving])
    section = Section("sc-hours", _("Staffed hours and cost"), headline=headline)
    if not hours.hubs:
        section.parts.append(Note(_("No hub's hours change in this scenario.")))
        return section
    section.parts += _figure(drawn.hours)
    section.parts.append(hours_table(report))
    section.parts += [Note(text, small=True) for text in hours_notes(report)]
    return section


def headline_rows(report: Report, every: list[Section] | None = None) -> list[list[Any]]:
    """The key figures the memo opens with: each section's, in the memo's order."""
    every = every if every is not None else sections(report)
    return [row for section in every for row in section.headline]


def displaced_bookings(report: Report) -> int:
    return sum(d.bookings for d in report.displaced)


def headline_text(report: Report, every: list[Section] | None = None) -> list[tuple[str, str]]:
    """The key figures as the page writes them."""
    return [(label, _cell(value)) for label, value in headline_rows(report, every)]


def key_figures_table(report: Report, every: list[Section]) -> exports.Table:
    rows = [
        [label, str(v) if isinstance(v, BeforeAfter) else v]
        for label, v in headline_rows(report, every)
    ]
    return exports.Table(_("Key figures"), [_("Figure"), _("Value")], rows)


def tables(report: Report) -> list[exports.Table]:
    """Every table of the memo (the xlsx: one sheet each), the key figures first."""
    every = sections(report)
    result = [key_figures_table(report, every)]
    for section in every:
        result.extend(table.export() for table in section.tables)
    return result


def hours_table(report: Report) -> Table:
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
    return Table(
        _("Staffed hours"),
        _("Staffed and self-service hours per week and in the year, before and after"),
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
    if getattr(item, "count", None):  # a group of single dates: its first and last day
        return format_span(item.first, item.last)
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


def _pdf_heading(pdf: FPDF, text: str, size: int = 13) -> None:
    if pdf.will_page_break(40):  # a heading stays with what follows it
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", size)
    line(pdf, 0, size * 0.55, latin1(text))
    pdf.ln(1)


def _pdf_table(pdf: FPDF, table: Table | exports.Table, *, caption: bool = True) -> None:
    if not table.rows:
        return
    if pdf.will_page_break(30):  # a caption stays with its table
        pdf.add_page()
    if caption:
        pdf.set_font("Helvetica", "B", 10)
        line(pdf, 0, 6, latin1(table.caption if isinstance(table, Table) else table.title))
    pdf.set_font("Helvetica", "", 8)
    texts = [[latin1(_cell(v)) for v in row] for row in table.rows]
    header = [latin1(str(h)) for h in table.header]
    numeric = [
        all(v is None or isinstance(v, int | float | Decimal | BeforeAfter | Few) for v in column)
        for column in zip(*table.rows, strict=True)
    ]
    with pdf.table(
        text_align=tuple("RIGHT" if n else "LEFT" for n in numeric),
        col_widths=_widths(pdf.epw, header, texts),
        line_height=4.5,
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD"),
    ) as grid:
        grid.row(header)
        for row in texts:
            grid.row(row)
    pdf.ln(3)


def _widths(room: float, header: list[str], rows: list[list[str]]) -> tuple[float, ...]:
    """Column widths in millimetres: each at least its longest word (a word is never split),
    the rest of the line shared by how much text a column holds, up to a point."""
    char, pad = 1.75, 3.0  # about a character of 8 pt Helvetica, and the cell's padding
    least, want = [], []
    for n, title in enumerate(header):
        column = [row[n] for row in rows]
        word = max((len(w) for t in [title, *column] for w in t.split()), default=1)
        mean = sum(len(t) for t in column) / max(len(column), 1)
        least.append(word * char + pad)
        want.append(max(least[-1], min(mean, 40) * char + pad))
    if sum(least) >= room:
        return tuple(least)
    if sum(want) <= room:
        return tuple(w * room / sum(want) for w in want)
    spare = room - sum(least)
    extra = [w - m for w, m in zip(want, least, strict=True)]
    return tuple(m + spare * e / sum(extra) for m, e in zip(least, extra, strict=True))


def _pdf_figure(pdf: FPDF, figure: Figure) -> None:
    """A chart or the map as a vector image (fpdf2 draws SVG); its table follows it."""
    try:
        # Its text in the PDF's built-in font (Latin-1), the file itself as UTF-8 XML.
        pdf.image(io.BytesIO(latin1(figure.svg).encode()), w=min(figure.width, pdf.epw))
    except Exception:  # a figure fpdf2 cannot draw leaves its table alone
        return
    pdf.ln(2)


def _pdf_note(pdf: FPDF, note: Note) -> None:
    if note.quote:
        pdf.set_font("Helvetica", "I", 9)
    else:
        pdf.set_font("Helvetica", "", 8 if note.small else 10)
    line(pdf, 0, 4 if note.small else 5, latin1(note.text))
    pdf.ln(1.5)


def pdf_bytes(report: Report) -> bytes:
    scenario = report.scenario
    every = sections(report, prefix="pdf")
    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_title(latin1(scenario.name))
    pdf.set_creator("Torget")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 9)
    line(pdf, 0, 5, latin1(_("Memo")))
    pdf.set_font("Helvetica", "B", 16)
    line(pdf, 0, 9, latin1(scenario.name))
    pdf.set_font("Helvetica", "", 9)
    for label, value in about_rows(report):
        if value in (None, ""):
            continue
        line(pdf, 0, 5, latin1(f"{label}: {_cell(value)}"))
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 10)
    line(pdf, 0, 5, latin1(_("The memo holds")))
    pdf.set_font("Helvetica", "", 10)
    for section in every:
        line(pdf, 0, 5, latin1(f"- {section.heading}"))
    _pdf_heading(pdf, _("Key figures"))
    _pdf_table(pdf, key_figures_table(report, every), caption=False)
    for section in every:
        _pdf_heading(pdf, section.heading)
        for part in section.parts:
            if isinstance(part, Table):
                _pdf_table(pdf, part)
            elif isinstance(part, Figure):
                _pdf_figure(pdf, part)
            else:
                _pdf_note(pdf, part)
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
    every = sections(report)
    return {
        "report": report,
        "charts": drawn,
        "today_charts": list(zip(report.today, drawn.key_figures, strict=True)),
        "words_charts": list(zip(report.words, drawn.themes, strict=True)),
        "headline": headline_text(report, every),
        "hours_notes": hours_notes(report),
        "displaced_bookings": displaced_bookings(report),
        "sections": every,  # the memo's contents, in its order
        # A section the page draws from the section itself (`_section.html`), as the PDF.
        "postcodes_section": next(s for s in every if s.key == "sc-postcodes"),
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
            "cmp-room",
            _("Displaced weekly groups with and without room elsewhere, per scenario"),
            [
                (name, [r.room_elsewhere.placed, r.room_elsewhere.not_placed])
                for name, r in zip(names, reports, strict=True)
            ],
            series=[_("With room"), _("No room")],
            description=_("Two bars per scenario; the table has the numbers."),
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
