"""Staff pages of the seasonal round: the proposal with its reasons, changes with a reason,
utilisation, confirming, and the archive exports (CSV and PDF)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from torget.accounts.models import User
from torget.core.errors import DomainError, NotFound
from torget.places.codes import Weekday
from torget.places.staffing import refused
from torget.seasons import records, selectors, services
from torget.seasons.explain import decided_by_text, reasons_text, slot_text
from torget.seasons.forms import TIME_FORMATS
from torget.seasons.models import Round


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _refused(request: HttpRequest, error: DomainError) -> HttpResponse:
    return refused(request, error, status=404)


def staff_round(view):
    @login_required
    def wrapper(request: HttpRequest, round_id: int, *args, **kwargs) -> HttpResponse:
        try:
            round_ = selectors.round_for_staff(_user(request), round_id)
        except NotFound as error:
            return _refused(request, error)
        return view(request, round_, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    rounds = selectors.managed_rounds(_user(request))
    return render(request, "seasons/staff_index.html", {"rounds": rounds})


def proposal_context(round_: Round) -> dict:
    data = selectors.round_input(round_)
    allocs = selectors.allocations(round_)
    names = data.names()
    space_name = {pk: f"{s.name} ({s.hub.name})" for pk, s in data.space_objects.items()}
    rank = {pk: i for i, pk in enumerate(round_.proposal.get("order", []), 1)}
    rows: list[dict[str, Any]] = []
    for alloc in allocs:
        rows.append(
            {
                "alloc": alloc,
                "name": names.get(alloc.application_id, ""),
                "rank": rank.get(alloc.application_id),
                "slot": slot_text(
                    space_name.get(alloc.space_id or 0, ""),
                    alloc.weekday,
                    alloc.start_time,
                    alloc.end_time,
                ),
                "reasons": reasons_text(alloc.reasons, names),
                "kind": alloc.application.organisation.get_kind_display(),
            }
        )
    granted = sorted(
        (r for r in rows if r["alloc"].granted),
        key=lambda r: (
            space_name.get(r["alloc"].space_id, ""),
            r["alloc"].weekday,
            r["alloc"].start_time,
        ),
    )
    refused = sorted((r for r in rows if not r["alloc"].granted), key=lambda r: r["rank"] or 0)
    conflicts = [
        {
            "slot": slot_text(
                space_name.get(c["space"], ""),
                c["weekday"],
                datetime.strptime(c["start"], "%H:%M").time(),
                datetime.strptime(c["end"], "%H:%M").time(),
            ),
            "winner": names.get(c["winner"], f"#{c['winner']}"),
            "loser": names.get(c["loser"], f"#{c['loser']}"),
            "why": decided_by_text(c["decided_by"]),
        }
        for c in round_.proposal.get("conflicts", [])
    ]
    return {
        "round": round_,
        "granted": granted,
        "refused": refused,
        "conflicts": conflicts,
        "utilisation": selectors.utilisation(data, allocs),
        "applications": sorted(names.items(), key=lambda kv: kv[1]),
        "spaces": [(pk, space_name[pk]) for pk in data.round_space_ids],
        "weekdays": list(Weekday.choices),
        "changes": list(round_.changes.select_related("actor").order_by("-at", "-pk")[:50]),
        "has_proposal": round_.proposed_at is not None and bool(allocs),
        "application_count": len(data.applications),
    }


@staff_round
@require_GET
def proposal(request: HttpRequest, round_: Round) -> HttpResponse:
    context = proposal_context(round_)
    if context["has_proposal"] and round_.decided_at is None:
        context["clashes"] = services.confirm_preview(round_)
    context["can_decide"] = selectors.can_decide_round(_user(request), round_)
    return render(request, "seasons/proposal.html", context)


def _error(request: HttpRequest, exc: DomainError) -> None:
    details = "; ".join(e.get("message", "") for e in exc.errors if e.get("message"))
    messages.error(request, f"{exc.message} {details}".strip())


@staff_round
@require_POST
def compute(request: HttpRequest, round_: Round) -> HttpResponse:
    try:
        services.proposal_compute(actor=_user(request), round_id=round_.pk)
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The proposal has been computed."))
    return redirect("seasons:proposal", round_id=round_.pk)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


def _time(value: str | None):
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime((value or "").strip(), fmt).time()
        except ValueError:
            continue
    return None


@staff_round
@require_POST
def change(request: HttpRequest, round_: Round) -> HttpResponse:
    """Move, swap or take away, always with a reason."""
    post = request.POST
    action = post.get("action")
    app_id = _int(post.get("application"))
    reason = post.get("reason", "")
    try:
        if app_id is None:
            raise services.ValidationFailed(
                errors=[{"field": "application", "message": _("Choose an application.")}]
            )
        if action == "move":
            space_id, weekday = _int(post.get("space")), _int(post.get("weekday"))
            start, end = _time(post.get("start")), _time(post.get("end"))
            if space_id is None or weekday is None or start is None or end is None:
                raise services.ValidationFailed(
                    errors=[{"field": "start", "message": _("Give a space, a day and times.")}]
                )
            services.allocation_move(
                actor=_user(request),
                round_id=round_.pk,
                application_id=app_id,
                space_id=space_id,
                weekday=weekday,
                start_time=start,
                end_time=end,
                reason=reason,
            )
        elif action == "swap":
            other = _int(post.get("other"))
            if other is None:
                raise services.ValidationFailed(
                    errors=[{"field": "other", "message": _("Choose another application.")}]
                )
            services.allocation_swap(
                actor=_user(request),
                round_id=round_.pk,
                first_id=app_id,
                second_id=other,
                reason=reason,
            )
        elif action == "refuse":
            services.allocation_refuse(
                actor=_user(request), round_id=round_.pk, application_id=app_id, reason=reason
            )
        else:
            raise services.ValidationFailed(
                errors=[{"field": "action", "message": _("Unknown change.")}]
            )
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The change is saved in the case log."))
    return redirect("seasons:proposal", round_id=round_.pk)


@staff_round
@require_POST
def confirm(request: HttpRequest, round_: Round) -> HttpResponse:
    try:
        services.round_confirm(
            actor=_user(request),
            round_id=round_.pk,
            site_url=request.build_absolute_uri("/"),
        )
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(
            request, _("The round is decided: the weekly series are booked and letters sent.")
        )
    return redirect("seasons:proposal", round_id=round_.pk)


@staff_round
@require_GET
def export_csv(request: HttpRequest, round_: Round) -> HttpResponse:
    return records.decisions_csv(round_)


@staff_round
@require_GET
def export_pdf(request: HttpRequest, round_: Round) -> HttpResponse:
    response = HttpResponse(records.decisions_pdf(round_), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sesong-{round_.pk}-vedtak.pdf"'
    return response
