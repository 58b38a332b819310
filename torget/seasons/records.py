"""The round's decisions for the municipality's archive: CSV (core/exports: semicolons, for
Excel in Norwegian) and PDF (fpdf2). One row per application, with the reasons in words."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from torget.core import exports
from torget.places.codes import Weekday
from torget.seasons import selectors
from torget.seasons.explain import reasons_text
from torget.seasons.models import Round


def decision_rows(round_: Round) -> tuple[list[str], list[list[Any]]]:
    allocs = selectors.allocations(round_)
    names = {
        a.application_id: f"{a.application.organisation.name} – {a.application.activity}"
        for a in allocs
    }
    header = [
        _("Reference"),
        _("Organisation"),
        _("Kind"),
        _("Activity"),
        _("For whom"),
        _("Age group"),
        _("Expected participants"),
        _("Free or paid"),
        _("Submitted"),
        _("Decision"),
        _("Hub"),
        _("Space"),
        _("Weekday"),
        _("From"),
        _("To"),
        _("First date"),
        _("Last date"),
        _("Dates left out"),
        _("Reasons"),
    ]
    rows = []
    for alloc in allocs:
        app = alloc.application
        granted = alloc.granted
        rows.append(
            [
                app.reference,
                app.organisation.name,
                app.organisation.get_kind_display(),
                app.activity,
                app.target_group,
                app.get_age_group_display(),
                app.expected_participants,
                _("Participants pay") if app.paid else _("Free for participants"),
                timezone.localtime(app.submitted_at).strftime("%d.%m.%Y %H:%M"),
                _("Allocated") if granted else _("Not allocated"),
                alloc.space.hub.name if alloc.space else "",
                alloc.space.name if alloc.space else "",
                str(Weekday(alloc.weekday).label) if alloc.weekday is not None else "",
                alloc.start_time.strftime("%H:%M") if alloc.start_time else "",
                alloc.end_time.strftime("%H:%M") if alloc.end_time else "",
                app.first_date.strftime("%d.%m.%Y") if granted else "",
                app.last_date.strftime("%d.%m.%Y") if granted else "",
                ", ".join(date.fromisoformat(d).strftime("%d.%m.%Y") for d in alloc.skip_dates),
                " | ".join(reasons_text(alloc.reasons, names)),
            ]
        )
    return header, rows


def decisions_csv(round_: Round) -> HttpResponse:
    """Through core/exports: an activity written like a formula stays text in Excel."""
    header, rows = decision_rows(round_)
    table = exports.Table(_("Allocation decisions"), header, rows)
    return exports.csv_response([table], f"sesong-{round_.pk}-vedtak.csv", titles=False)


# The PDF's built-in font covers Latin-1 (æøå and é are there); other marks are replaced.
_LATIN1 = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "’": "'", "→": "->", "⇄": "<->"})


def _latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _line(pdf: FPDF, width: float, height: float, text: str) -> None:
    pdf.multi_cell(width, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def decisions_pdf(round_: Round) -> bytes:
    header, rows = decision_rows(round_)
    pdf = FPDF(orientation="portrait", format="A4")
    pdf.set_title(_latin1(round_.name))
    pdf.set_creator("Torget")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    _line(pdf, 0, 8, _latin1(_("Allocation decisions: %(round)s") % {"round": round_.name}))
    pdf.set_font("Helvetica", "", 9)
    decided = (
        timezone.localtime(round_.decided_at).strftime("%d.%m.%Y %H:%M")
        if round_.decided_at
        else _("not yet decided (proposal)")
    )
    _line(
        pdf,
        0,
        5,
        _latin1(
            _("Season %(start)s–%(end)s. Decided: %(decided)s. Priority rules: %(rules)s.")
            % {
                "start": round_.season_start.strftime("%d.%m.%Y"),
                "end": round_.season_end.strftime("%d.%m.%Y"),
                "decided": decided,
                "rules": "; ".join(r.get_rule_display() for r in round_.rules.all()),
            }
        ),
    )
    pdf.ln(3)
    for row in rows:
        record = dict(zip(header, row, strict=True))
        pdf.set_font("Helvetica", "B", 10)
        _line(
            pdf,
            0,
            6,
            _latin1(
                f"{record[_('Reference')]}  {record[_('Organisation')]} - "
                f"{record[_('Activity')]}: {record[_('Decision')]}"
            ),
        )
        pdf.set_font("Helvetica", "", 9)
        lines = [
            f"{_('Kind')}: {record[_('Kind')]}; {record[_('Free or paid')]}; "
            f"{_('Age group')}: {record[_('Age group')]}; "
            f"{_('Submitted')}: {record[_('Submitted')]}",
        ]
        if record[_("Space")]:
            lines.append(
                f"{record[_('Weekday')]} {record[_('From')]}-{record[_('To')]}, "
                f"{record[_('Space')]} ({record[_('Hub')]}), "
                f"{record[_('First date')]}-{record[_('Last date')]}"
            )
        if record[_("Dates left out")]:
            lines.append(f"{_('Dates left out')}: {record[_('Dates left out')]}")
        lines += [f"- {r}" for r in record[_("Reasons")].split(" | ") if r]
        for line in lines:
            _line(pdf, 0, 5, _latin1(line))
        pdf.ln(2)
    return bytes(pdf.output())
