from django.urls import path

from torget.scenarios import grid_views, postcode_views, views

app_name = "scenarios"

urlpatterns = [
    path("ansatt/scenarioer/", views.scenario_list, name="list"),
    path("ansatt/scenarioer/ny/", views.scenario_create, name="create"),
    path("ansatt/scenarioer/<int:pk>/", views.scenario_detail, name="detail"),
    path("ansatt/scenarioer/befolkning/", grid_views.grid_import, name="grid"),
    path("ansatt/scenarioer/postnummer/", postcode_views.postcode_import, name="postcodes"),
    path("ansatt/scenarioer/<int:pk>/notat.pdf", views.scenario_pdf, name="pdf"),
    path("ansatt/scenarioer/<int:pk>/notat.xlsx", views.scenario_xlsx, name="xlsx"),
    path("ansatt/scenarioer/sammenlign/", views.scenario_compare, name="compare"),
]
