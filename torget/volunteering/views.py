"""Public pages: "Bli frivillig" per hub (open roles and shifts, sign-up for a signed-in
resident), "Foreslå en aktivitet" (rate-limited), and a person's own volunteering: their
details, shifts and proposals with their status. Thin: the rules are the services'."""

from __future__ import annotations

from datetime import date
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from torget.accounts.models import Organisation, User
from torget.core.errors import DomainError
from torget.core.ratelimit import Limit, too_many
from torget.places.models import Hub
from torget.volunteering import selectors, services
from torget.volunteering.forms import ProposalForm, VolunteerForm
from torget.volunteering.models import VolunteerRole

LOGIN_URL = "accounts:login"  # residents sign in with a link, not the staff login

# Proposals from one client: a handful an hour is plenty for people, and stops a flood.
PROPOSALS = Limit("initiative", 10, 60 * 60)


def error_text(error: DomainError) -> str:
    details = "; ".join(e["message"] for e in error.errors if e.get("message"))
    message = str(error.message)
    return message if not details or details == message else f"{message} {details}"


def add_errors(form, error: DomainError) -> None:
    if not error.errors:
        form.add_error(None, str(error.message))
    for item in error.errors:
        field = item.get("field")
        form.add_error(field if field in form.fields else None, item["message"])


def me(request: HttpRequest) -> User:
    """The signed-in user (the views that call it require signing in)."""
    return cast(User, request.user)


def _hub(slug: str) -> Hub:
    return get_object_or_404(Hub, slug=slug)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "volunteering/index.html",
        {"hubs": selectors.hubs_with_roles(), "all_hubs": Hub.objects.order_by("name")},
    )


@require_GET
def hub_page(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub(slug)
    roles = VolunteerRole.objects.filter(hub=hub, active=True).order_by("title")
    return render(
        request,
        "volunteering/hub.html",
        {
            "hub": hub,
            "roles": roles,
            "shifts": selectors.open_shifts(hub, user=request.user),
            "volunteer": selectors.my_volunteer(request.user),
        },
    )


@login_required(login_url=LOGIN_URL)
@require_POST
def signup(request: HttpRequest, shift_id: int, day: str) -> HttpResponse:
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    back = request.POST.get("next", "")
    try:
        services.signup_create(actor=me(request), shift_id=shift_id, day=when)
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("You are signed up. Thank you! You get a reminder the day before.")
        )
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "volunteering:mine"
    return redirect(back)


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, slug: str) -> HttpResponse:
    hub = _hub(slug)
    signed_in = request.user.is_authenticated
    if request.method == "POST" and PROPOSALS.exceeded(request):
        return too_many(request, PROPOSALS.window)
    form = ProposalForm(request.POST or None, signed_in=signed_in)
    if request.method == "POST":
        if form.is_spam():
            return redirect("volunteering:proposed", slug=hub.slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.initiative_propose(
                    actor=me(request) if signed_in else None,
                    hub=hub,
                    title=data["title"],
                    description=data.get("text", ""),
                    name=data.get("name", ""),
                    email=data.get("email", ""),
                    phone=data.get("phone", ""),
                )
            except DomainError as error:
                add_errors(form, error)
            else:
                return redirect("volunteering:proposed", slug=hub.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "volunteering/propose.html", {"hub": hub, "form": form}, status=status)


@require_GET
def proposed(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "volunteering/proposed.html", {"hub": _hub(slug)})


@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    volunteer = selectors.my_volunteer(request.user)
    initial: dict[str, object] = {"email": me(request).email, "phone": me(request).phone}
    if volunteer is not None:
        initial = {
            "phone": volunteer.phone,
            "email": volunteer.email,
            "likes": volunteer.likes,
            "languages": volunteer.languages,
            "birth_date": volunteer.birth_date,
        }
    form = VolunteerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_save(
                user=me(request), details=services.VolunteerDetails(**form.cleaned_data)
            )
        except DomainError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved. You can now sign up for shifts."))
            return redirect("volunteering:mine")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "volunteering/mine.html",
        {
            "form": form,
            "volunteer": volunteer,
            "signups": selectors.my_signups(request.user),
            "initiatives": selectors.my_initiatives(request.user),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required(login_url=LOGIN_URL)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.signup_cancel(actor=me(request), signup_id=pk)
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("You are no longer on this shift. The hub's staff are told."))
    return redirect("volunteering:mine")


@login_required(login_url=LOGIN_URL)
@require_POST
def swap(request: HttpRequest, pk: int) -> HttpResponse:
    """Give my shift to another volunteer (by their e-mail address or phone number)."""
    try:
        given = services.signup_swap(actor=me(request), signup_id=pk, to=request.POST.get("to", ""))
    except DomainError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The shift is now %(name)s's. They and the hub's staff are told.")
            % {"name": given.volunteer},
        )
    return redirect("volunteering:mine")


@require_GET
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation's public page: what its active agreements say it offers, at which
    hub (the public parts only: no contact persons, no signatures, no scan)."""
    found = get_object_or_404(Organisation, pk=pk)
    return render(
        request,
        "volunteering/organisation.html",
        {
            "organisation": found,
            "agreements": selectors.active_agreements_of(found.pk),
            "coming": selectors.coming_activities(found.pk),
        },
    )
