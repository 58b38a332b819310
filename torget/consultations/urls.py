from django.urls import path

from torget.consultations import staff, views

app_name = "consultations"

urlpatterns = [
    path("medvirkning/", views.index, name="index"),
    path("medvirkning/stab/", staff.staff_index, name="staff-index"),
    path("medvirkning/stab/<slug:slug>/", staff.staff_detail, name="staff-detail"),
    path("medvirkning/stab/<slug:slug>/papirsvar/", staff.staff_paper, name="staff-paper"),
    path("medvirkning/stab/<slug:slug>/koding/", staff.staff_coding, name="staff-coding"),
    path(
        "medvirkning/stab/<slug:slug>/moderering/",
        staff.staff_moderation,
        name="staff-moderation",
    ),
    path("medvirkning/stab/<slug:slug>/oppsummering/", staff.staff_summary, name="staff-summary"),
    path(
        "medvirkning/stab/<slug:slug>/plakat/<slug:hub>/", staff.staff_poster, name="staff-poster"
    ),
    path("medvirkning/stab/<slug:slug>/sitat/", staff.staff_quote, name="staff-quote"),
    path("medvirkning/stab/<slug:slug>/eksport.csv", staff.export_csv, name="export-csv"),
    path("medvirkning/stab/<slug:slug>/eksport.xlsx", staff.export_xlsx, name="export-xlsx"),
    path("medvirkning/endre/<str:token>/", views.change, name="change"),
    path("medvirkning/innspill/<slug:hub>/", views.hub_input, name="hub-input"),
    path("medvirkning/<slug:slug>/", views.answer, name="answer"),
    path("medvirkning/<slug:slug>/takk/", views.thanks, name="thanks"),
    path("medvirkning/<slug:slug>/oppsummering/", views.summary, name="summary"),
    path("kiosk/<slug:hub>/medvirkning/", views.kiosk_index, name="kiosk-index"),
    path("kiosk/<slug:hub>/innspill/", views.kiosk_hub_input, name="kiosk-hub-input"),
    path("kiosk/<slug:hub>/medvirkning/<slug:slug>/", views.kiosk_answer, name="kiosk-answer"),
    path("kiosk/<slug:hub>/medvirkning/<slug:slug>/takk/", views.kiosk_thanks, name="kiosk-thanks"),
]
