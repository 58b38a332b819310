"""The population grid's import page (management and administrators): a CSV of cells, all or
nothing, through `grid.import_grid`. Thin: the rules are in `grid`."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from torget.core.errors import DomainError, PermissionDenied
from torget.scenarios import grid

SESSION_KEY = "population_grid_result"


class GridForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or xlsx, at most 20 MB)"),
        error_messages={"required": gettext_lazy("Choose a file to import.")},
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and write nothing"), required=False
    )


@login_required
def grid_import(request: HttpRequest) -> HttpResponse:
    """A written import redirects to its result (a reload must not import it twice); a dry
    run or a refused file is shown at once, since nothing was written."""
    if not grid.may_import(request.user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    summary = None
    if request.method == "POST":
        form = GridForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if (upload.size or 0) > (grid.UPLOAD_LIMITS.max_bytes or 0):
                form.add_error("file", str(grid.GridTooLarge.default_message))
            else:
                try:
                    result = grid.import_grid(
                        actor=request.user,  # type: ignore[arg-type]
                        data=upload.read(),
                        filename=upload.name or "",
                        dry_run=form.cleaned_data["dry_run"],
                    )
                except PermissionDenied as error:
                    raise DjangoPermissionDenied(str(error.message)) from error
                except DomainError as error:
                    for message in grid.refused(error):
                        form.add_error("file", message)
                else:
                    summary = result.as_json()
                    if result.imported:
                        request.session[SESSION_KEY] = summary
                        url = reverse("scenarios:grid") + f"?done={result.batch}"
                        return HttpResponseRedirect(url)
    else:
        form = GridForm()
        stored = request.session.get(SESSION_KEY)
        if stored and stored.get("batch") == request.GET.get("done"):
            summary = stored
    if summary is not None:
        summary["rejected_count"] = len(summary["rejected"]) + summary["rejected_more"]
    status = (
        422
        if request.method == "POST" and (form.errors or (summary or {}).get("rejected_count"))
        else 200
    )
    return render(
        request,
        "scenarios/grid.html",
        {"form": form, "summary": summary, "current": grid.current_grid()},
        status=status,
    )
