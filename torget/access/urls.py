from django.urls import path

from torget.access import staff, views

app_name = "access"

urlpatterns = [
    path("meraapent/dor/<int:pk>/", views.keypad, name="keypad"),
    path("meraapent/<slug:slug>/", views.hub_page, name="public"),
    path("ansatt/meraapent/", staff.overview, name="staff"),
    path("ansatt/meraapent/ny/", staff.register, name="register"),
    path("ansatt/meraapent/avtale/<int:pk>/", staff.agreement, name="agreement"),
    path("ansatt/meraapent/logg/", staff.log, name="log"),
    path("ansatt/meraapent/dor/<int:pk>/apne/", staff.remote_open, name="remote-open"),
    path("ansatt/meraapent/trekk-tilbake-alle/", staff.revoke_all, name="revoke-all"),
]
