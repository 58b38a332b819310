"""Back office for users, roles, organisations and API tokens (administrators' business;
hub staff may read the organisations)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from torget.accounts.models import ApiToken, Organisation, OrganisationContact, Role, User
from torget.places.backoffice import ADMINISTRATORS_AND_HUB_STAFF, NOBODY, BackOfficeRules

# Roles (per hub, per service) decide what people may do; Django's groups and model
# permissions are not used, so they are not offered.
admin.site.unregister(Group)


class OrganisationRules(BackOfficeRules):
    view_by = ADMINISTRATORS_AND_HUB_STAFF


class OrganisationContactInline(OrganisationRules, admin.TabularInline):
    model = OrganisationContact
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(OrganisationRules, admin.ModelAdmin):
    list_display = ("name", "kind", "org_number", "email", "is_demo")
    list_filter = ("kind", "is_demo")
    search_fields = ("name", "org_number", "email", "description")
    inlines = (OrganisationContactInline,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class RoleInline(BackOfficeRules, admin.TabularInline):
    model = Role
    fk_name = "user"
    extra = 0
    fields = ("kind", "hub", "service")


@admin.register(User)
class UserAdmin(BackOfficeRules, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "email", "phone", "preferred_language")},
        ),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "phone",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_superuser",
        "is_active",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "roles__kind", "roles__hub")
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    inlines = (RoleInline,)


@admin.register(Role)
class RoleAdmin(BackOfficeRules, admin.ModelAdmin):
    list_display = ("user", "kind", "hub", "service")
    list_filter = ("kind", "hub", "service")
    list_select_related = ("user", "hub", "service")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(BackOfficeRules, admin.ModelAdmin):
    """Only the hash is stored, so a token cannot be shown again; new tokens come from
    `manage.py issue_token USERNAME`. Here a token can be renamed, revoked or deleted."""

    add_by = NOBODY
    list_display = ("prefix", "user", "name", "created", "last_used", "revoked")
    list_filter = ("revoked",)
    list_select_related = ("user",)
    search_fields = ("prefix", "name", "user__username")
    fields = ("user", "name", "prefix", "created", "last_used", "revoked")
    readonly_fields = ("user", "prefix", "created", "last_used")
