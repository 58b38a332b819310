"""The demo keypad: a page per fake door where a person types a code and sees the door open
or refuse. It stands in for the keypad on the wall, so it says only "open" or "refused",
never why (staff see the reason in the log). Doors of a real door system have no keypad
page (404)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from torget.access import selectors, services
from torget.access.models import AttemptVia, Door
from torget.core.ratelimit import Limit, too_many
from torget.places.models import Hub

# Per client, beside the door's own limit on wrong codes (services.door_check).
KEYPAD = Limit("access-keypad", 30, 10 * 60)


class KeypadForm(forms.Form):
    code = forms.CharField(label=_("Code or card number"), max_length=40)
    pin = forms.CharField(label=_("PIN (with a card)"), max_length=8, required=False)


@require_http_methods(["GET", "POST"])
def keypad(request: HttpRequest, pk: int) -> HttpResponse:
    door = Door.objects.select_related("hub").filter(pk=pk, system="fake").first()
    if door is None:
        raise Http404
    context: dict[str, object] = {"door": door, "hub": door.hub}
    if request.method != "POST":
        return render(request, "access/keypad.html", {**context, "form": KeypadForm()})
    if KEYPAD.exceeded(request):
        return too_many(request, KEYPAD.window)
    form = KeypadForm(request.POST)
    if not form.is_valid():
        return render(request, "access/keypad.html", {**context, "form": form}, status=422)
    decision = services.door_check(
        door=door,
        credential=form.cleaned_data["code"],
        pin=form.cleaned_data["pin"],
        via=AttemptVia.KEYPAD,
    )
    context |= {"form": KeypadForm(), "opened": decision.allowed, "answered": True}
    return render(request, "access/keypad.html", context)


@require_GET
def hub_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The public Meråpent page of a hub: its hours, the age limit, the rules (the
    agreement text) and how to get access. A hub without meråpent says so."""
    hub = get_object_or_404(Hub, slug=slug)
    return render(request, "access/hub.html", {"hub": hub, "rules": selectors.hub_rules(hub)})
