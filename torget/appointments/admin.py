"""Back office for appointments: services and officers (administrators), office hours
(the hub's staff, created through the booking engine), appointments (read; the agenda page
marks them). Everything a person changes goes through `appointments.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from torget.appointments import services
from torget.appointments.models import Appointment, OfficeHours, Officer, Service
from torget.core.errors import DomainError
from torget.core.forms import PlainTextForm
from torget.places.backoffice import (
    ADMINISTRATORS_AND_HUB_STAFF,
    MANAGEMENT,
    NOBODY,
    BackOfficeRules,
)
from torget.places.models import Space


class ServiceRules(BackOfficeRules):
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    delete_by = NOBODY  # office hours and ledger rows name it: make it inactive instead


@admin.register(Service)
class ServiceAdmin(ServiceRules, admin.ModelAdmin):
    list_display = ("name", "organisation", "active", "order")
    list_editable = ("active", "order")
    search_fields = ("name",)


@admin.register(Officer)
class OfficerAdmin(ServiceRules, admin.ModelAdmin):
    list_display = ("name", "service", "user", "active")
    list_filter = ("service", "active")
    search_fields = ("name", "service__name")
    autocomplete_fields = ("user",)

    def save_model(self, request: HttpRequest, obj: Officer, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.officer_create(
            actor=request.user,  # type: ignore[arg-type]
            service=obj.service,
            name=obj.name,
            user=obj.user,
        )
        obj.pk, obj.resource = created.pk, created.resource


class OfficeHoursForm(PlainTextForm, forms.ModelForm):
    actor: Any = None  # the signed-in staff member, set by OfficeHoursAdmin.get_form
    space = forms.ModelChoiceField(queryset=Space.objects.none(), label=_("space"))
    override_reason = forms.CharField(
        label=_("rule override reason"),
        required=False,
        help_text=_("Only to book outside the booking rules (e.g. outside opening hours)."),
    )

    class Meta:
        model = OfficeHours
        fields = ("officer", "start", "end", "mode", "meeting_link", "slot_minutes")

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.created = services.office_hours_create(
                actor=self.actor,
                officer=data["officer"],
                space=data["space"],
                start=data["start"],
                end=data["end"],
                mode=data["mode"],
                meeting_link=data.get("meeting_link") or "",
                slot_minutes=data["slot_minutes"],
                override_reason=data.get("override_reason") or "",
            )
        except DomainError as error:
            for item in error.errors or [{"field": "", "message": str(error.message)}]:
                field = item.get("field") or ""
                if field in self.fields:
                    self.add_error(field, item["message"])
                elif item["message"] == str(error.message):
                    self.add_error(None, item["message"])
                else:  # e.g. the officer who is booked elsewhere: say what, and who
                    self.add_error(None, f"{error.message} ({item['message']})")
        return data


@admin.register(OfficeHours)
class OfficeHoursAdmin(BackOfficeRules, admin.ModelAdmin):
    hub_path = "hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    add_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = ADMINISTRATORS_AND_HUB_STAFF
    delete_by = NOBODY  # cancel instead: the room, the officer and the booked are freed
    list_display = ("start", "hub", "officer", "mode", "slot_minutes", "cancelled")
    list_filter = ("hub", "officer__service", "mode", "cancelled")
    list_select_related = ("hub", "officer__service")
    date_hierarchy = "start"
    actions = ["cancel_sessions"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs):
        if obj is None:
            kwargs["form"] = OfficeHoursForm
            form = super().get_form(request, obj, change, **kwargs)
            from torget.accounts.permissions import manageable_hubs
            from torget.places.models import Hub

            hubs = manageable_hubs(request.user, Hub.objects.all())

            class Bound(form):  # type: ignore[valid-type, misc]
                actor = request.user

                def __init__(self, *args: Any, **kw: Any) -> None:
                    super().__init__(*args, **kw)
                    self.fields["space"].queryset = Space.objects.filter(
                        hub__in=hubs, bookable=True, is_active=True
                    ).select_related("hub")

            return Bound
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None):
        if obj is None:
            return (
                "officer",
                "space",
                "start",
                "end",
                "mode",
                "meeting_link",
                "slot_minutes",
                "override_reason",
            )
        return (
            "officer",
            "hub",
            "booking",
            "start",
            "end",
            "mode",
            "meeting_link",
            "slot_minutes",
            "cancelled",
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None):
        if obj is None:
            return ()
        return ("officer", "hub", "booking", "start", "end", "slot_minutes", "cancelled")

    def save_model(self, request: HttpRequest, obj: OfficeHours, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = form.created
        obj.pk = created.pk
        obj.__dict__.update({k: v for k, v in created.__dict__.items() if k != "_state"})
        obj._state = created._state

    @admin.action(description=_("Cancel the chosen office hours (tells everyone booked)"))
    def cancel_sessions(self, request: HttpRequest, queryset: Any) -> None:
        done = 0
        for session in queryset.filter(cancelled=False):
            try:
                services.office_hours_cancel(
                    actor=request.user,  # type: ignore[arg-type]
                    session_id=session.pk,
                    site_url=request.build_absolute_uri("/"),
                )
                done += 1
            except DomainError as error:
                self.message_user(request, f"{session}: {error.message}", level="error")
        self.message_user(
            request,
            ngettext("%(count)s office hour cancelled.", "%(count)s office hours cancelled.", done)
            % {"count": done},
        )


@admin.register(Appointment)
class AppointmentAdmin(BackOfficeRules, admin.ModelAdmin):
    hub_path = "session__hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = add_by = delete_by = NOBODY
    list_display = ("start", "session", "status", "name")
    list_filter = ("status", "session__hub", "session__officer__service")
    list_select_related = ("session__hub", "session__officer__service")
    date_hierarchy = "start"
    search_fields = ("name", "email", "phone")
    exclude = ("user",)
