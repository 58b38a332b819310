"""Make every error under /api/ a problem+json, including Django's own 404 and 405."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from torget.core.problems import PROBLEM_CONTENT_TYPE, problem_response

_CODES = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
          405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type", 500: "server_error"}


class ApiProblemMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        status = response.status_code
        detail = {
            404: _("There is nothing at this address."),
            405: _("This method is not allowed here."),
        }.get(status, _("The request could not be carried out."))
        headers = {"Allow": response["Allow"]} if response.has_header("Allow") else None
        return problem_response(request, status=status, code=_CODES.get(status, "error"), detail=detail, headers=headers)
