"""The demo's own pages (they answer 404 unless TORGET_DEMO is on)."""

from django.urls import path

from torget.site import demo_outbox

app_name = "demo"

urlpatterns = [
    path("demo/meldinger/", demo_outbox.outbox, name="outbox"),
]
