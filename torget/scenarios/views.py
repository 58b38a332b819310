"""Staff pages: the scenarios, the create form, and a scenario's page. Thin: the rules are in
`services` and the numbers in `selectors`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.core.text import norwegian_sort_key
from torget.places.models import Hub
from torget.scenarios import grid, memo, selectors, services
from torget.scenarios.forms import ChangeFormSet, ScenarioForm


def _allowed(request: HttpRequest) -> None:
    if not selectors.can_use_scenarios(request.user):
        raise DjangoPermissionDenied


@login_required
def scenario_list(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    return render(
        request,
        "scenarios/list.html",
        {
            "scenarios": list(selectors.visible_scenarios(request.user)),
            "may_import_grid": grid.may_import(request.user),  # type: ignore[arg-type]
        },
    )


def _hubs(request: HttpRequest) -> tuple[list[Hub], list[Hub]]:
    every = sorted(Hub.objects.all(), key=lambda h: norwegian_sort_key(h.name))
    own = [h for h in every if selectors.can_change_hub(request.user, h)]
    return own, every


@login_required
def scenario_create(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    own, every = _hubs(request)
    form = ScenarioForm(request.POST or None)
    changes = ChangeFormSet(
        request.POST or None, form_kwargs={"hubs": own, "all_hubs": every}, prefix="changes"
    )
    problem = ""
    if request.method == "POST" and form.is_valid() and changes.is_valid():
        specs = [spec for spec in (c.spec() for c in changes) if spec is not None]
        try:
            scenario = services.create_scenario(
                actor=request.user,
                name=form.cleaned_data["name"],
                starts=form.cleaned_data["starts"],
                assumptions=form.cleaned_data["assumptions"],
                changes=specs,
                cost_per_staffed_hour=form.cleaned_data.get("cost_per_staffed_hour"),
            )
        except (ValidationFailed, PermissionDenied) as error:
            problem = str(error.message)
        else:
            return redirect("scenarios:detail", pk=scenario.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "scenarios/create.html",
        {"form": form, "changes": changes, "problem": problem},
        status=status,
    )


@login_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    report = _report(request, pk)
    return render(request, "scenarios/detail.html", memo.context(report))


def _report(request: HttpRequest, pk: int) -> selectors.Report:
    try:
        scenario = selectors.scenario_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    return selectors.report(scenario)


@login_required
def scenario_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The memo as a PDF (fpdf2): the same tables and charts as the page."""
    _allowed(request)
    report = _report(request, pk)
    response = HttpResponse(memo.pdf_bytes(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{memo.filename(report, "pdf")}"'
    return response


@login_required
def scenario_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The memo's tables as an xlsx (through core/exports)."""
    _allowed(request)
    return memo.xlsx_response(_report(request, pk))


@login_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    """Up to three visible scenarios side by side; more is refused with a message."""
    _allowed(request)
    visible = list(selectors.visible_scenarios(request.user))
    chosen, problem = memo.chosen_scenarios(visible, request.GET.getlist("scenario"))
    reports = [selectors.report(scenario) for scenario in chosen]
    return render(
        request,
        "scenarios/compare.html",
        {
            "scenarios": visible,
            "chosen": {s.pk for s in chosen},
            "comparison": memo.comparison(reports) if reports else None,
            "problem": problem,
            "max_compared": memo.MAX_COMPARED,
        },
        status=422 if problem else 200,
    )
