from django.urls import path

from torget.volunteering import staff, views

app_name = "volunteering"

urlpatterns = [
    path("frivillig/", views.index, name="index"),
    path("frivillig/mine/", views.mine, name="mine"),
    path("frivillig/mine/avmeld/<int:pk>/", views.cancel, name="cancel"),
    path("frivillig/vakt/<int:shift_id>/<str:day>/", views.signup, name="signup"),
    path("frivillig/<slug:slug>/", views.hub_page, name="hub"),
    path("frivillig/<slug:slug>/foresla/", views.propose, name="propose"),
    path("frivillig/<slug:slug>/foresla/takk/", views.proposed, name="proposed"),
    path("ansatt/frivillige/", staff.overview, name="staff"),
    path("ansatt/frivillige/initiativ/<int:pk>/", staff.initiative, name="initiative"),
]
