"""The population grid's import page (management and administrators): a CSV of cells, all or
nothing, through `grid.import_grid`. Thin: the rules are in `grid`, the page in
`import_views`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy

from torget.scenarios import grid
from torget.scenarios.import_views import ImportPage, import_page

PAGE = ImportPage(
    url_name="scenarios:grid",
    template="scenarios/grid.html",
    session_key="population_grid_result",
    file_label=gettext_lazy("File (CSV or xlsx, at most 20 MB)"),
    limits=grid.UPLOAD_LIMITS,
    too_large=grid.GridTooLarge,
    run=grid.import_grid,
    current=grid.current_grid,
)


@login_required
def grid_import(request: HttpRequest) -> HttpResponse:
    return import_page(request, PAGE)
