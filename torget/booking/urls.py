from django.urls import path

from torget.booking import feeds, staff, views

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
    # Staff pages for one hub's bookings.
    path("booking/ansatte/", staff.staff_index, name="staff-index"),
    path("booking/ansatte/<slug:slug>/", staff.calendar, name="staff-calendar"),
    path("booking/ansatte/<slug:slug>/dagsliste/", staff.day_list, name="staff-day-list"),
    path("booking/ansatte/<slug:slug>/ny/", staff.book_on_behalf, name="staff-book"),
    path("booking/ansatte/<slug:slug>/godkjenning/", staff.approvals, name="staff-approvals"),
    path("booking/ansatte/<slug:slug>/faktura/", staff.invoice_basis, name="staff-invoices"),
    path("booking/ansatte/<slug:slug>/<int:pk>/", staff.booking_page, name="staff-booking"),
    path(
        "booking/ansatte/<slug:slug>/<int:pk>/handling/",
        staff.booking_action,
        name="staff-booking-action",
    ),
    path(
        "booking/ansatte/<slug:slug>/<int:pk>/utskrift/",
        staff.printed_confirmation,
        name="staff-printed",
    ),
]
