"""Sign-in pages for residents and organisation contacts: a one-time link by e-mail."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from torget.accounts.login import (
    RATE_WINDOW,
    SignInFailed,
    email_link,
    link_rate_limited,
    sign_in,
)
from torget.core.forms import PlainTextForm
from torget.core.ratelimit import PRIVATE_LINK, too_many

SESSION_EMAIL = "torget_signin_email"


class EmailForm(PlainTextForm, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address, like ola@example.no."),
        },
    )


def safe_next(request: HttpRequest, value: str) -> str:
    """A local address to go on to after signing in, or ""."""
    if (
        value
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return ""


def _next(request: HttpRequest) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next", ""))


@never_cache
@require_http_methods(["GET", "POST"])
def login_request(request: HttpRequest) -> HttpResponse:
    next_url = _next(request)
    form = EmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            email = form.cleaned_data["email"].strip().lower()
            if link_rate_limited(email, request):
                response = render(request, "accounts/rate_limited.html", status=429)
                response["Retry-After"] = str(RATE_WINDOW)
                return response
            email_link.link_request(
                email=email, site_url=request.build_absolute_uri("/"), next_url=next_url
            )
            request.session[SESSION_EMAIL] = email
            return redirect("accounts:login-sent")
        return render(request, "accounts/login.html", {"form": form, "next": next_url}, status=422)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@never_cache
def login_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/login_sent.html", {"email": request.session.get(SESSION_EMAIL)}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only its POST signs in (mail scanners open links)."""
    next_url = _next(request)
    if request.method == "POST" and PRIVATE_LINK.exceeded(request):
        return too_many(request, PRIVATE_LINK.window)
    try:
        user = email_link.user_for(token)
    except SignInFailed as error:
        return render(request, "accounts/link_failed.html", {"error": error}, status=error.status)
    if request.method == "POST":
        sign_in(request, user, email_link)
        request.session.pop(SESSION_EMAIL, None)
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/login_confirm.html",
        {"token": token, "next": next_url, "email": user.email},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        return redirect("accounts:logged-out")
    return render(request, "accounts/logout.html")


def logged_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/logged_out.html")
