from django.urls import path

from torget.booking import feeds

app_name = "booking"

urlpatterns = [
    path("spaces/<int:pk>/calendar.ics", feeds.space_feed, name="space-feed"),
    path("bookings/feed/<str:token>.ics", feeds.personal_feed, name="personal-feed"),
]
