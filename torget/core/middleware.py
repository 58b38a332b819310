"""Torget's own middleware: problem+json for every error under /api/ (Django's own 404,
405 and 500 too), bokmål for browsers set to Norwegian, and forwarding headers believed
only from the proxies the deployment declares."""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.middleware.locale import LocaleMiddleware
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found

from torget.core.problems import PROBLEM_CONTENT_TYPE, code_for, problem_response
from torget.core.ratelimit import from_trusted_proxy

API_PREFIX = "/api/"


class ApiProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # An unknown address under /api/ is answered by `not_found` (the 404 handler), not
        # looked up here first: that was a second look-up on every API call.
        response = self.get_response(request)
        if response.status_code < 400 or not request.path.startswith(API_PREFIX):
            return response
        if response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        status = response.status_code
        detail = {
            400: _("The request could not be read."),
            403: _("You do not have permission to do this."),
            404: _("There is nothing at this address."),
            405: _("This method is not allowed here."),
            413: _("The request is too large."),
            500: _("Something went wrong on our side. The error has been logged."),
        }.get(status, _("The request could not be carried out."))
        headers = {
            key: response[key]
            for key in ("Allow", "Retry-After", "WWW-Authenticate")
            if response.has_header(key)
        }
        return problem_response(
            request, status=status, code=code_for(status), detail=detail, headers=headers
        )


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 handler: under /api/ a bare 404, which ApiProblemMiddleware makes the
    problem (no HTML page rendered only to be replaced); the site's own page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return HttpResponseNotFound()
    return page_not_found(request, exception)


_NORWEGIAN = re.compile(r"(^|,\s*)(?:no|nn|nb)(?:-[A-Za-z]+)?(?=\s*(?:;|,|$))")


class NorwegianLocaleMiddleware(LocaleMiddleware):
    """Browsers set to "no" (Norwegian) or "nn" (nynorsk) get bokmål, not the next choice.

    Django matches Accept-Language against LANGUAGES literally, so `no-NO,no;q=0.9,en;q=0.8`
    would otherwise land on English. A visitor's explicit choice (the language cookie) wins.
    """

    def process_request(self, request: HttpRequest) -> None:
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        if header:
            request.META["HTTP_ACCEPT_LANGUAGE"] = _NORWEGIAN.sub(r"\1nb", header)
        super().process_request(request)


# What a proxy in front of Torget tells about the client's own request. Django believes
# X-Forwarded-Proto through SECURE_PROXY_SSL_HEADER (`request.is_secure()`: no redirect to
# https, "secure" in every absolute link); host and port are listed for when
# USE_X_FORWARDED_HOST/PORT are turned on. X-Forwarded-For stays: `client_address` reads it
# by the same rule.
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")


class UntrustedForwardingMiddleware:
    """Forget the forwarding headers of a request that did not come through a proxy declared
    in `TORGET_TRUSTED_PROXIES` (`core.ratelimit.from_trusted_proxy`): anyone can write
    them. First in MIDDLEWARE, before SecurityMiddleware reads the scheme."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not from_trusted_proxy(request):
            for header in FORWARDING_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
