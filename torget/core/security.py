"""Refuse to serve with the development secret key outside development and the demo."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_development_key() -> None:
    # With a public key anyone could forge sessions and the signed feed addresses.
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY and not (
        settings.DEBUG or settings.TORGET_DEMO
    ):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string (docs/deploy.md); "
            "only DEBUG or TORGET_DEMO may run with the development key."
        )


def refuse_debug() -> None:
    # DEBUG shows tracebacks with settings to anyone: a server (this WSGI entry point)
    # never runs with it. Development uses `manage.py runserver`, the demo TORGET_DEMO.
    if settings.DEBUG:
        raise ImproperlyConfigured(
            "DEBUG is on. A server never runs with DEBUG (it shows settings and tracebacks "
            "to anyone); use `manage.py runserver` for development, or turn DEBUG off."
        )
