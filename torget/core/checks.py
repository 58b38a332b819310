"""Production settings that must never serve the public: errors of `manage.py check
--deploy`, so a deployment that runs it before starting (the systemd units in
docs/deploy.md do, as ExecStartPre) refuses to start with them.

Django's own deploy checks only warn about DEBUG and a weak secret key; these stop the
start. The server entry points (wsgi.py, asgi.py) refuse the development key and a missing
site address on their own too, unless DEBUG or TORGET_DEMO.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


def production_problems() -> list[Error]:
    problems = []
    if settings.DEBUG:
        problems.append(
            Error(
                "DEBUG is on: error pages would show settings and code to anyone.",
                hint="Leave DEBUG unset (off) in production.",
                id="torget.E001",
            )
        )
    if not settings.SECRET_KEY or settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        problems.append(
            Error(
                "SECRET_KEY is not set: the development key is public, so anyone could forge "
                "sessions and signed links.",
                hint="Set SECRET_KEY to a long random string (docs/configuration.md).",
                id="torget.E002",
            )
        )
    if not settings.ALLOWED_HOSTS or settings.ALLOWED_HOSTS == settings.DEVELOPMENT_ALLOWED_HOSTS:
        problems.append(
            Error(
                "ALLOWED_HOSTS is not set: only this machine's own names would be served.",
                hint="Set ALLOWED_HOSTS to the site's host name, such as torget.kommune.no.",
                id="torget.E003",
            )
        )
    if not settings.TORGET_SITE_URL:
        problems.append(
            Error(
                "TORGET_SITE_URL is not set: links in e-mail and SMS would lead to the "
                "development address.",
                hint="Set TORGET_SITE_URL to the public address, such as "
                "https://torget.kommune.no.",
                id="torget.E004",
            )
        )
    if settings.TORGET_DEMO:
        problems.append(
            Error(
                "TORGET_DEMO is on: every page says its data is invented.",
                hint="Leave TORGET_DEMO unset (off) in production.",
                id="torget.E005",
            )
        )
    return problems


@register(Tags.security, deploy=True)
def production_settings(app_configs=None, **kwargs) -> list[Error]:
    """`manage.py check --deploy`: what production must not run with."""
    return production_problems()
