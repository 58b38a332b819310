"""The site's public address, for links in e-mail and SMS.

Messages are composed inside a transaction or by a timer, where no request tells the
address, so every link in them starts with TORGET_SITE_URL. Production must set it: the
entry points (wsgi.py, asgi.py) and the reminder commands refuse to start without it. A
laptop, the demo (`make demo` derives it from HOST and PORT) and the tests may leave it
unset and get the development server's address.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_url(given: str = "") -> str:
    """The address links start with, without the trailing slash: `given` (where a request
    came in) when there is one, else TORGET_SITE_URL."""
    return (given or settings.TORGET_SITE_URL or DEVELOPMENT_SITE_URL).rstrip("/")


def refuse_missing_site_url() -> None:
    # Without it, every link in a message would lead to the development address.
    if not settings.TORGET_SITE_URL and not (settings.DEBUG or settings.TORGET_DEMO):
        raise ImproperlyConfigured(
            "TORGET_SITE_URL is not set. Set it to the site's public address, such as "
            "https://torget.kommune.no (docs/configuration.md): links in e-mail and SMS start "
            "with it. Only DEBUG or TORGET_DEMO may run without it."
        )
