from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.i18n import set_language

from torget.api import api
from torget.core import views as core_views
from torget.core.ping import ping, ping_insert


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers ask for /favicon.ico whatever the page links to: send them
    to the icon instead of a 404 in every visitor's console."""
    return redirect(static("torget/icon.svg"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("ping", ping, name="ping"),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("staff/", admin.site.urls),
    path("tilgjengelighet/", core_views.accessibility, name="accessibility"),
    path("personvern/", core_views.privacy, name="privacy"),
    path("", include("torget.access.urls")),
    path("", include("torget.accounts.urls")),
    path("", include("torget.appointments.urls")),
    path("", include("torget.booking.urls")),
    path("", include("torget.consultations.urls")),
    path("", include("torget.desk.urls")),
    path("", include("torget.events.urls")),
    path("", include("torget.keyfigures.urls")),
    path("", include("torget.ledger.urls")),
    path("", include("torget.places.urls")),
    path("", include("torget.scenarios.urls")),
    path("", include("torget.seasons.urls")),
    path("", include("torget.volunteering.urls")),
    path("", include("torget.site.person_urls")),  # before the site's ansatt/<slug>/
    path("", include("torget.site.urls")),
    path("", include("torget.site.demo_urls")),
]

handler404 = "torget.core.middleware.not_found"

if settings.TORGET_BENCH:
    urlpatterns.append(path("ping/insert", ping_insert, name="ping-insert"))
