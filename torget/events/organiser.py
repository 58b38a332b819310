"""Organisers' pages (an organisation's contact persons, signed in): their organisations'
events with the registrations per date, and a form to create an activity; and hub staff's
approval queue. Thin: selectors read, `self_service` decides and writes."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from torget.accounts.models import User
from torget.accounts.permissions import can_lead_hub, is_hub_staff, manageable_hubs
from torget.booking.views import DATE_FORMATS, TimesForm, apply_error, error_summary
from torget.core.errors import DomainError, NotFound
from torget.core.forms import PlainTextForm
from torget.core.text import norwegian_sort_key
from torget.events import selectors, self_service
from torget.events.codes import Approval, Audience, Category, OccurrenceStatus, RegistrationMode
from torget.events.services import EventDetails
from torget.places.models import Hub, Space

LOGIN_URL = "accounts:login"
# Where a service error's field is on the form.
FORM_FIELD = {
    "start": "start_time",
    "end": "end_time",
    "time": "start_time",
    "until": "until",
    "space": "space",
    "title": "title",
    "description": "description",
    "category": "category",
    "audience": "audience",
    "capacity": "capacity",
    "expected_participants": "capacity",
    "fee": "fee",
    "registration": "registration",
    "organisation": "organisation",
    "organiser_type": "organisation",
}


class DetailsForm(PlainTextForm, forms.Form):
    """What describes an activity, apart from when and where: creating and changing it."""

    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Give the activity a title."),
            "max_length": gettext_lazy("At most 200 characters."),
        },
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, max_length=10_000
    )
    category = forms.ChoiceField(label=gettext_lazy("What kind of activity"))
    audience = forms.ChoiceField(label=gettext_lazy("For whom"))
    registration = forms.ChoiceField(label=gettext_lazy("Registration"))
    capacity = forms.IntegerField(
        label=gettext_lazy("Places (empty: no limit)"),
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={
            "invalid": gettext_lazy("Write a whole number."),
            "min_value": gettext_lazy("At least 1."),
        },
    )
    fee = forms.DecimalField(
        label=gettext_lazy("Participant fee in NOK (empty or 0: free)"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100000"),
        decimal_places=2,
        error_messages={
            "invalid": gettext_lazy("Write an amount, e.g. 50."),
            "min_value": gettext_lazy("Out of range."),
            "max_value": gettext_lazy("Out of range."),
            "max_decimal_places": gettext_lazy("At most two decimals."),
        },
    )
    accessibility = forms.CharField(
        label=gettext_lazy("Accessibility"), required=False, max_length=10_000
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["category"].choices = Category.choices  # type: ignore[attr-defined]
        fields["audience"].choices = Audience.choices  # type: ignore[attr-defined]
        fields["registration"].choices = RegistrationMode.choices  # type: ignore[attr-defined]


class ActivityForm(TimesForm, DetailsForm):
    organisation = forms.ChoiceField(
        label=gettext_lazy("Organisation"),
        error_messages={"required": gettext_lazy("Choose the organisation.")},
    )
    space = forms.ChoiceField(
        label=gettext_lazy("Where (hub and room)"),
        error_messages={"required": gettext_lazy("Choose a room.")},
    )
    until = forms.DateField(
        label=gettext_lazy("Weekly until (empty: one date)"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": gettext_lazy("Write the date as dd.mm.yyyy.")},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in selectors.organisations_of(user)}
        spaces = Space.objects.select_related("hub").filter(bookable=True, is_active=True)
        self.spaces = {str(s.pk): s for s in spaces}
        ordered = sorted(
            self.spaces.values(),
            key=lambda s: (norwegian_sort_key(s.hub.name), norwegian_sort_key(s.name)),
        )
        fields = self.fields
        fields["organisation"].choices = [(k, o.name) for k, o in self.organisations.items()]  # type: ignore[attr-defined]
        fields["space"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a room")),
            *((str(s.pk), f"{s.hub.name} – {s.name}") for s in ordered),
        ]


def details_from(data: dict) -> EventDetails:
    return EventDetails(
        title=data["title"],
        category=data["category"],
        organiser_type="",  # the organisation's, set by the service
        description=data.get("description") or "",
        audience=data["audience"],
        fee=data.get("fee") or Decimal("0"),
        capacity=data.get("capacity"),
        registration=data["registration"],
        accessibility=data.get("accessibility") or "",
    )


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    posted = request.method == "POST"
    initial = {
        "category": Category.OTHER,
        "audience": Audience.EVERYONE,
        "registration": RegistrationMode.OPTIONAL,
    }
    form = ActivityForm(request.POST if posted else None, user=user, initial=initial)
    if not form.organisations:
        return render(request, "events/organiser_none.html", status=403)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            event = self_service.organiser_event_create(
                actor=user,
                organisation=form.organisations[data["organisation"]],
                details=details_from(data),
                space=form.spaces[data["space"]],
                start=data["start"],
                end=data["end"],
                until=data.get("until"),
            )
        except DomainError as error:
            apply_error(form, error, FORM_FIELD)
        else:
            if event.approval == Approval.APPROVED:
                messages.success(request, _("The activity is created and in the calendar."))
            else:
                messages.success(
                    request,
                    _(
                        "The activity is created and the room is held. The hub's staff will "
                        "look at it: you get a message when it is approved."
                    ),
                )
            return redirect("events:mine")
    return render(
        request,
        "events/organiser_new.html",
        {
            "form": form,
            "summary": error_summary(form) if posted else [],
            "registration_choices": RegistrationMode.choices,
        },
        status=422 if posted else 200,
    )


@login_required(login_url=LOGIN_URL)
def mine(request: HttpRequest) -> HttpResponse:
    """Every event of my organisations, with the registrations per date, and links to
    change it, give a date a new time and cancel (`events.mine`)."""
    user = cast(User, request.user)
    organisations = selectors.organisations_of(user)
    now = timezone.now()
    events = []
    for event in selectors.organiser_events(user)[:50]:
        dates = selectors.occurrences_of(event)
        upcoming = [o for o in dates if o.end > now]
        ahead = any(o.status == OccurrenceStatus.SCHEDULED and o.start > now for o in dates)
        events.append({"event": event, "dates": (upcoming or dates[-3:])[:12], "ahead": ahead})
    return render(
        request,
        "events/organiser_mine.html",
        {"organisations": organisations, "events": events, "now": now},
    )


def _require_hub_staff(user: User) -> None:
    if not is_hub_staff(user):
        raise Http404


@login_required(login_url=LOGIN_URL)
def approvals(request: HttpRequest) -> HttpResponse:
    """Hub staff's queue of organisers' events waiting for approval."""
    user = cast(User, request.user)
    _require_hub_staff(user)
    queue = [
        {"event": event, "dates": selectors.occurrences_of(event)}
        for event in selectors.approval_queue(user)[:100]
    ]
    hubs = [
        {"hub": hub, "need_approval": self_service.needs_approval(hub)}
        for hub in manageable_hubs(user, Hub.objects.order_by("name"))
        if can_lead_hub(user, hub)
    ]
    return render(request, "events/approvals.html", {"queue": queue, "hubs": hubs})


@login_required(login_url=LOGIN_URL)
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or reject; who may is the service's rule (staff of the event's hub), and its
    refusal is this page's 404."""
    user = cast(User, request.user)
    try:
        if request.POST.get("decision") == "approve":
            event = self_service.event_approve(actor=user, event_id=pk)
            messages.success(
                request,
                _("Approved: %(title)s. The organiser is told.") % {"title": event.title},
            )
        else:
            event = self_service.event_reject(
                actor=user, event_id=pk, reason=request.POST.get("reason", "")[:2000]
            )
            messages.success(
                request,
                _("Rejected: %(title)s. The organiser is told why.") % {"title": event.title},
            )
    except NotFound as error:
        raise Http404 from error
    except DomainError as error:
        details = "; ".join(e["message"] for e in error.errors if e.get("message"))
        messages.error(request, f"{error.message} {details}".strip())
    return redirect("events:approvals")


@login_required(login_url=LOGIN_URL)
@require_POST
def hub_settings(request: HttpRequest, slug: str) -> HttpResponse:
    user = cast(User, request.user)
    hub = get_object_or_404(Hub, slug=slug)
    try:
        self_service.hub_event_settings_set(
            actor=user, hub=hub, need_approval=request.POST.get("need_approval") == "yes"
        )
    except DomainError as error:
        raise Http404 from error
    messages.success(request, _("The setting is saved."))
    return redirect("events:approvals")
