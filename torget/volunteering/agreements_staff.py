"""Staff pages for cooperation agreements, scoped to the user's hubs: the list, make and
change (the hubs' leader), activate and end, the delivery report per season as a table, the
agreement document (PDF) and the scanned signed copy (private: only the hubs' staff get
it). Thin: every write is a service call, which checks who may and refuses bad terms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from torget.accounts.models import Organisation, User
from torget.accounts.permissions import can_lead_hub, is_administrator
from torget.core.errors import DomainError
from torget.places.models import Hub
from torget.volunteering import selectors, services
from torget.volunteering.document import agreement_pdf
from torget.volunteering.forms import ActivateForm, AgreementForm, ScanForm
from torget.volunteering.models import AgreementStatus, CooperationAgreement
from torget.volunteering.views import add_errors, error_text, me


def _staff(request: HttpRequest) -> list[Hub]:
    hubs = selectors.staff_hubs(request.user)
    if not hubs:
        raise DjangoPermissionDenied
    return hubs


def _agreement(request: HttpRequest, pk: int) -> CooperationAgreement:
    _staff(request)
    found = selectors.agreement_for(request.user, pk)
    if found is None:
        raise Http404  # another hub's agreement: as if it did not exist
    return found


def _leads(user: User, agreement: CooperationAgreement | None, hubs: list[Hub]) -> bool:
    chosen = list(agreement.hubs.all()) if agreement else hubs
    return is_administrator(user) or (bool(chosen) and all(can_lead_hub(user, h) for h in chosen))


@login_required
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    hubs = _staff(request)
    rows = list(selectors.agreements_for(request.user))
    return render(
        request,
        "volunteering/agreements.html",
        {
            "agreements": rows,
            "can_create": any(can_lead_hub(me(request), h) for h in hubs),
        },
    )


def _form(
    request: HttpRequest, data=None, initial=None, agreement: CooperationAgreement | None = None
) -> AgreementForm:
    hubs = Hub.objects.filter(pk__in=[h.pk for h in _staff(request)]).order_by("name")
    # The weekly room hours offered: at the user's hubs (and the agreement's), of the
    # agreement's organisation once there is one; the service checks the rest.
    organisation, slot_hubs = None, hubs
    linked_slots, linked_series = [], []
    if agreement is not None:
        organisation = agreement.organisation
        slot_hubs = hubs.filter(pk__in=agreement.hubs.values("pk"))
        linked_slots = list(agreement.allocations.all())
        linked_series = list(agreement.series.all())
    return AgreementForm(
        data,
        initial=initial,
        hubs=hubs,
        organisations=Organisation.objects.order_by("name"),
        contacts=User.objects.filter(organisationcontact__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username"),
        slots=selectors.slot_choices(slot_hubs, organisation, linked=linked_slots),
        series=selectors.series_choices(slot_hubs, organisation, linked=linked_series),
        one_organisation=organisation is not None,
    )


def _terms(data: dict) -> services.AgreementTerms:
    return services.AgreementTerms(
        organisation=data["organisation"],
        hubs=list(data["hubs"]),
        starts=data["starts"],
        ends=data["ends"],
        hub_contact=None,
        organisation_contact=data.get("organisation_contact"),
        allocations=list(data.get("allocations") or []),
        series=list(data.get("series") or []),
        storage=data.get("storage", ""),
        keys_and_access=data.get("keys_and_access", ""),
        equipment=data.get("equipment", ""),
        activities_open_to_all=data.get("activities_open_to_all", False),
        activities_per_season=data.get("activities_per_season") or 0,
        reports_attendance=data.get("reports_attendance", False),
        hub_volunteering=data.get("hub_volunteering", ""),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agreement = _agreement(request, pk) if pk is not None else None
    initial = None
    if agreement is not None:
        initial = {
            "organisation": agreement.organisation,
            "hubs": list(agreement.hubs.all()),
            "starts": agreement.starts,
            "ends": agreement.ends,
            "organisation_contact": agreement.organisation_contact,
            "allocations": list(agreement.allocations.all()),
            "series": list(agreement.series.all()),
            "storage": agreement.storage,
            "keys_and_access": agreement.keys_and_access,
            "equipment": agreement.equipment,
            "activities_per_season": agreement.activities_per_season,
            "activities_open_to_all": agreement.activities_open_to_all,
            "reports_attendance": agreement.reports_attendance,
            "hub_volunteering": agreement.hub_volunteering,
        }
    form = _form(request, request.POST or None, initial, agreement)
    if request.method == "POST" and form.is_valid():
        terms = _terms(form.cleaned_data)
        try:
            if agreement is None:
                terms.hub_contact = me(request)
                saved = services.agreement_create(actor=me(request), terms=terms)
            else:
                terms.hub_contact = agreement.hub_contact or me(request)
                saved = services.agreement_update(
                    actor=me(request), agreement_id=agreement.pk, terms=terms
                )
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The agreement is saved."))
            return redirect("volunteering:agreement", pk=saved.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "volunteering/agreement_form.html",
        {"form": form, "agreement": agreement},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    activate = ActivateForm(
        request.POST if request.POST.get("action") == "activate" else None,
        initial={"signed_on": timezone.localdate()},
    )
    scan = ScanForm(
        request.POST if request.POST.get("action") == "scan" else None,
        request.FILES if request.POST.get("action") == "scan" else None,
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "activate" and activate.is_valid():
                services.agreement_activate(
                    actor=me(request),
                    agreement_id=agreement.pk,
                    signed_on=activate.cleaned_data["signed_on"],
                    signed_for_organisation_by=agreement.organisation_contact,
                )
                messages.success(request, _("The agreement is active."))
                return redirect("volunteering:agreement", pk=agreement.pk)
            if action == "end":
                services.agreement_end(actor=me(request), agreement_id=agreement.pk)
                messages.success(request, _("The agreement has ended."))
                return redirect("volunteering:agreement", pk=agreement.pk)
            if action == "scan" and scan.is_valid():
                services.agreement_attach_scan(
                    actor=me(request), agreement_id=agreement.pk, upload=scan.cleaned_data["scan"]
                )
                messages.success(request, _("The scanned copy is attached."))
                return redirect("volunteering:agreement", pk=agreement.pk)
        except DomainError as error:
            target = {"activate": activate, "scan": scan}.get(action)
            if target is not None:
                add_errors(target, error)
            else:
                messages.error(request, error_text(error))
        agreement = _agreement(request, pk)
    seasons = selectors.seasons_for(agreement)
    wanted = request.GET.get("sesong", "")
    season = next((s for s in seasons if str(s.pk) == wanted), None)
    if season is None and seasons:
        today = timezone.localdate()
        current = [s for s in seasons if s.season_start <= today <= s.season_end]
        season = current[0] if current else seasons[-1]
    report = selectors.delivery_report(agreement, season)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "volunteering/agreement.html",
        {
            "agreement": agreement,
            "hubs": sorted(h.name for h in agreement.hubs.all()),
            "room_hours": [
                *(selectors.slot_text(a) for a in agreement.allocations.select_related("space")),
                *(selectors.series_text(s) for s in agreement.series.select_related("space")),
            ],
            "report": report,
            "seasons": seasons,
            "season": season,
            "activate": activate,
            "scan": scan,
            "leads": _leads(me(request), agreement, []),
            "is_draft": agreement.status == AgreementStatus.DRAFT,
            "is_active": agreement.status == AgreementStatus.ACTIVE,
        },
        status=status,
    )


@login_required
@require_GET
def agreement_scan(request: HttpRequest, pk: int) -> FileResponse:
    """The scanned copy, to the staff of the agreement's hubs only."""
    agreement = _agreement(request, pk)
    if not agreement.scan:
        raise Http404
    handle = agreement.scan.open("rb")
    suffix = agreement.scan.name.rsplit(".", 1)[-1]
    response = FileResponse(
        handle, as_attachment=True, filename=f"samarbeidsavtale-{agreement.pk}-signert.{suffix}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def agreement_document(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="samarbeidsavtale-{agreement.pk}.pdf"'
    return response


@login_required
@require_POST
def police_certificate(request: HttpRequest) -> HttpResponse:
    """Record that a volunteer's police certificate was seen (from the staff page)."""
    from torget.volunteering.forms import PoliceCertificateForm

    _staff(request)
    form = PoliceCertificateForm(request.POST)
    back = f"{reverse('volunteering:staff')}?{urlencode({'hub': request.POST.get('hub', '')})}"
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect(back)
    volunteer = selectors.volunteer_by_contact(form.cleaned_data["who"])
    if volunteer is None:
        messages.error(
            request, _("No volunteer in Torget has that e-mail address or phone number.")
        )
        return redirect(back)
    try:
        services.police_certificate_seen(
            actor=me(request), volunteer_id=volunteer.pk, on=form.cleaned_data["seen_on"]
        )
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Recorded that you saw %(name)s's police certificate (not what it says).")
            % {"name": volunteer},
        )
    return redirect(back)
