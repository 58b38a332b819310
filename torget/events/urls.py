from django.urls import path

from torget.events import feeds, organiser, staff, views

app_name = "events"

urlpatterns = [
    path("arrangementer/", views.calendar, name="calendar"),
    path("arrangementer/uke/", views.week, name="week"),
    path("arrangementer/mine/", organiser.mine, name="mine"),
    path("arrangementer/ny/", organiser.new, name="new"),
    path("arrangementer/godkjenning/", organiser.approvals, name="approvals"),
    path("arrangementer/godkjenning/<int:pk>/", organiser.decide, name="decide"),
    path(
        "arrangementer/godkjenning/torg/<slug:slug>/",
        organiser.hub_settings,
        name="hub-settings",
    ),
    path("arrangementer/<int:pk>/", views.detail, name="detail"),
    path("arrangementer/<int:pk>/pamelding/", views.register, name="register"),
    path("arrangementer/<int:pk>/kalender.ics", feeds.occurrence_feed, name="ics"),
    path("arrangementer/pamelding/<str:token>/", views.registration, name="registration"),
    path("arrangementer/<int:pk>/deltakere/", staff.participants, name="participants"),
    path("torg/<slug:slug>/arrangementer/", views.hub_calendar, name="hub-calendar"),
    path("torg/<slug:slug>/i-dag/", views.lobby, name="lobby"),
    path("hubs/<slug:slug>/events.ics", feeds.hub_feed, name="hub-feed"),
]
