from django.urls import path

from torget.accounts import views

app_name = "accounts"

urlpatterns = [
    path("logg-inn/", views.login_request, name="login"),
    path("logg-inn/sendt/", views.login_sent, name="login-sent"),
    path("logg-inn/<str:token>/", views.login_link, name="login-link"),
    path("logg-ut/", views.logout_view, name="logout"),
    path("logg-ut/ferdig/", views.logged_out, name="logged-out"),
]
