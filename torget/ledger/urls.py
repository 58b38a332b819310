from django.urls import path

from torget.ledger import views

app_name = "ledger"

urlpatterns = [
    path("nokkeltall/import/", views.import_page, name="import"),
]
