from django.urls import path

from torget.access import views

app_name = "access"

urlpatterns = [
    path("meraapent/dor/<int:pk>/", views.keypad, name="keypad"),
]
