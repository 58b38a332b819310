"""Public event pages (filled in by the calendar slice)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs) -> HttpResponse:
    raise Http404


calendar = week = detail = register = registration = hub_calendar = lobby = _todo
