from django.urls import path

from torget.seasons import staff, views

app_name = "seasons"

urlpatterns = [
    path("sesong/", views.rounds, name="rounds"),
    path("sesong/<int:round_id>/", views.round_page, name="round"),
    path("sesong/<int:round_id>/sok/", views.apply, name="apply"),
    path("sesong/soknad/<int:pk>/", views.receipt, name="receipt"),
    path("sesong/soknad/<int:pk>/endre/", views.edit, name="edit"),
    path("sesong/soknad/<int:pk>/trekk/", views.withdraw, name="withdraw"),
    path("sesong/soknad/<int:pk>/vedtak/", views.letter, name="letter"),
    path("sesong/ansatt/", staff.index, name="staff-index"),
    path("sesong/ansatt/<int:round_id>/", staff.proposal, name="proposal"),
    path("sesong/ansatt/<int:round_id>/beregn/", staff.compute, name="compute"),
    path("sesong/ansatt/<int:round_id>/endre/", staff.change, name="change"),
    path("sesong/ansatt/<int:round_id>/bekreft/", staff.confirm, name="confirm"),
    path("sesong/ansatt/<int:round_id>/vedtak.csv", staff.export_csv, name="export-csv"),
    path("sesong/ansatt/<int:round_id>/vedtak.pdf", staff.export_pdf, name="export-pdf"),
]
