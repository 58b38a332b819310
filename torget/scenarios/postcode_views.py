"""The postcode areas' import page (management and administrators): a CSV of centroids, all
or nothing, through `postcodes.import_postcodes`. Thin: the rules are in `postcodes`."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from torget.core.errors import DomainError, PermissionDenied
from torget.scenarios import grid, postcodes

SESSION_KEY = "postcode_areas_result"


class PostcodeForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or xlsx, at most 2 MB)"),
        error_messages={"required": gettext_lazy("Choose a file to import.")},
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and write nothing"), required=False
    )


@login_required
def postcode_import(request: HttpRequest) -> HttpResponse:
    """A written import redirects to its result (a reload must not import it twice); a dry
    run or a refused file is shown at once, since nothing was written."""
    if not grid.may_import(request.user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    summary = None
    if request.method == "POST":
        form = PostcodeForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if (upload.size or 0) > (postcodes.LIMITS.max_bytes or 0):
                form.add_error("file", str(postcodes.PostcodesTooLarge.default_message))
            else:
                try:
                    result = postcodes.import_postcodes(
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
                        url = reverse("scenarios:postcodes") + f"?done={result.batch}"
                        return HttpResponseRedirect(url)
    else:
        form = PostcodeForm()
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
        "scenarios/postcodes.html",
        {"form": form, "summary": summary, "current": postcodes.current_list()},
        status=status,
    )
