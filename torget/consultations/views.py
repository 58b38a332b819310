"""Public pages: the list, the answer form (web and kiosk), the private change link and the
published summary. Plain HTML forms: nothing here needs JavaScript."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from torget.consultations import selectors, services
from torget.consultations.forms import (
    MIN_FILL_SECONDS,
    STARTED,
    AnswerForm,
    fill_seconds,
    started_token,
)
from torget.consultations.models import Channel, Consultation, Response, Status
from torget.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from torget.core.ratelimit import rate_limited
from torget.places.models import Hub

# Answers from one address: at most this many in the window (the kiosk is one address for
# a whole hub, so it may send more). Counted in the database (torget.core.ratelimit), shared by every app server.
RATE: dict[str, int] = {Channel.WEB: 10, Channel.KIOSK: 60}
RATE_WINDOW = 10 * 60
SESSION_TOKEN = "consultation_edit_token"  # noqa: S105 (a session key)


def _rate_limited(request: HttpRequest, channel: str) -> bool:
    return rate_limited(
        request, f"consultation:{channel}", RATE.get(channel, RATE[Channel.WEB]), RATE_WINDOW
    )


def _consultation(slug: str) -> Consultation:
    consultation = selectors.consultation_by_slug(slug)
    if consultation is None or consultation.status == Status.DRAFT:
        raise Http404
    return consultation


def _hub(slug: str) -> Hub:
    hub = Hub.objects.filter(slug=slug).first()
    if hub is None:
        raise Http404
    return hub


def _kiosk_context(hub: Hub | None) -> dict:
    if hub is None:
        return {"base_template": "base.html", "kiosk": False}
    from torget.core.kiosk import KIOSK_RESET_SECONDS, KIOSK_WARNING_SECONDS

    return {
        "base_template": "desk/kiosk_base.html",
        "kiosk": True,
        "hub": hub,
        "reset_seconds": KIOSK_RESET_SECONDS,
        "warning_seconds": KIOSK_WARNING_SECONDS,
    }


def _apply_errors(form: AnswerForm, error: DomainError) -> None:
    for item in error.errors:
        field = item.get("field", "")
        form.add_error(field if field in form.fields else None, item.get("message", ""))
    if not error.errors:
        form.add_error(None, str(error.message))


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    consultations = [c for c in selectors.public_consultations()]
    return render(
        request,
        "consultations/index.html",
        {
            "open": [c for c in consultations if services.accepts_answers(c)],
            "published": [c for c in consultations if c.status == Status.PUBLISHED],
        },
    )


@require_GET
def kiosk_index(request: HttpRequest, hub: str) -> HttpResponse:
    """On the kiosk: the hub's standing input and the open consultations that concern it."""
    the_hub = _hub(hub)
    consultations = [
        c
        for c in selectors.public_consultations()
        if services.accepts_answers(c) and (not c.hubs.all() or the_hub in c.hubs.all())
    ]
    return render(
        request,
        "consultations/kiosk_index.html",
        {**_kiosk_context(the_hub), "consultations": consultations},
    )


def _answer(
    request: HttpRequest, consultation: Consultation, kiosk_hub: Hub | None
) -> HttpResponse:
    channel = Channel.KIOSK if kiosk_hub else Channel.WEB
    context = {**_kiosk_context(kiosk_hub), "consultation": consultation}
    if not services.accepts_answers(consultation):
        return render(request, "consultations/closed.html", context, status=200)
    if request.method != "POST":
        form = AnswerForm(consultation=consultation)
        return render(
            request,
            "consultations/answer.html",
            {**context, "form": form, "started": started_token()},
        )
    if _rate_limited(request, channel):
        response = render(request, "consultations/rate_limited.html", context, status=429)
        response["Retry-After"] = str(RATE_WINDOW)
        return response
    form = AnswerForm(request.POST, consultation=consultation)
    thanks = reverse("consultations:thanks", kwargs={"slug": consultation.slug})
    if kiosk_hub:
        thanks = reverse(
            "consultations:kiosk-thanks", kwargs={"hub": kiosk_hub.slug, "slug": consultation.slug}
        )
    if form.is_spam():
        return redirect(thanks)  # a bot is told it worked, and nothing is stored
    elapsed = fill_seconds(request.POST.get(STARTED, ""))
    if form.is_valid():
        if elapsed is None or elapsed < MIN_FILL_SECONDS:
            form.add_error(
                None,
                _("That was very quick. Please check your answers and send them again."),
            )
        else:
            try:
                _response, token = services.response_submit(
                    consultation,
                    form.values(),
                    channel=channel,
                    hub=kiosk_hub,
                    name=form.cleaned_data.get("name", ""),
                    contact=form.cleaned_data.get("contact", ""),
                )
            except (ValidationFailed, Conflict) as error:
                _apply_errors(form, error)
            else:
                if not kiosk_hub:  # a shared screen never shows the private link
                    request.session[SESSION_TOKEN] = token
                return redirect(thanks)
    return render(
        request,
        "consultations/answer.html",
        {**context, "form": form, "started": started_token()},
        status=422,
    )


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponse:
    return _answer(request, _consultation(slug), None)


@require_http_methods(["GET", "POST"])
def kiosk_answer(request: HttpRequest, hub: str, slug: str) -> HttpResponse:
    return _answer(request, _consultation(slug), _hub(hub))


@require_http_methods(["GET", "POST"])
def hub_input(request: HttpRequest, hub: str) -> HttpResponse:
    return _answer(request, services.standing_consultation(_hub(hub)), None)


@require_http_methods(["GET", "POST"])
def kiosk_hub_input(request: HttpRequest, hub: str) -> HttpResponse:
    the_hub = _hub(hub)
    return _answer(request, services.standing_consultation(the_hub), the_hub)


@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(slug)
    token = request.session.pop(SESSION_TOKEN, "")
    change_url = (
        request.build_absolute_uri(reverse("consultations:change", kwargs={"token": token}))
        if token
        else ""
    )
    return render(
        request,
        "consultations/thanks.html",
        {**_kiosk_context(None), "consultation": consultation, "change_url": change_url},
    )


@require_GET
def kiosk_thanks(request: HttpRequest, hub: str, slug: str) -> HttpResponse:
    return render(
        request,
        "consultations/thanks.html",
        {**_kiosk_context(_hub(hub)), "consultation": _consultation(slug), "change_url": ""},
    )


@require_http_methods(["GET", "POST"])
def change(request: HttpRequest, token: str) -> HttpResponse:
    try:
        response: Response = services.response_by_token(token)
    except NotFound:
        return render(request, "consultations/link_invalid.html", _kiosk_context(None), status=404)
    consultation = response.consultation
    context = {**_kiosk_context(None), "consultation": consultation, "changing": True}
    if not services.accepts_answers(consultation):
        return render(request, "consultations/closed.html", context)
    initial = {}
    for a in response.answers.all():
        initial[f"q{a.question_id}"] = (
            a.text or (a.choices if len(a.choices) != 1 else a.choices[0]) or (a.hub_id or "")
        )
    if request.method != "POST":
        form = AnswerForm(consultation=consultation, initial=initial)
        form.fields.pop("name", None)
        form.fields.pop("contact", None)
        return render(
            request,
            "consultations/answer.html",
            {**context, "form": form, "started": started_token()},
        )
    if _rate_limited(request, Channel.WEB):
        limited = render(request, "consultations/rate_limited.html", context, status=429)
        limited["Retry-After"] = str(RATE_WINDOW)
        return limited
    form = AnswerForm(request.POST, consultation=consultation)
    form.fields.pop("name", None)
    form.fields.pop("contact", None)
    if form.is_valid() and not form.is_spam():
        try:
            services.response_change(token, form.values())
        except (ValidationFailed, Conflict) as error:
            _apply_errors(form, error)
        else:
            return render(request, "consultations/changed.html", context)
    return render(
        request,
        "consultations/answer.html",
        {**context, "form": form, "started": started_token()},
        status=422,
    )


@require_GET
def summary(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation(slug)
    if consultation.status != Status.PUBLISHED:
        raise Http404
    return render(
        request,
        "consultations/summary.html",
        {"consultation": consultation, "summary": selectors.summary(consultation), "public": True},
    )
