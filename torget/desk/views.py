"""The kiosk (no login): a full-screen page for an unstaffed hub, and "ask to be called"."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from torget.core.errors import ValidationFailed
from torget.core.kiosk import KIOSK_RESET_SECONDS, KIOSK_WARNING_SECONDS
from torget.core.ratelimit import rate_limited
from torget.desk import selectors, services
from torget.desk.forms import CallbackForm
from torget.desk.kiosk import KIOSK_LINKS
from torget.desk.models import CALLBACK_RETENTION_DAYS
from torget.places.models import Hub

# Anonymous callback requests from one address: at most this many a minute (counted in the
# database, so every app server sees the same count: torget.core.ratelimit).
CALLBACK_RATE = 10
CALLBACK_RATE_WINDOW = 60


def _hub(slug: str) -> Hub:
    hub = Hub.objects.filter(slug=slug).first()
    if hub is None:
        raise Http404
    return hub


def _kiosk_context(hub: Hub) -> dict:
    return {
        "hub": hub,
        "reset_seconds": KIOSK_RESET_SECONDS,
        "warning_seconds": KIOSK_WARNING_SECONDS,
    }


def kiosk(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub(slug)
    return render(
        request,
        "desk/kiosk.html",
        {**_kiosk_context(hub), "links": KIOSK_LINKS, "today": selectors.whats_on_today(hub)},
    )


def _web_context(hub: Hub) -> dict:
    """The same form on the web site (the hub's page), in the site's layout, no reset."""
    return {
        "hub": hub,
        "base_template": "desk/web_base.html",
        "start_url": hub.get_absolute_url(),
        "thanks_url": "desk:web-callback-thanks",
    }


def _kiosk_form_context(hub: Hub) -> dict:
    return {
        **_kiosk_context(hub),
        "base_template": "desk/kiosk_base.html",
        "start_url": reverse("desk:kiosk", kwargs={"slug": hub.slug}),
        "thanks_url": "desk:kiosk-thanks",
    }


@require_http_methods(["GET", "POST"])
def callback_request(request: HttpRequest, slug: str) -> HttpResponse:
    return _callback_request(request, _kiosk_form_context(_hub(slug)))


@require_http_methods(["GET", "POST"])
def web_callback_request(request: HttpRequest, slug: str) -> HttpResponse:
    return _callback_request(request, _web_context(_hub(slug)))


def _callback_request(request: HttpRequest, place: dict) -> HttpResponse:
    hub = place["hub"]
    topics = [(t.code, t.label) for t in selectors.topics(get_language())]
    context = {**place, "retention_days": CALLBACK_RETENTION_DAYS}
    if request.method != "POST":
        form = CallbackForm(topics=topics, initial={"topic": "other"})
        return render(request, "desk/callback_form.html", {**context, "form": form})
    if rate_limited(request, "callback", CALLBACK_RATE, CALLBACK_RATE_WINDOW):
        response = render(request, "desk/rate_limited.html", context, status=429)
        response["Retry-After"] = str(CALLBACK_RATE_WINDOW)
        return response
    form = CallbackForm(request.POST, topics=topics)
    if form.is_spam():
        # Answer a bot as if it worked, and store nothing.
        return redirect(place["thanks_url"], slug=hub.slug)
    if form.is_valid():
        try:
            services.callback_request_create(
                hub=hub,
                phone=form.cleaned_data["phone"],
                topic=form.cleaned_data["topic"],
                consent=form.cleaned_data["consent"],
            )
        except ValidationFailed as error:
            for item in error.errors:
                form.add_error(
                    item["field"] if item["field"] in form.fields else None, item["message"]
                )
        else:
            return redirect(place["thanks_url"], slug=hub.slug)
    return render(request, "desk/callback_form.html", {**context, "form": form}, status=422)


def callback_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "desk/callback_thanks.html", _kiosk_form_context(_hub(slug)))


def web_callback_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "desk/callback_thanks.html", _web_context(_hub(slug)))
