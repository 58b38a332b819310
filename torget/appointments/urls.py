from django.urls import path

from torget.appointments import staff, views

app_name = "appointments"

urlpatterns = [
    path("timeavtaler/", views.services_page, name="services"),
    path("timeavtaler/agenda/", staff.agenda_page, name="agenda"),
    path("timeavtaler/agenda/<int:pk>/marker/", staff.mark, name="mark"),
    path("timeavtaler/avtale/<str:token>/", views.manage, name="manage"),
    path("timeavtaler/avtale/<str:token>/kalender.ics", views.appointment_ics, name="ics"),
    path("timeavtaler/avtale/<str:token>/avbestill/", views.cancel, name="cancel"),
    path("timeavtaler/avtale/<str:token>/flytt/<int:session>/<str:at>/", views.move, name="move"),
    path("timeavtaler/bestill/<int:session>/<str:at>/", views.book, name="book"),
    path("timeavtaler/<slug:slug>/", views.times, name="times"),
]
