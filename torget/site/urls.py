from django.urls import path

from torget.site import workday

app_name = "workday"

urlpatterns = [
    path("ansatt/", workday.workday, name="today"),
    path("ansatt/<slug:slug>/", workday.workday, name="hub"),
]
