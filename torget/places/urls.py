from django.urls import path

from torget.places import views

app_name = "places"

urlpatterns = [
    path("", views.home, name="home"),
    path("torg/<slug:slug>/", views.hub, name="hub"),
    path("torg/<slug:slug>/rom/<int:pk>/", views.space, name="space"),
]
