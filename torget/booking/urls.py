from django.urls import path

from torget.booking import feeds, views

app_name = "booking"

urlpatterns = [
    path("spaces/<int:pk>/calendar.ics", feeds.space_feed, name="space-feed"),
    path("bookings/feed/<str:token>.ics", feeds.personal_feed, name="personal-feed"),
    # The public booking pages.
    path("booking/", views.search, name="search"),
    path("booking/rom/<int:pk>/", views.week, name="week"),
    path("booking/rom/<int:pk>/bestill/", views.book, name="book"),
    path("booking/mine/", views.mine, name="mine"),
    path("booking/<int:pk>/", views.confirmation, name="confirmation"),
    path("booking/<int:pk>/kalender.ics", views.booking_ics, name="ics"),
    path("booking/<int:pk>/avbestill/", views.cancel, name="cancel"),
]
