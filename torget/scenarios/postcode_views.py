"""The postcode areas' import page (management and administrators): a CSV of centroids, all
or nothing, through `postcodes.import_postcodes`. Thin: the rules are in `postcodes`, the page
in `import_views`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

from torget.scenarios import postcodes
from torget.scenarios.import_views import ImportPage, import_page

PAGE = ImportPage(
    url_name="scenarios:postcodes",
    template="scenarios/postcodes.html",
    session_key="postcode_areas_result",
    file_label=gettext_lazy("File (CSV or xlsx, at most 2 MB)"),
    limits=postcodes.UPLOAD_LIMITS,
    too_large=postcodes.PostcodesTooLarge,
    run=postcodes.import_postcodes,
    current=postcodes.current_list,
)


@login_required
def postcode_import(request: HttpRequest) -> HttpResponse:
    return import_page(request, PAGE)
