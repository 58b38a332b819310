"""The staff back office: the Django admin, with Torget's own rules of who sees what.

Who may enter is `can_use_back_office`; what each person may view, change, add and delete
is decided by `BackOfficeRules` from the predicates in `accounts.permissions`, never by
Django's per-model permissions (which nobody has to maintain by hand).

Every app's admin uses these rules, and the back office's site (`torget.site.admin_site`)
imports this module while the app registry is still loading, so models and predicates are
imported inside functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet
    from django.http import HttpRequest

# Audiences a rule can name. Hub staff (desk staff and hub leaders) reach only the rows of
# their own hubs when the model has a hub; management and administrators reach every row.
ADMINISTRATOR = "administrator"
MANAGEMENT = "management"
HUB_STAFF = "hub_staff"
HUB_LEADER = "hub_leader"  # of the row's hub (desk staff may not)

ADMINISTRATORS = frozenset({ADMINISTRATOR})
ADMINISTRATORS_AND_HUB_STAFF = frozenset({ADMINISTRATOR, HUB_STAFF})
NOBODY: frozenset[str] = frozenset()

ACTIONS = ("view", "change", "add", "delete")


def may_enter(user) -> bool:
    from torget.accounts.permissions import can_use_back_office

    return bool(user.is_active and can_use_back_office(user))


def hub_of(obj: Any):
    """The hub a row belongs to (a hub belongs to itself), or None for rows of every hub."""
    from torget.places.models import Hub

    if obj is None or isinstance(obj, Hub):
        return obj
    if hasattr(obj, "hub_id"):
        return obj.hub if obj.hub_id else None
    space = getattr(obj, "space", None)
    return space.hub if space is not None else None


def hubs_along(obj: Any, path: str) -> list:
    """The hubs reached from a row by a lookup path ("hub", "session__hub", "round__hubs";
    "pk" for a hub itself): the same path the list is filtered by, so a row's page and
    the list answer alike. A path through a many-to-many reaches several hubs."""
    if path == "pk":
        return [obj]
    items = [obj]
    for name in path.split("__"):
        reached: list = []
        for item in items:
            value = getattr(item, name, None)
            if value is None:
                continue
            if hasattr(value, "all"):  # a related manager: many rows
                reached.extend(value.all())
            else:
                reached.append(value)
        items = reached
    return items


class BackOfficeRules:
    """The one place where back-office access is decided, for model admins and inlines.

    A subclass names who may do what (`view_by`, `change_by`, `add_by`, `delete_by`) and,
    for rows that belong to a hub, the lookup from the model to its hub (`hub_path`).
    For inlines Django passes the parent row as `obj`; `hub_of` finds its hub just the same.

    Which rows hub staff reach is one rule with two faces, kept together: `scope` filters
    the list (and so every page, action and lookup Django finds a row through) and
    `reaches` answers for one row. An app whose staff pages have a rule of their own
    (consultations: `permissions.can_work_on`) overrides both with that rule.
    """

    hub_path: str | None = None
    view_by: frozenset[str] = ADMINISTRATORS
    change_by: frozenset[str] = ADMINISTRATORS
    add_by: frozenset[str] = ADMINISTRATORS
    delete_by: frozenset[str] = ADMINISTRATORS
    # Fields only administrators may change (shown read-only to everyone else).
    administrator_fields: tuple[str, ...] = ()

    def _may(self, request: HttpRequest, action: str, obj: Model | None = None) -> bool:
        from torget.accounts import permissions as p

        user: Any = request.user
        audiences: frozenset[str] = getattr(self, f"{action}_by")
        if p.is_administrator(user):
            return ADMINISTRATOR in audiences
        if MANAGEMENT in audiences and p.is_management(user):
            return True
        if HUB_STAFF in audiences and p.is_hub_staff(user):
            return obj is None or self.reaches(user, obj)
        if HUB_LEADER in audiences and p.is_hub_staff(user):
            if obj is None:
                return any(r.kind == "hub_leader" for r in user.roles.all())
            return self.reaches(user, obj) and any(
                p.can_lead_hub(user, hub) for hub in self.hubs_of_row(obj)
            )
        return False

    def hubs_of_row(self, obj: Model) -> list:
        """The hubs of a row of this admin's model, or of an inline's parent row."""
        if self.hub_path is None:
            return []
        if isinstance(obj, self.model):  # type: ignore[attr-defined]
            return hubs_along(obj, self.hub_path)
        hub = hub_of(obj)  # an inline: Django passes the parent row
        return [hub] if hub is not None else []

    def reaches(self, user, obj: Model) -> bool:
        """Whether hub staff reach this row: they run (one of) its hubs. Rows of a model
        without a hub are every hub's (the audiences alone decide)."""
        from torget.accounts.permissions import can_manage_hub

        if self.hub_path is None:
            return True
        return any(can_manage_hub(user, hub) for hub in self.hubs_of_row(obj))

    def scope(self, user, queryset: QuerySet) -> QuerySet:
        """The rows of the list hub staff reach: those of their hubs (`reaches`, as a filter)."""
        from torget.accounts.permissions import manageable_hubs
        from torget.places.models import Hub

        if self.hub_path is None:
            return queryset
        hubs = manageable_hubs(user, Hub.objects.all())
        # distinct(): a path through a many-to-many (a block's spaces) repeats rows.
        return queryset.filter(**{f"{self.hub_path}__in": hubs}).distinct()

    def _sees_every_row(self, user) -> bool:
        from torget.accounts import permissions as p

        return p.is_administrator(user) or (MANAGEMENT in self.view_by and p.is_management(user))

    # Django's hooks, all answered by `_may`.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return any(self._may(request, action) for action in ACTIONS)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, "view", obj) or self._may(request, "change", obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, "change", obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, "add", obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may(request, "delete", obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        if self._sees_every_row(request.user):
            return queryset
        return self.scope(request.user, queryset)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):
        """Another hub's row answers 403, not Django's "perhaps it was deleted" redirect."""
        obj = super().get_object(request, object_id, from_field)  # type: ignore[misc]
        if obj is None:
            opts = self.model._meta  # type: ignore[attr-defined]
            field = opts.pk if from_field is None else opts.get_field(from_field)
            try:
                exists = self.model._default_manager.filter(  # type: ignore[attr-defined]
                    **{field.name: field.to_python(object_id)}
                ).exists()
            except (ValidationError, ValueError):
                exists = False
            if exists:
                raise PermissionDenied
        return obj

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None):
        from torget.accounts.permissions import is_administrator

        fields = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if self.administrator_fields and not is_administrator(request.user):
            fields += tuple(f for f in self.administrator_fields if f not in fields)
        return fields

    def formfield_for_dbfield(self, db_field, request: HttpRequest, **kwargs: Any):
        """Text fields refuse control characters, as every form's do (`core.forms`)."""
        from torget.core.forms import plain_text

        return plain_text(super().formfield_for_dbfield(db_field, request, **kwargs))  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs: Any):
        """Hub and space choices are the user's own hubs'; a row for every hub is
        administrators' business, so others must name a hub."""
        from torget.accounts.permissions import is_administrator, manageable_hubs
        from torget.places.models import Hub, Space

        user = request.user
        if db_field.related_model is Hub:
            kwargs["queryset"] = manageable_hubs(user, Hub.objects.all())
        elif db_field.related_model is Space:
            hubs = manageable_hubs(user, Hub.objects.all())
            kwargs["queryset"] = Space.objects.filter(hub__in=hubs).select_related("hub")
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and db_field.related_model is Hub and not is_administrator(user):
            field.required = True
        return field


class HubRowsRules(BackOfficeRules):
    """Rows of one hub: its staff and administrators work with them."""

    hub_path = "hub"
    view_by = change_by = add_by = delete_by = ADMINISTRATORS_AND_HUB_STAFF


# Read-only fields that apps above places add to the space form, as (label, value of a
# space): the booking calendar's secret feed address, for one. An app registers them in
# its AppConfig.ready(), so places need not import it.
SpaceField = tuple[Any, Callable[[Any], str]]
SPACE_FIELDS: list[SpaceField] = []


def add_space_field(label, value: Callable[[Any], str]) -> None:
    SPACE_FIELDS.append((label, value))
