"""Event feeds (filled in by the calendar slice)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs) -> HttpResponse:
    raise Http404


occurrence_feed = hub_feed = _todo
