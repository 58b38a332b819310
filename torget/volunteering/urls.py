from django.urls import path

from torget.volunteering import agreements_staff, staff, views

app_name = "volunteering"

urlpatterns = [
    path("frivillig/", views.index, name="index"),
    path("frivillig/mine/", views.mine, name="mine"),
    path("frivillig/mine/avmeld/<int:pk>/", views.cancel, name="cancel"),
    path("frivillig/vakt/<int:shift_id>/<str:day>/", views.signup, name="signup"),
    path("frivillig/<slug:slug>/", views.hub_page, name="hub"),
    path("frivillig/<slug:slug>/foresla/", views.propose, name="propose"),
    path("frivillig/<slug:slug>/foresla/takk/", views.proposed, name="proposed"),
    path("ansatt/frivillige/", staff.overview, name="staff"),
    path("ansatt/frivillige/initiativ/<int:pk>/", staff.initiative, name="initiative"),
    path(
        "ansatt/frivillige/politiattest/",
        agreements_staff.police_certificate,
        name="police-certificate",
    ),
    path("ansatt/avtaler/", agreements_staff.agreement_list, name="agreements"),
    path("ansatt/avtaler/ny/", agreements_staff.agreement_edit, name="agreement-new"),
    path("ansatt/avtaler/<int:pk>/", agreements_staff.agreement_detail, name="agreement"),
    path("ansatt/avtaler/<int:pk>/endre/", agreements_staff.agreement_edit, name="agreement-edit"),
    path("ansatt/avtaler/<int:pk>/skann/", agreements_staff.agreement_scan, name="agreement-scan"),
    path(
        "ansatt/avtaler/<int:pk>/avtale.pdf",
        agreements_staff.agreement_document,
        name="agreement-pdf",
    ),
    path("frivillig/mine/gi-bort/<int:pk>/", views.swap, name="swap"),
    path("organisasjoner/<int:pk>/", views.organisation, name="organisation"),
]
