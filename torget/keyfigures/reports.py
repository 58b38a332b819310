"""The key figures as tables, and those tables as CSV or xlsx (through core/exports: decimal
commas in the semicolon CSV, numeric cells in xlsx): the same selector's result as the page
and the JSON, only rendered differently."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.booking.models import HoursRule
from torget.core import exports
from torget.core.exports import Table
from torget.keyfigures.selectors import UNSPECIFIED_CHANNEL, AddedFigure, KeyFigures
from torget.keyfigures.utilisation import Usage
from torget.ledger.codes import Channel, DefaultTopic


def _label(choices, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def topic_label(code: str) -> str:
    return _label(DefaultTopic, code)


def channel_label(code: str) -> str:
    if code == UNSPECIFIED_CHANNEL:
        return _("Not recorded")
    return _label(Channel, code)


def _share(value: float | None) -> float | str:
    return round(value, 1) if value is not None else ""


def tables(figures: KeyFigures) -> list[Table]:
    split_header = [_("Municipal"), _("Non-municipal"), _("Total"), _("Municipal share (%)")]
    memo = Table(
        _("Activities and meetings"),
        ["", *split_header],
        [
            [
                label,
                split.municipal,
                split.non_municipal,
                split.total,
                _share(split.municipal_share),
            ]
            for label, split in (
                (_("Activities"), figures.activities),
                (_("Meetings"), figures.meetings),
            )
        ],
    )
    hubs = Table(
        _("Hubs side by side"),
        [
            _("Hub"),
            _("Activities, municipal"),
            _("Activities, non-municipal"),
            _("Meetings, municipal"),
            _("Meetings, non-municipal"),
            _("Inquiries"),
            _("Participants"),
        ],
        [
            [
                row.hub.name,
                row.tally.activities.municipal,
                row.tally.activities.non_municipal,
                row.tally.meetings.municipal,
                row.tally.meetings.non_municipal,
                row.tally.inquiries,
                row.tally.participants,
            ]
            for row in figures.by_hub
        ],
    )
    topics = Table(
        _("Inquiries by topic"),
        [_("Topic"), _("Inquiries")],
        [[topic_label(code), n] for code, n in figures.by_topic.items()],
    )
    channels = Table(
        _("Inquiries by channel"),
        [_("Channel"), _("Inquiries")],
        [[channel_label(code), n] for code, n in figures.by_channel.items()],
    )
    trend = Table(
        _("Trend by month"),
        [
            _("Month"),
            _("Activities, municipal"),
            _("Activities, non-municipal"),
            _("Meetings, municipal"),
            _("Meetings, non-municipal"),
            _("Inquiries"),
        ],
        [
            [
                row.month.strftime("%Y-%m"),
                row.tally.activities.municipal,
                row.tally.activities.non_municipal,
                row.tally.meetings.municipal,
                row.tally.meetings.non_municipal,
                row.tally.inquiries,
            ]
            for row in figures.trend
        ],
    )
    organisations = Table(
        _("Most active organisations"),
        [
            _("Organisation"),
            _("Activities, municipal"),
            _("Activities, non-municipal"),
            _("Meetings, municipal"),
            _("Meetings, non-municipal"),
            _("Total"),
        ],
        [
            [
                row.name,
                row.activities.municipal,
                row.activities.non_municipal,
                row.meetings.municipal,
                row.meetings.non_municipal,
                row.total,
            ]
            for row in figures.organisations
        ],
    )
    added = Table(
        _("More key figures"),
        [_("Figure"), _("Value")],
        [[figure.label, _added_value(figure)] for figure in figures.added],
    )
    return [
        memo,
        hubs,
        topics,
        channels,
        trend,
        organisations,
        *utilisation_tables(figures),
        *([added] if figures.added else []),
    ]


def _added_value(figure: AddedFigure) -> Any:
    """The number as the JSON gives it (rounded to the figure's decimals); empty when the
    figure was not counted."""
    value = figure.as_json()["value"]
    return "" if value is None else value


def bookable_in_label(code: str) -> str:
    return _label(HoursRule, code)


# gettext_lazy by its own name: makemessages finds only the names it knows (an alias such
# as `_lazy` dropped these from the catalogue).
USAGE_HEADER = [
    gettext_lazy("Staffed hours open"),
    gettext_lazy("Staffed hours booked"),
    gettext_lazy("Staffed, booked (%)"),
    gettext_lazy("Self-service hours open"),
    gettext_lazy("Self-service hours booked"),
    gettext_lazy("Self-service, booked (%)"),
    gettext_lazy("Booked outside open hours"),
]


def not_recorded() -> str:
    return _("not recorded")


def _usage_cells(usage: Usage, recorded: bool) -> list[Any]:
    """`recorded`: the hub had any booked time. Without it the booked hours and shares are
    "not recorded", not 0 (a year of imported figures only)."""
    if not recorded:
        missing = not_recorded()
        return [
            usage.staffed.open_hours,
            missing,
            missing,
            usage.self_service.open_hours,
            missing,
            missing,
            missing,
        ]
    return [
        usage.staffed.open_hours,
        usage.staffed.booked_hours,
        _share(usage.staffed.share),
        usage.self_service.open_hours,
        usage.self_service.booked_hours,
        _share(usage.self_service.share),
        usage.outside_hours,
    ]


def utilisation_tables(figures: KeyFigures) -> list[Table]:
    rows = figures.utilisation.hubs if figures.utilisation else []
    header = [str(label) for label in USAGE_HEADER]
    per_hub = Table(
        _("Room utilisation per hub"),
        [_("Hub"), *header],
        [[row.hub.name, *_usage_cells(row.usage, row.usage.recorded)] for row in rows],
    )
    per_space = Table(
        _("Room utilisation per space"),
        [_("Hub"), _("Space"), _("Bookable in"), *header],
        [
            [
                row.hub.name,
                space.space.name,
                bookable_in_label(space.bookable_in),
                *_usage_cells(space.usage, row.usage.recorded),
            ]
            for row in rows
            for space in row.spaces
        ],
    )
    return [per_hub, per_space]


def _about(figures: KeyFigures) -> list[list[Any]]:
    return [
        [_("Key figures")],
        [_("From"), figures.start],
        [_("To"), figures.end],
        [_("Hub"), figures.hub.name if figures.hub else _("All hubs")],
        [_("Participants"), figures.participants],
    ]


def filename(figures: KeyFigures, extension: str) -> str:
    scope = figures.hub.slug if figures.hub else "alle"
    return f"nokkeltall-{scope}-{figures.start.isoformat()}-{figures.end.isoformat()}.{extension}"


def csv_response(figures: KeyFigures, separator: str = ";") -> HttpResponse:
    return exports.csv_response(
        tables(figures), filename(figures, "csv"), about=_about(figures), separator=separator
    )


def xlsx_response(figures: KeyFigures) -> HttpResponse:
    return exports.xlsx_response(
        tables(figures),
        filename(figures, "xlsx"),
        about=_about(figures),
        about_title=_("Key figures"),
    )
