"""The ledger's import page (administrators): a CSV or xlsx file of activities into the
ledger, all or nothing, through `imports.import_upload`."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.accounts.models import User
from torget.core.errors import DomainError, PermissionDenied
from torget.core.text import norwegian_sort_key
from torget.ledger import imports
from torget.ledger.models import EntryKind
from torget.places.models import Hub

# --- The import page (administrators) ----------------------------------------------------------

IMPORT_SESSION_KEY = "ledger_import_result"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (CSV or xlsx, at most 20 MB)"),
        error_messages={"required": gettext_lazy("Choose a file to import.")},
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and write nothing"), required=False
    )


def _import_summary(result: imports.ImportResult) -> dict:
    """The result as plain data (it goes through the session after a real import)."""
    names = dict(Hub.objects.values_list("pk", "name"))
    per_hub: dict[int, dict[str, int]] = {}
    for (hub_id, kind), count in result.counts.items():
        per_hub.setdefault(hub_id, dict.fromkeys(EntryKind.values, 0))[kind] += count
    ordered = sorted(per_hub, key=lambda pk: norwegian_sort_key(names.get(pk, str(pk))))
    counts = [[per_hub[pk][k] for k in EntryKind.values] for pk in ordered]
    rows = [[names.get(pk, str(pk)), row] for pk, row in zip(ordered, counts, strict=True)]
    totals = [sum(column) for column in zip(*counts, strict=True)] if counts else [0] * 4
    return {
        "batch": result.batch,
        "imported": result.imported,
        "valid": result.valid,
        "dry_run": result.dry_run,
        # The service lists the first bad rows and counts the rest ("and 1 234 more").
        "rejected": result.rejected,
        "rejected_count": len(result.rejected) + result.rejected_more,
        "rejected_more": result.rejected_more,
        "rows": rows,
        "totals": totals,
    }


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file of historical statistics (synchronous, at most 20 MB: docs/key-figures.md).

    A written import redirects to its result (a reload must not import the file twice); a
    dry run or a rejected file is shown at once, since nothing was written. Who may import
    is the import service's rule: a file sent is refused by the service, and the page shows
    its form only to those the service would let import.
    """
    user = cast(User, request.user)
    summary = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = imports.import_upload(
                    actor=user,
                    file=upload,
                    filename=upload.name or "",
                    size=upload.size or 0,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except PermissionDenied as error:
                raise DjangoPermissionDenied(str(error.message)) from error
            except DomainError as error:
                messages = [e["message"] for e in error.errors] or [str(error.message)]
                for message in messages:
                    form.add_error("file", message)
            else:
                summary = _import_summary(result)
                if result.imported:
                    request.session[IMPORT_SESSION_KEY] = summary
                    url = reverse("ledger:import") + f"?done={result.batch}"
                    return HttpResponseRedirect(url)
    else:
        form = ImportForm()
        stored = request.session.get(IMPORT_SESSION_KEY)
        if stored and stored.get("batch") == request.GET.get("done"):
            summary = stored
    if not imports.may_import(user):
        raise DjangoPermissionDenied
    kinds = [
        _("Activities"),
        _("Meetings"),
        _("Inquiries"),
        _("Appointments"),
    ]
    return render(
        request,
        "ledger/import.html",
        {
            "form": form,
            "summary": summary,
            "kinds": kinds,
        },
    )
