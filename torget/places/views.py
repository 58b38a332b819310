"""Public pages: every hub, one hub, one space. Thin: the selectors do the work."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from torget.core.errors import NotFound
from torget.places import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "places/home.html", {"summaries": selectors.hub_summaries()})


def hub(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        detail = selectors.hub_detail(slug)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "places/hub.html", {"detail": detail, "hub": detail.hub})


def space(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    try:
        space, week = selectors.space_detail(slug, pk)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "places/space.html", {"space": space, "hub": space.hub, "week": week})
