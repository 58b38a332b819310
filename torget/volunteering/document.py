"""The agreement document: the cooperation agreement written out from one template in
bokmål, as a PDF (fpdf2, set up as the seasonal round's records are: their Latin-1 text and
line helpers)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from torget.core.templatetags.torget import day
from torget.seasons.records import _latin1
from torget.seasons.records import _line as line
from torget.volunteering.models import CooperationAgreement
from torget.volunteering.selectors import series_text, slot_text


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else "________________________"


def _sections(agreement: CooperationAgreement) -> list[tuple[str, list[str]]]:
    hubs = ", ".join(sorted(h.name for h in agreement.hubs.all()))
    slots = [slot_text(a) for a in agreement.allocations.select_related("space").all()]
    series = [series_text(s) for s in agreement.series.select_related("space").all()]
    provides = [
        *(slots or []),
        *series,
        *([_("Storage: %(text)s") % {"text": agreement.storage}] if agreement.storage else []),
        *(
            [_("Keys and self-service access: %(text)s") % {"text": agreement.keys_and_access}]
            if agreement.keys_and_access
            else []
        ),
        *(
            [_("Equipment: %(text)s") % {"text": agreement.equipment}]
            if agreement.equipment
            else []
        ),
    ] or [_("Rooms are booked through Torget as for other organisations.")]
    commits = [
        _("Holds %(n)s activities per season at the hub.") % {"n": agreement.activities_per_season},
        _("The activities are open to all.")
        if agreement.activities_open_to_all
        else _("The activities are for the organisation's members."),
    ]
    if agreement.reports_attendance:
        commits.append(_("Reports attendance at each activity."))
    if agreement.hub_volunteering:
        commits.append(_("Volunteers for the hub: %(text)s") % {"text": agreement.hub_volunteering})
    return [
        (
            _("1. The parties"),
            [
                _("%(hubs)s (the municipality) and %(organisation)s (the organisation).")
                % {"hubs": hubs, "organisation": agreement.organisation.name},
                _("Contact person for the municipality: %(name)s.")
                % {"name": _name(agreement.hub_contact)},
                _("Contact person for the organisation: %(name)s.")
                % {"name": _name(agreement.organisation_contact)},
            ],
        ),
        (
            _("2. Term"),
            [
                _("The agreement applies from %(starts)s to %(ends)s.")
                % {"starts": day(agreement.starts), "ends": day(agreement.ends)}
            ],
        ),
        (_("3. The hub provides"), provides),
        (_("4. The organisation commits to"), commits),
        (
            _("5. Follow-up"),
            [
                _(
                    "Once a season the parties go through what was agreed against what took "
                    "place (the delivery report from Torget: activities held, participants and "
                    "room hours used). Either party may end the agreement with written notice."
                )
            ],
        ),
    ]


def agreement_pdf(agreement: CooperationAgreement) -> bytes:
    """The agreement in bokmål, with lines for the signatures."""
    with translation.override("nb"):
        title = _("Cooperation agreement")
        pdf = FPDF(orientation="portrait", format="A4")
        pdf.set_title(_latin1(f"{title} {agreement.organisation.name}"))
        pdf.set_creator("Torget")
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        line(pdf, 0, 9, _latin1(title))
        pdf.set_font("Helvetica", "", 11)
        line(pdf, 0, 6, _latin1(agreement.organisation.name))
        pdf.ln(4)
        for heading, paragraphs in _sections(agreement):
            pdf.set_font("Helvetica", "B", 12)
            line(pdf, 0, 7, _latin1(heading))
            pdf.set_font("Helvetica", "", 10)
            for paragraph in paragraphs:
                line(pdf, 0, 5, _latin1(f"- {paragraph}" if len(paragraphs) > 1 else paragraph))
            pdf.ln(3)
        pdf.ln(6)
        pdf.set_font("Helvetica", "B", 12)
        line(pdf, 0, 7, _latin1(_("Signatures")))
        pdf.set_font("Helvetica", "", 10)
        signed = day(agreement.signed_on) if agreement.signed_on else "____________"
        for side, who in (
            (_("For the municipality"), agreement.signed_for_hub_by),
            (_("For the organisation"), agreement.signed_for_organisation_by),
        ):
            pdf.ln(8)
            line(pdf, 0, 5, _latin1(f"{side}: {_name(who)}"))
            line(pdf, 0, 5, _latin1(_("Date: %(date)s") % {"date": signed}))
            line(pdf, 0, 5, _latin1(_("Signature: ________________________")))
        return bytes(pdf.output())
