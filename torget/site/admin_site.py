"""The back office: Django's admin as Torget's, entered by the same rule as the staff pages.

This module is imported while the app registry is still loading (INSTALLED_APPS names
`TorgetAdminConfig`), so models and predicates are imported inside functions.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import resolve_url
from django.urls import path
from django.utils.translation import gettext_lazy as _

from torget.places.backoffice import may_enter

if TYPE_CHECKING:
    from django.http import HttpRequest


@cache
def authentication_form() -> type:
    """The admin's sign-in form asks `is_staff`; ours asks the same rule as the site.
    (Built on first use: the auth forms import models, which are not loaded yet here.)"""
    from django.contrib.admin.forms import AdminAuthenticationForm

    from torget.accounts import lockout

    class BackOfficeAuthenticationForm(AdminAuthenticationForm):
        def clean(self):
            """Failed passwords are counted per account name and per client; over the
            limit no password is checked (the right one does not sign in either), and the
            answer is the same for names that are not accounts."""
            username = self.cleaned_data.get("username")
            if username is None or not self.cleaned_data.get("password"):
                return super().clean()
            if lockout.is_locked(self.request, username):
                raise ValidationError(lockout.LOCKED_MESSAGE, code="locked")
            try:
                return super().clean()
            except ValidationError:
                lockout.record_failure(self.request, username)
                if lockout.is_locked(self.request, username):
                    raise ValidationError(lockout.LOCKED_MESSAGE, code="locked") from None
                raise

        def confirm_login_allowed(self, user) -> None:
            if not may_enter(user):
                raise ValidationError(
                    self.error_messages["invalid_login"],
                    code="invalid_login",
                    params={"username": self.username_field.verbose_name},
                )

    return BackOfficeAuthenticationForm


class TorgetAdminSite(admin.AdminSite):
    site_header = _("Torget – back office")
    site_title = _("Torget – back office")
    index_title = _("Back office")

    @property
    def login_form(self) -> type:  # type: ignore[override]
        return authentication_form()

    def has_permission(self, request: HttpRequest) -> bool:
        return may_enter(request.user)

    def login(self, request: HttpRequest, extra_context=None):
        if "next" not in request.GET and "next" not in request.POST:
            # Staff land on their working day (/ansatt/), not on the model lists.
            extra_context = {
                "next": resolve_url(settings.LOGIN_REDIRECT_URL),
                **(extra_context or {}),
            }
        response = super().login(request, extra_context)
        # Locked out: 429 with Retry-After, for names that are accounts and names that are not.
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "locked"):
            from torget.accounts.lockout import WINDOW

            response.status_code = 429
            response["Retry-After"] = str(WINDOW)
        return response

    def get_urls(self):
        from torget.site.admin import lockouts

        own = [path("lockouts/", self.admin_view(lockouts.view), name="lockouts")]
        return own + super().get_urls()

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list:
        apps = super().get_app_list(request, app_label)
        if app_label is None:
            from torget.site.admin import lockouts

            apps += lockouts.app_list_entries(request)
        return apps


class TorgetAdminConfig(AdminConfig):
    """Makes `admin.site` (and so every `@admin.register`) the Torget back office."""

    default_site = "torget.site.admin_site.TorgetAdminSite"
