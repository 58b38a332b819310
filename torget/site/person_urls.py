from django.urls import path

from torget.site import person

app_name = "person"

urlpatterns = [
    path("mine-data/", person.mine, name="mine"),
    path("mine-data/last-ned/", person.mine_download, name="mine-download"),
    path("ansatt/personer/", person.lookup, name="lookup"),
    path("ansatt/personer/<int:pk>/last-ned/", person.download, name="download"),
    path("ansatt/personer/<int:pk>/slett/", person.erase, name="erase"),
]
