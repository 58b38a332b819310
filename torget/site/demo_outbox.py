"""The demo's outbox page (/demo/meldinger/): the e-mail and SMS Torget has "sent", newest
first, with every address in them a link.

The demo sends nothing anywhere (its addresses end in .example, and mail goes to the
server's terminal), so a person trying Torget follows a sign-in link or a booking's link
from here. The page exists only when TORGET_DEMO is on: anywhere else it answers 404,
since the texts hold private links (sign-in, cancel). The outbox keeps each text whole,
its links included; the back office shows them with the secret left out
(`torget.notifications.links`).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from torget.core.forms import PlainTextForm
from torget.notifications.links import ADDRESS
from torget.notifications.models import Message

SHOWN = 50


class RecipientForm(PlainTextForm, forms.Form):
    til = forms.CharField(label=_("Messages to"), max_length=254, required=False)


def with_links(text: str) -> SafeString:
    """The text, escaped, with every address in it an <a> element."""
    parts: list[str] = []
    end = 0
    for found in ADDRESS.finditer(text):
        parts.append(escape(text[end : found.start()]))
        parts.append(format_html('<a class="ds-link" href="{0}">{0}</a>', found.group(0)))
        end = found.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))  # every part is escaped above


@never_cache
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    if not settings.TORGET_DEMO:
        raise Http404
    form = RecipientForm(request.GET or None)
    recipient = form.cleaned_data["til"].strip() if form.is_valid() else ""
    found = Message.objects.order_by("-created", "-pk")
    if recipient:
        found = found.filter(to__iexact=recipient)
    sent = [{"message": message, "body": with_links(message.body)} for message in found[:SHOWN]]
    return render(
        request,
        "site/demo_outbox.html",
        {"form": form, "recipient": recipient, "sent": sent, "shown": SHOWN},
        status=200 if form.is_valid() or not form.is_bound else 422,
    )
