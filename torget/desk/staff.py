"""Staff pages: the desk screen (one tap per topic) and the callback queue.

Every page works without JavaScript (plain form posts); with it, desk.js sends taps
through the API and keeps them in the browser while the network is down.
"""

from __future__ import annotations

import uuid
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from torget.accounts.models import User
from torget.core.errors import DomainError
from torget.desk import selectors, services
from torget.desk.models import Inquiry
from torget.ledger.codes import Channel
from torget.places.models import Hub
from torget.places.staffing import staff_page, staffed_hubs

SESSION_CHANNEL = "desk_channel"
SESSION_LAST = "desk_last_inquiry"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _error_text(error: DomainError) -> str:
    details = "; ".join(e["message"] for e in error.errors if e.get("message"))
    return f"{error.message} {details}".strip()


@login_required
@require_GET
def desk_index(request: HttpRequest) -> HttpResponse:
    """The desks the user staffs; straight to the desk when there is one."""
    hubs = list(staffed_hubs(_user(request)))
    if len(hubs) == 1:
        return redirect("desk:desk", slug=hubs[0].slug)
    return render(request, "desk/index.html", {"hubs": hubs})


def _last_inquiry(request: HttpRequest, hub: Hub) -> Inquiry | None:
    """The inquiry just logged through the form (shown once, with its undo button)."""
    pk = request.session.pop(SESSION_LAST, None)
    if not pk:
        return None
    inquiry = Inquiry.objects.filter(pk=pk, hub=hub, logged_by=_user(request)).first()
    if inquiry is None or timezone.now() - inquiry.created > services.UNDO_WINDOW:
        return None
    return inquiry


@staff_page
def desk(request: HttpRequest, hub: Hub) -> HttpResponse:
    if request.method == "POST":
        return _log_from_form(request, hub)
    language = get_language()
    labels = selectors.topic_labels(language)
    counts = selectors.day_counts(hub)
    topics = [
        {"code": t.code, "label": t.label, "count": counts.by_topic.get(t.code, 0)}
        for t in selectors.topics(language)
    ]
    channel = request.session.get(SESSION_CHANNEL, Channel.WALK_IN)
    last = _last_inquiry(request, hub)
    texts = {
        "logged": _("Logged: %(topic)s. You can undo it for 10 seconds."),
        "undone": _("Undone: %(topic)s."),
        "undo_failed": _("Could not undo: %(reason)s"),
        "rejected": _("Not logged: %(topic)s. %(reason)s"),
        "waiting": _(
            "%(count)s taps are waiting to be sent. They are sent when the network is back."
        ),
        "sent": _("All waiting taps have been sent."),
        "offline": _("No network: the tap is kept on this device and sent later."),
    }
    return render(
        request,
        "desk/desk.html",
        {
            "hub": hub,
            "topics": topics,
            "counts": counts,
            "channels": Channel.choices,
            "channel": channel,
            "last": last,
            "last_label": labels.get(last.topic, last.topic) if last else "",
            "client_id": uuid.uuid4(),
            "desk_texts": texts,
            "open_callbacks": selectors.callback_queue(hub).count(),
        },
    )


def _log_from_form(request: HttpRequest, hub: Hub) -> HttpResponse:
    channel = request.POST.get("channel", "")
    topic = request.POST.get("topic", "")
    if channel in Channel.values:
        request.session[SESSION_CHANNEL] = channel
    try:
        client_id = uuid.UUID(request.POST.get("client_id", ""))
    except ValueError:
        client_id = None
    try:
        inquiry = services.inquiry_log(
            actor=_user(request), hub=hub, topic=topic, channel=channel, client_id=client_id
        )
    except DomainError as error:  # also a client id used at another hub (409)
        messages.error(request, _error_text(error))
    else:
        request.session[SESSION_LAST] = inquiry.pk
    return redirect("desk:desk", slug=hub.slug)


@staff_page
@require_POST
def desk_undo(request: HttpRequest, hub: Hub) -> HttpResponse:
    try:
        inquiry_id = int(request.POST.get("inquiry", ""))
    except ValueError:
        inquiry_id = 0
    try:
        services.inquiry_undo(actor=_user(request), inquiry_id=inquiry_id)
    except DomainError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The inquiry was undone."))
    return redirect("desk:desk", slug=hub.slug)


@staff_page
@require_GET
def callback_queue(request: HttpRequest, hub: Hub) -> HttpResponse:
    labels = selectors.topic_labels(get_language())
    items = [
        {"request": cb, "topic": labels.get(cb.topic, cb.topic)}
        for cb in selectors.callback_queue(hub)
    ]
    return render(request, "desk/callbacks.html", {"hub": hub, "items": items})


@staff_page
@require_POST
def callback_action(request: HttpRequest, hub: Hub, pk: int) -> HttpResponse:
    action = request.POST.get("action", "")
    try:
        callback = services.callback_request_advance(
            actor=_user(request), callback_id=pk, action=action
        )
    except DomainError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Callback request %(number)s: %(status)s.")
            % {"number": callback.pk, "status": callback.get_status_display()},
        )
    return redirect(reverse("desk:callbacks", kwargs={"slug": hub.slug}))
