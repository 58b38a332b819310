from django.urls import path

from torget.desk import staff, views

app_name = "desk"

urlpatterns = [
    path("skranke/", staff.desk_index, name="index"),
    path("skranke/<slug:slug>/", staff.desk, name="desk"),
    path("skranke/<slug:slug>/angre/", staff.desk_undo, name="undo"),
    path("skranke/<slug:slug>/ring-tilbake/", staff.callback_queue, name="callbacks"),
    path(
        "skranke/<slug:slug>/ring-tilbake/<int:pk>/",
        staff.callback_action,
        name="callback-action",
    ),
    path("kiosk/<slug:slug>/", views.kiosk, name="kiosk"),
    path("kiosk/<slug:slug>/ring-meg/", views.callback_request, name="kiosk-callback"),
    path("kiosk/<slug:slug>/takk/", views.callback_thanks, name="kiosk-thanks"),
    path("ring-meg/<slug:slug>/", views.web_callback_request, name="web-callback"),
    path("ring-meg/<slug:slug>/takk/", views.web_callback_thanks, name="web-callback-thanks"),
]
