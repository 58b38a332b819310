from django.urls import path

from torget.scenarios import views

app_name = "scenarios"

urlpatterns = [
    path("ansatt/scenarioer/", views.scenario_list, name="list"),
    path("ansatt/scenarioer/ny/", views.scenario_create, name="create"),
    path("ansatt/scenarioer/<int:pk>/", views.scenario_detail, name="detail"),
]
