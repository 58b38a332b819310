"""Locked sign-ins in the back office: administrators see which staff accounts and which
client addresses are locked out after failed passwords (`torget.accounts.lockout`), and
lift a lock before it runs out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from torget.accounts import lockout
from torget.accounts.models import User
from torget.accounts.permissions import is_administrator

TITLE = gettext_lazy("Locked sign-ins")


def _password_accounts() -> list[str]:
    """The accounts that can sign in with a password (residents have none)."""
    return list(
        User.objects.exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        .exclude(password="")
        .values_list("username", flat=True)
    )


def view(request: HttpRequest) -> HttpResponse:
    from django.contrib import admin

    if not is_administrator(request.user):
        raise PermissionDenied
    if request.method == "POST":
        lifted = lockout.unlock(*request.POST.getlist("key"))
        messages.success(
            request, ngettext("%(n)d lock lifted.", "%(n)d locks lifted.", lifted) % {"n": lifted}
        )
        return redirect("admin:lockouts")
    context = {
        **admin.site.each_context(request),
        "title": TITLE,
        "locks": lockout.locks(_password_accounts()),
        "per_account": lockout.FAILURES_PER_ACCOUNT,
        "per_client": lockout.FAILURES_PER_CLIENT,
        "minutes": lockout.WINDOW // 60,
    }
    return TemplateResponse(request, "admin/torget/lockouts.html", context)


def app_list_entries(request: HttpRequest) -> list[dict]:
    """The page's place on the back office's index, for administrators only."""
    if not is_administrator(request.user):
        return []
    url = reverse("admin:lockouts")
    return [
        {
            "name": _("Security"),
            "app_label": "torget_security",
            "app_url": url,
            "has_module_perms": True,
            "models": [
                {
                    "name": str(TITLE),
                    "object_name": "Lockout",
                    "admin_url": url,
                    "add_url": None,
                    "view_only": True,
                    "perms": {"view": True, "change": False, "add": False, "delete": False},
                }
            ],
        }
    ]
