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
