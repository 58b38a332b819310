from django.urls import path

from torget.events import feeds, mine, organiser, staff, views

app_name = "events"

urlpatterns = [
    path("arrangementer/", views.calendar, name="calendar"),
    path("arrangementer/uke/", views.week, name="week"),
    path("arrangementer/mine/", organiser.mine, name="mine"),
    path("arrangementer/mine/<int:pk>/endre/", mine.edit, name="mine-edit"),
    path("arrangementer/mine/<int:pk>/avlys/", mine.cancel, name="mine-cancel"),
    path("arrangementer/mine/dato/<int:pk>/flytt/", mine.move, name="mine-move"),
    path("arrangementer/mine/dato/<int:pk>/avlys/", mine.cancel_date, name="mine-cancel-date"),
    path(
        "arrangementer/mine/dato/<int:pk>/deltakere.csv",
        mine.participants_csv,
        name="mine-participants-csv",
    ),
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
    path(
        "arrangementer/pamelding/<str:token>/avmelding/",
        views.registration_cancel,
        name="registration-cancel",
    ),
    path("arrangementer/<int:pk>/deltakere/", staff.participants, name="participants"),
    path("torg/<slug:slug>/arrangementer/", views.hub_calendar, name="hub-calendar"),
    path("torg/<slug:slug>/i-dag/", views.lobby, name="lobby"),
    path("hubs/<slug:slug>/events.ics", feeds.hub_feed, name="hub-feed"),
]
