from django.urls import path

from torget.keyfigures import views

app_name = "keyfigures"

urlpatterns = [
    path("nokkeltall/", views.key_figures_page, name="key-figures"),
]
