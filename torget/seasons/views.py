"""Public pages of the seasonal round: the rounds, the application form (new and change),
the receipt and the decision letter. Thin: rules live in services.py."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from torget.accounts.models import User
from torget.core.errors import DomainError, NotFound, ValidationFailed
from torget.seasons import priorities, selectors, services
from torget.seasons.forms import ApplicationForm, initial_from
from torget.seasons.models import Application, Round


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@require_GET
def rounds(request: HttpRequest) -> HttpResponse:
    return render(request, "seasons/rounds.html", {"rounds": list(selectors.visible_rounds())})


def _round(round_id: int) -> Round:
    round_ = selectors.visible_rounds().filter(pk=round_id).first()
    if round_ is None:
        raise Http404
    return round_


@require_GET
def round_page(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(round_id)
    user = _user(request)
    return render(
        request,
        "seasons/round.html",
        {
            "round": round_,
            "spaces": selectors.round_spaces(round_),
            "priority_steps": priorities.steps(round_.rule_codes()),
            "is_open": round_.is_open(),
            "organisations": selectors.contact_organisations(user),
            "mine": list(selectors.applications_of(user, round_)) if user.is_authenticated else [],
        },
    )


def _summary(form: ApplicationForm, error: DomainError | None) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for name, errors in form.errors.items():
        anchor = "" if name == "__all__" else f"id_{name}"
        items += [(anchor, f"{form.error_label(name)}: {e}" if anchor else str(e)) for e in errors]
    if error is not None:
        if error.errors:
            for e in error.errors:
                field = e.get("field", "")
                label = form.error_label(field) if field in form.fields else ""
                anchor = f"id_{field}" if field in form.fields else ""
                items.append((anchor, f"{label}: {e['message']}" if label else e["message"]))
        else:
            items.append(("", str(error.message)))
    return items


def _form_page(request: HttpRequest, round_: Round, app: Application | None) -> HttpResponse:
    user = _user(request)
    organisations = selectors.contact_organisations(user)
    if not organisations:
        return render(request, "seasons/not_contact.html", {"round": round_}, status=403)
    spaces = selectors.round_spaces(round_)
    error: DomainError | None = None
    if request.method == "POST":
        form = ApplicationForm(request.POST, organisations=organisations, spaces=spaces)
        if form.is_valid():
            try:
                saved = services.application_save(
                    actor=user,
                    round_id=round_.pk,
                    data=form.to_input(),
                    application_id=app.pk if app else None,
                    site_url=request.build_absolute_uri("/"),
                )
            except ValidationFailed as exc:
                error = exc
                for e in exc.errors:
                    if e.get("field") in form.fields:
                        form.add_error(e["field"], e["message"])
                error = None if all(e.get("field") in form.fields for e in exc.errors) else exc
            except DomainError as exc:
                error = exc
            else:
                return redirect("seasons:receipt", pk=saved.pk)
    else:
        initial = (
            initial_from(app)
            if app
            else {
                "organisation": organisations[0].pk,
                "first_date": round_.season_start.isoformat(),
                "last_date": round_.season_end.isoformat(),
                "paid": "no",
            }
        )
        form = ApplicationForm(initial=initial, organisations=organisations, spaces=spaces)
    summary = _summary(form, error) if request.method == "POST" else []
    return render(
        request,
        "seasons/apply.html",
        {
            "round": round_,
            "app": app,
            "form": form,
            "summary": summary,
            "is_open": round_.is_open(),
        },
        status=422 if summary else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, round_id: int) -> HttpResponse:
    return _form_page(request, _round(round_id), None)


def _own(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_for(_user(request), pk)
    except NotFound as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    if app.withdrawn or not app.organisation.contacts.filter(pk=request.user.pk).exists():
        raise Http404
    return _form_page(request, app.round, app)


@login_required
@require_GET
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    return render(
        request,
        "seasons/receipt.html",
        {
            "app": app,
            "wishes": list(app.wishes.all()),
            "is_open": app.round.is_open() and not app.withdrawn,
            "is_contact": app.organisation.contacts.filter(pk=request.user.pk).exists(),
        },
    )


@login_required
@require_http_methods(["POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    app = _own(request, pk)
    try:
        services.application_withdraw(actor=_user(request), application_id=app.pk)
    except DomainError as exc:
        raise Http404 from exc
    return redirect("seasons:receipt", pk=app.pk)


@login_required
@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision letter, printable; there is none before the round is decided."""
    app = _own(request, pk)
    alloc = getattr(app, "allocation", None)
    if app.round.decided_at is None or alloc is None:
        raise Http404
    context = services.letter_context(alloc, request.build_absolute_uri("/"))
    return render(request, "seasons/letter.html", context)
