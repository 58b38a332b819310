"""The key-figures page for hub staff and management, and its CSV and xlsx exports.

A GET form (bookmarkable, works without JavaScript): a period — a year, a tertial, a quarter,
a month, or custom dates — and a hub (or all). The page, the files and the JSON API all come
from `selectors.key_figures`.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.accounts.models import User
from torget.accounts.permissions import is_management
from torget.core.errors import ValidationFailed
from torget.core.forms import PlainTextForm
from torget.core.schemas import MAX_YEAR, MIN_YEAR
from torget.core.templatetags.torget import format_number
from torget.core.timeutil import today
from torget.keyfigures import reports
from torget.keyfigures.charts import bar_chart
from torget.keyfigures.selectors import (
    KeyFigures,
    can_open_key_figures,
    key_figures,
    report_hubs,
    report_scope,
)
from torget.ledger import imports
from torget.ledger.periods import Period, check_range, period_from_code

MAX_TREND_BARS = 36


def period_choices() -> list[tuple[str, object]]:
    choices: list[tuple[str, object]] = [("year", gettext_lazy("Whole year"))]
    choices += [
        ("t1", gettext_lazy("1st tertial (January–April)")),
        ("t2", gettext_lazy("2nd tertial (May–August)")),
        ("t3", gettext_lazy("3rd tertial (September–December)")),
    ]
    choices += [(f"q{n}", gettext_lazy("Quarter %(n)s") % {"n": n}) for n in range(1, 5)]
    choices += [(f"m{n}", MONTHS[n]) for n in range(1, 13)]
    choices.append(("custom", gettext_lazy("Custom dates (from and to)")))
    return choices


class KeyFiguresForm(PlainTextForm, forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=period_choices)
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    start = forms.DateField(
        label=gettext_lazy("From (custom dates)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    end = forms.DateField(
        label=gettext_lazy("To (custom dates)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    hub = forms.ChoiceField(label=gettext_lazy("Hub"), required=False)

    def __init__(self, *args, hub_choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = hub_choices  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            if not data.get("start"):
                self.add_error("start", _("Give the first day of the period."))
            if not data.get("end"):
                self.add_error("end", _("Give the last day of the period."))
        return data

    def chosen_period(self) -> Period:
        data = self.cleaned_data
        if data["period"] == "custom":
            return Period(data["start"], data["end"])
        return period_from_code(data["period"], data["year"])


def _charts(figures: KeyFigures) -> dict:
    municipal, non_municipal = _("Municipal"), _("Non-municipal")
    memo = bar_chart(
        id="chart-memo",
        title=_("Activities and meetings, municipal and non-municipal"),
        items=[
            (_("Non-municipal activities"), [("non-municipal", figures.activities.non_municipal)]),
            (_("Municipal activities"), [("municipal", figures.activities.municipal)]),
            (_("Non-municipal meetings"), [("non-municipal", figures.meetings.non_municipal)]),
            (_("Municipal meetings"), [("municipal", figures.meetings.municipal)]),
        ],
    )
    hubs = bar_chart(
        id="chart-hubs",
        title=_("Activities and meetings per hub"),
        items=[
            (
                row.hub.name,
                [
                    ("municipal", row.tally.activities.municipal + row.tally.meetings.municipal),
                    (
                        "non-municipal",
                        row.tally.activities.non_municipal + row.tally.meetings.non_municipal,
                    ),
                ],
            )
            for row in figures.by_hub
        ],
        describe=[
            _("%(hub)s: %(municipal)s municipal and %(non)s non-municipal")
            % {
                "hub": row.hub.name,
                "municipal": format_number(
                    row.tally.activities.municipal + row.tally.meetings.municipal
                ),
                "non": format_number(
                    row.tally.activities.non_municipal + row.tally.meetings.non_municipal
                ),
            }
            for row in figures.by_hub
        ],
    )
    topics = bar_chart(
        id="chart-topics",
        title=_("Inquiries by topic"),
        items=[
            (reports.topic_label(code), [("single", n)]) for code, n in figures.by_topic.items()
        ],
    )
    trend = None
    if len(figures.trend) <= MAX_TREND_BARS:
        trend = bar_chart(
            id="chart-trend",
            title=_("Activities and meetings by month"),
            items=[
                (
                    _month_label(row.month),
                    [
                        (
                            "municipal",
                            row.tally.activities.municipal + row.tally.meetings.municipal,
                        ),
                        (
                            "non-municipal",
                            row.tally.activities.non_municipal + row.tally.meetings.non_municipal,
                        ),
                    ],
                )
                for row in figures.trend
            ],
        )
    organisations = None
    if figures.organisations:
        organisations = bar_chart(
            id="chart-organisations",
            title=_("Most active organisations: activities and meetings"),
            items=[(row.name, [("single", row.total)]) for row in figures.organisations],
        )
    return {
        "organisations": organisations,
        "utilisation": _utilisation_chart(figures),
        "memo": memo,
        "hubs": hubs if len(figures.by_hub) > 1 else None,
        "topics": topics,
        "trend": trend,
        "legend": [("municipal", municipal), ("non-municipal", non_municipal)],
    }


MAX_UTILISATION_BARS = 40


def _utilisation_chart(figures: KeyFigures):
    """Share of the open hours booked: per hub, or per space when the report is one hub."""
    if figures.utilisation is None:
        return None
    # A hub without any booked time has its bookings "not recorded": no bar of 0 for it.
    recorded = [row for row in figures.utilisation.hubs if row.usage.recorded]
    if len(figures.utilisation.hubs) > 1:
        rows = [(row.hub.name, row.usage.total.share) for row in recorded]
    else:
        rows = [
            (space.space.name, space.usage.total.share) for row in recorded for space in row.spaces
        ]
    items = [(label, [("single", round(share, 1))]) for label, share in rows if share is not None]
    if not items or len(items) > MAX_UTILISATION_BARS:
        return None
    return bar_chart(
        id="chart-utilisation",
        title=_("Share of open hours booked"),
        items=items,
        decimals=1,
        suffix="\u00a0%",
        maximum=100,
    )


def _month_label(month: date) -> str:
    return f"{MONTHS[month.month]} {month.year}"


def _hub_choices(user) -> list[tuple[str, str]]:
    choices = [(hub.slug, hub.name) for hub in report_hubs(user)]
    if is_management(user):
        choices.insert(0, ("", _("All hubs")))
    return choices


@login_required
def key_figures_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_open_key_figures(user):
        raise DjangoPermissionDenied
    hub_choices = _hub_choices(user)
    year, default_hub = today().year, hub_choices[0][0]
    initial = {"period": "year", "year": year, "hub": default_hub}
    form = KeyFiguresForm(
        request.GET if "period" in request.GET else None,
        initial=initial,
        hub_choices=hub_choices,
    )
    figures = None
    if form.is_bound:
        if form.is_valid():
            try:
                period = form.chosen_period()
                check_range(period.start, period.end)
                hub = report_scope(user, form.cleaned_data["hub"] or None)
                figures = key_figures(start=period.start, end=period.end, hub=hub)
            except ValidationFailed as error:
                for item in error.errors:
                    name = {"from": "start", "to": "end"}.get(item["field"], item["field"])
                    form.add_error(name if name in form.fields else None, item["message"])
    else:
        period = period_from_code("year", year)
        hub = report_scope(user, default_hub or None)
        figures = key_figures(start=period.start, end=period.end, hub=hub)

    export = request.GET.get("format")
    if figures is not None and export == "csv":
        return reports.csv_response(figures, request.GET.get("sep", ";"))
    if figures is not None and export == "xlsx":
        return reports.xlsx_response(figures)

    query = request.GET.copy()
    query.pop("format", None)
    query.pop("sep", None)
    if not form.is_bound:
        query.update({"period": "year", "year": str(year), "hub": default_hub})
    return render(
        request,
        "keyfigures/key_figures.html",
        {
            "form": form,
            "figures": figures,
            "charts": _charts(figures) if figures else None,
            "tables": reports.tables(figures) if figures else None,
            "query": query.urlencode(),
            "api_query": _api_query(figures),
            "can_import": imports.may_import(cast(User, user)),
        },
    )


def _api_query(figures: KeyFigures | None) -> str:
    if figures is None:
        return ""
    query = f"from={figures.start.isoformat()}&to={figures.end.isoformat()}"
    return query + (f"&hub={figures.hub.slug}" if figures.hub else "")
