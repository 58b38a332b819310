"""Back office for volunteering, each admin scoped to the user's hubs by BackOfficeRules.

Hub staff make and change their hubs' volunteer roles here, and add weekly shifts through
the shift service (opening hours and the DST night checked). Agreements, sign-ups and
initiatives are read here; they change on the staff pages, through their services.
Volunteers (people, not tied to one hub) are administrators' only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from torget.core.errors import DomainError
from torget.core.forms import PlainTextForm
from torget.places.backoffice import (
    ADMINISTRATORS,
    ADMINISTRATORS_AND_HUB_STAFF,
    NOBODY,
    BackOfficeRules,
)
from torget.volunteering import services
from torget.volunteering.models import (
    CooperationAgreement,
    Initiative,
    Shift,
    SignUp,
    Volunteer,
    VolunteerRole,
)


class ReadOnlyForHubStaff(BackOfficeRules):
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = add_by = delete_by = NOBODY


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(ReadOnlyForHubStaff, admin.ModelAdmin):
    hub_path = "hubs"
    list_display = ("organisation", "starts", "ends", "status", "activities_per_season")
    list_filter = ("status", "hubs")
    search_fields = ("organisation__name",)
    list_select_related = ("organisation",)
    exclude = ("scan",)  # private: handed out by the staff page, never by a file address


class RoleRules(BackOfficeRules):
    hub_path = "hub"
    view_by = change_by = add_by = ADMINISTRATORS_AND_HUB_STAFF
    delete_by = NOBODY  # its shifts and sign-ups stay; close it with "open for sign-up"


@admin.register(VolunteerRole)
class VolunteerRoleAdmin(RoleRules, admin.ModelAdmin):
    list_display = ("title", "hub", "kind", "police_certificate", "min_age", "active")
    list_filter = ("hub", "kind", "active")
    search_fields = ("title",)


class ShiftForm(PlainTextForm, forms.ModelForm):
    """A new weekly shift, made by the shift service (its refusals shown on the form)."""

    actor: Any = None

    class Meta:
        model = Shift
        fields = (
            "role",
            "weekday",
            "start_time",
            "end_time",
            "people_needed",
            "starts_on",
            "until",
        )

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.errors or self.instance.pk:
            return data
        try:
            self.result = services.shift_create(
                actor=self.actor,
                role=data["role"],
                weekday=data["weekday"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                people_needed=data["people_needed"],
                starts_on=data["starts_on"],
                until=data.get("until"),
            )
        except DomainError as exc:
            for error in exc.errors or [{"field": "", "message": str(exc.message)}]:
                field = error.get("field", "")
                self.add_error(field if field in self.fields else None, error.get("message", ""))
        return data


class ShiftRules(BackOfficeRules):
    hub_path = "role__hub"
    view_by = add_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = delete_by = NOBODY  # a changed time would move people's sign-ups


@admin.register(Shift)
class ShiftAdmin(ShiftRules, admin.ModelAdmin):
    form = ShiftForm
    list_display = ("role", "weekday", "start_time", "end_time", "people_needed", "starts_on")
    list_filter = ("role__hub", "weekday")
    list_select_related = ("role__hub",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from torget.accounts.permissions import manageable_hubs
        from torget.places.models import Hub

        if db_field.name == "role":
            hubs = manageable_hubs(request.user, Hub.objects.all())
            kwargs["queryset"] = VolunteerRole.objects.filter(hub__in=hubs).select_related("hub")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        if not change:  # made by the service in the form's clean
            obj.pk = form.result.pk
            return
        super().save_model(request, obj, form, change)


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyForHubStaff, admin.ModelAdmin):
    hub_path = "shift_date__hub"
    list_display = ("volunteer", "shift_date", "status", "hours")
    list_filter = ("status", "shift_date__hub")
    list_select_related = ("volunteer__user", "shift_date__shift__role")


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyForHubStaff, admin.ModelAdmin):
    hub_path = "hub"
    list_display = ("title", "hub", "status", "created")
    list_filter = ("status", "hub")
    search_fields = ("title",)


@admin.register(Volunteer)
class VolunteerAdmin(BackOfficeRules, admin.ModelAdmin):
    """People who volunteer at any hub: administrators only (staff see who is on their own
    shifts on the staff page)."""

    view_by = ADMINISTRATORS
    change_by = add_by = delete_by = NOBODY
    list_display = ("__str__", "police_certificate_seen_on", "created")
