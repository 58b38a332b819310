"""The scenarios' import pages (management and administrators): the population grid's
(`grid_views`) and the postcode areas' (`postcode_views`) work the same way, here once. Thin:
the rules are in `imports` and each import's own module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from torget.core.errors import DomainError, PermissionDenied
from torget.ledger.imports import Limits
from torget.scenarios import imports

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ImportForm(forms.Form):
    file = forms.FileField(error_messages={"required": gettext_lazy("Choose a file to import.")})
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: check the file and write nothing"), required=False
    )

    def __init__(self, *args: Any, file_label: StrOrPromise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = file_label


@dataclass(frozen=True, slots=True)
class ImportPage:
    """What one import page has of its own."""

    url_name: str
    template: str
    session_key: str  # where a written import's result waits for the redirect
    file_label: StrOrPromise  # says how large a file may be
    limits: Limits
    too_large: type[DomainError]
    run: Callable[..., imports.ImportResult]  # the import: actor, data, filename, dry_run
    current: Callable[[], Any]  # what is in use now, or None


def import_page(request: HttpRequest, page: ImportPage) -> HttpResponse:
    """A written import redirects to its result (a reload must not import it twice); a dry
    run or a refused file is shown at once, since nothing was written."""
    if not imports.may_import(request.user):  # type: ignore[arg-type]
        raise DjangoPermissionDenied
    summary = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, file_label=page.file_label)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if (upload.size or 0) > (page.limits.max_bytes or 0):
                form.add_error("file", str(page.too_large.default_message))
            else:
                try:
                    result = page.run(
                        actor=request.user,
                        data=upload.read(),
                        filename=upload.name or "",
                        dry_run=form.cleaned_data["dry_run"],
                    )
                except PermissionDenied as error:
                    raise DjangoPermissionDenied(str(error.message)) from error
                except DomainError as error:
                    for message in imports.refused(error):
                        form.add_error("file", message)
                else:
                    summary = result.as_json()
                    if result.imported:
                        request.session[page.session_key] = summary
                        url = reverse(page.url_name) + f"?done={result.batch}"
                        return HttpResponseRedirect(url)
    else:
        form = ImportForm(file_label=page.file_label)
        stored = request.session.get(page.session_key)
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
        page.template,
        {"form": form, "summary": summary, "current": page.current(), "action": page.url_name},
        status=status,
    )
