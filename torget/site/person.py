"""A person's data on request: a resident's own export ("Mine data", /mine-data/), and an
administrator's export and erasure of anyone (/ansatt/personer/).

What each app holds and how it is erased live in the personal-data registry
(torget.core.personal_data): each kind's `export(user)` and `erase_person(user)`. This
module only decides who may ask and keeps the record of an erasure (ErasureRecord: who,
when, which account id, rows per kind, never the data).

Erasing is for administrators only: it is irreversible, reaches every app and every hub,
and answers a written request that the municipality must register anyway. Management reads
figures, not people; a hub's staff see their own hub only.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from torget.accounts.models import User
from torget.accounts.permissions import is_administrator
from torget.accounts.retention import residents
from torget.core import personal_data
from torget.core.errors import ValidationFailed
from torget.core.staffhome import MenuEntry, register_menu_entry
from torget.core.templatetags.torget import timespan
from torget.site.models import ErasureRecord

# --- Services ---------------------------------------------------------------------------


def person_export(user: User) -> dict[str, Any]:
    """Everything Torget holds about `user`, for the JSON download: each kind's rows under
    its name, dates in ISO (the encoder writes them)."""
    return {
        "account_id": user.pk,
        "exported": timezone.now(),
        "kinds": {
            kind.name: {"description": str(kind.description), "rows": rows}
            for kind, rows in personal_data.export_person(user)
        },
    }


def person_erase(*, actor: User, user: User) -> ErasureRecord:
    """Erase `user` across every app (torget.core.personal_data.erase_person) and record
    that it was done, without what was erased. Administrators only; staff accounts are
    managed by hand (their roles removed first), so they are refused here."""
    if not is_administrator(actor):
        raise PermissionDenied
    if not residents().filter(pk=user.pk).exists():
        raise ValidationFailed(
            _("This account belongs to staff or an integration: remove its roles first.")
        )
    user_id = user.pk
    with transaction.atomic():
        counts = personal_data.erase_person(user)
        return ErasureRecord.objects.create(actor=actor, user_id_erased=user_id, counts=counts)


# --- Pages ------------------------------------------------------------------------------


def _readable(value: Any) -> str:
    if isinstance(value, date | datetime):
        return timespan(value)
    return str(value)


def _sections(user: User) -> list[dict[str, Any]]:
    """The export for people: each kind's description and its rows, values as text."""
    return [
        {
            "name": kind.name,
            "description": kind.description,
            "rows": [[(label, _readable(v)) for label, v in row.items()] for row in rows],
        }
        for kind, rows in personal_data.export_person(user)
    ]


def _download(user: User) -> HttpResponse:
    body = json.dumps(person_export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"torget-{user.pk}-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _signed_in(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # login_required let them in
    return user


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own data: a readable page."""
    user = _signed_in(request)
    return render(
        request,
        "site/person/mine.html",
        {"sections": _sections(user), "privacy": reverse("privacy")},
    )


@login_required
@require_GET
def mine_download(request: HttpRequest) -> HttpResponse:
    return _download(_signed_in(request))


def _administrator(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied


@login_required
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    """Find a person by e-mail address and show what Torget holds about them."""
    _administrator(request)
    email = (request.GET.get("email") or "").strip()
    person = User.objects.filter(email__iexact=email).first() if email else None
    return render(
        request,
        "site/person/lookup.html",
        {
            "email": email,
            "person": person,
            "sections": _sections(person) if person else [],
            "erasures": ErasureRecord.objects.select_related("actor")[:20],
        },
    )


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    _administrator(request)
    return _download(get_object_or_404(User, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation (what will be erased, what stays), then the erasure."""
    _administrator(request)
    person = get_object_or_404(User, pk=pk)
    error = None
    if request.method == "POST":
        try:
            record = person_erase(actor=request.user, user=person)  # type: ignore[arg-type]
        except ValidationFailed as failed:
            error = str(failed)
        else:
            rows = sum(record.counts.values())
            done = ngettext(
                "The person is erased: account %(id)s, %(rows)s row.",
                "The person is erased: account %(id)s, %(rows)s rows.",
                rows,
            )
            messages.success(request, done % {"id": record.user_id_erased, "rows": rows})
            return redirect(reverse("person:lookup"))
    return render(
        request,
        "site/person/erase.html",
        {"person": person, "sections": _sections(person), "error": error},
    )


def register() -> None:
    register_menu_entry(
        MenuEntry(
            key="site.person",
            label=gettext_lazy("A person's data"),
            url_name="person:lookup",
            visible=is_administrator,
            order=85,
            current=("person:",),
        )
    )
