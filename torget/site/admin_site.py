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
from django.core.exceptions import ValidationError
from django.shortcuts import resolve_url
from django.utils.translation import gettext_lazy as _

from torget.places.backoffice import may_enter

if TYPE_CHECKING:
    from django.http import HttpRequest


@cache
def authentication_form() -> type:
    """The admin's sign-in form asks `is_staff`; ours asks the same rule as the site.
    (Built on first use: the auth forms import models, which are not loaded yet here.)"""
    from django.contrib.admin.forms import AdminAuthenticationForm

    class BackOfficeAuthenticationForm(AdminAuthenticationForm):
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
        return super().login(request, extra_context)


class TorgetAdminConfig(AdminConfig):
    """Makes `admin.site` (and so every `@admin.register`) the Torget back office."""

    default_site = "torget.site.admin_site.TorgetAdminSite"
