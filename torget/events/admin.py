"""Back office for events: hub staff create and change their own hubs' events. Writes go
through the event services (which book the room), never straight to the rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from torget.core.errors import DomainError
from torget.core.forms import PlainTextForm
from torget.core.timeutil import make_local
from torget.events import services
from torget.events.models import Event, Occurrence, Registration
from torget.places.backoffice import (
    ADMINISTRATORS_AND_HUB_STAFF,
    MANAGEMENT,
    NOBODY,
    BackOfficeRules,
)
from torget.places.models import Space

DETAIL_FIELDS = (
    "title",
    "description",
    "category",
    "organiser_type",
    "organisation",
    "audience",
    "min_age",
    "max_age",
    "fee",
    "capacity",
    "registration",
    "registration_opens",
    "registration_closes",
    "accessibility",
    "language",
)


class EventForm(PlainTextForm, forms.ModelForm):
    """The event's details, and on creation the room and time (booked by the service)."""

    space = forms.ModelChoiceField(queryset=Space.objects.none(), label=_("Room"), required=False)
    date = forms.DateField(label=_("Date"), required=False)
    start_time = forms.TimeField(label=_("From"), required=False)
    end_time = forms.TimeField(label=_("To"), required=False)
    repeat_until = forms.DateField(
        label=_("Weekly until"),
        required=False,
        help_text=_("Fill in for a weekly activity: every week is booked until this date."),
    )
    override_reason = forms.CharField(
        label=_("Reason to override a booking rule"), required=False, max_length=300
    )

    actor: Any = None

    class Meta:
        model = Event
        fields = DETAIL_FIELDS

    def clean(self) -> dict:
        data = super().clean() or {}
        if self.errors:
            return data
        values: dict[str, Any] = {f: data.get(f) for f in DETAIL_FIELDS}
        values["fee"] = values["fee"] or Decimal("0")
        values["description"] = values["description"] or ""
        values["accessibility"] = values["accessibility"] or ""
        details = services.EventDetails(**values)
        try:
            # The admin's change view runs in one transaction: a later failure undoes this.
            if self.instance.pk:
                self.result = services.event_update(
                    actor=self.actor, event_id=self.instance.pk, details=details
                )
            else:
                for name in ("space", "date", "start_time", "end_time"):
                    if not data.get(name):
                        self.add_error(name, _("This field is required."))
                if self.errors:
                    return data
                self.result = services.event_create(
                    actor=self.actor,
                    details=details,
                    space=data["space"],
                    start=make_local(data["date"], data["start_time"]),
                    end=make_local(data["date"], data["end_time"]),
                    until=data.get("repeat_until"),
                    override_reason=data.get("override_reason") or "",
                )
        except DomainError as exc:
            for error in exc.errors or [{"field": "", "message": str(exc.message)}]:
                field = error.get("field", "")
                target = field if field in self.fields else None
                message = error.get("message", "")
                if target is None and field:
                    message = f"{field}: {message}"
                self.add_error(target, message)
            if not exc.errors:
                return data
        return data


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    extra = 0
    can_delete = False
    fields = ("when", "room", "status", "seats_taken", "waitlisted", "headcount", "staff_page")
    readonly_fields = fields
    ordering = ("booking__start",)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return True

    @admin.display(description=_("When"))
    def when(self, obj: Occurrence) -> str:
        from django.utils.text import capfirst

        from torget.core.templatetags.torget import format_span

        return capfirst(format_span(obj.start, obj.end))

    @admin.display(description=_("Room"))
    def room(self, obj: Occurrence) -> str:
        return obj.space.name

    @admin.display(description=_("Participants"))
    def staff_page(self, obj: Occurrence) -> str:
        url = reverse("events:participants", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("Participants and attendance"))


class EventRules(BackOfficeRules):
    hub_path = "hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    change_by = ADMINISTRATORS_AND_HUB_STAFF
    add_by = ADMINISTRATORS_AND_HUB_STAFF
    # Events are cancelled (which releases the room and tells registrants), not deleted.
    delete_by = NOBODY


@admin.register(Event)
class EventAdmin(EventRules, admin.ModelAdmin):
    form = EventForm
    list_display = (
        "title",
        "hub",
        "organisation",
        "approval",
        "category",
        "audience",
        "registration",
        "capacity",
    )
    list_filter = ("approval", "hub", "category", "audience", "registration")
    search_fields = ("title", "description")
    actions = ["cancel_upcoming"]

    def get_fieldsets(self, request, obj=None):
        details = (None, {"fields": DETAIL_FIELDS})
        if obj is not None:
            return [details]
        when = (
            _("Room and time"),
            {
                "fields": (
                    "space",
                    "date",
                    "start_time",
                    "end_time",
                    "repeat_until",
                    "override_reason",
                )
            },
        )
        return [when, details]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        from torget.accounts.permissions import manageable_hubs
        from torget.places.models import Hub

        hubs = manageable_hubs(request.user, Hub.objects.all())
        form.base_fields["space"].queryset = (
            Space.objects.filter(hub__in=hubs, bookable=True, is_active=True)
            .select_related("hub")
            .order_by("hub__name", "name")
        )
        return type("BoundEventForm", (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change) -> None:
        # The service already wrote it in the form's clean(); point the admin at that row.
        result = form.result
        obj.pk = result.pk
        obj.hub = result.hub
        obj._state.adding = False

    def get_inlines(self, request, obj):
        return [OccurrenceInline] if obj is not None else []

    @admin.action(description=_("Cancel the upcoming occurrences (registrants are told)"))
    def cancel_upcoming(self, request, queryset) -> None:
        done = 0
        for event in queryset:
            try:
                done += len(services.event_cancel(actor=request.user, event_id=event.pk))
            except DomainError as exc:
                self.message_user(request, f"{event}: {exc.message}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(n)s occurrence cancelled.", "%(n)s occurrences cancelled.", done)
            % {"n": done},
        )


class OccurrenceRules(BackOfficeRules):
    hub_path = "event__hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    change_by = NOBODY
    add_by = NOBODY
    delete_by = NOBODY


@admin.register(Occurrence)
class OccurrenceAdmin(OccurrenceRules, admin.ModelAdmin):
    list_display = ("event", "start_local", "room", "status", "seats_taken", "waitlisted")
    list_filter = ("status", "event__hub", "event__category")
    search_fields = ("event__title",)
    list_select_related = ("event__hub", "booking__space")
    actions = ["cancel", "postpone"]
    readonly_fields = ("event", "booking", "status", "seats_taken", "waitlisted", "headcount")

    def has_change_permission(self, request, obj=None) -> bool:
        # The actions below change occurrences through the services.
        return obj is None and self._may(request, "view")

    @admin.display(description=_("Start"), ordering="booking__start")
    def start_local(self, obj: Occurrence) -> str:
        from torget.core.templatetags.torget import clock, day

        return f"{day(obj.start)} {clock(obj.start)}"

    @admin.display(description=_("Room"))
    def room(self, obj: Occurrence) -> str:
        return obj.space.name

    def _each(self, request, queryset, service) -> None:
        done = 0
        for occurrence in queryset:
            try:
                service(actor=request.user, occurrence_id=occurrence.pk)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{occurrence}: {exc.message}", messages.ERROR)
        self.message_user(
            request,
            ngettext("%(n)s occurrence changed.", "%(n)s occurrences changed.", done) % {"n": done},
        )

    @admin.action(description=_("Cancel (the room is released and registrants are told)"))
    def cancel(self, request, queryset) -> None:
        self._each(request, queryset, services.occurrence_cancel)

    @admin.action(description=_("Postpone (registrants are told)"))
    def postpone(self, request, queryset) -> None:
        self._each(request, queryset, services.occurrence_postpone)


class RegistrationRules(BackOfficeRules):
    hub_path = "occurrence__event__hub"
    view_by = ADMINISTRATORS_AND_HUB_STAFF
    change_by = NOBODY
    add_by = NOBODY
    delete_by = NOBODY


@admin.register(Registration)
class RegistrationAdmin(RegistrationRules, admin.ModelAdmin):
    list_display = (
        "name",
        "occurrence",
        "seats",
        "status",
        "walk_in",
        "attended",
        "payment_method",
        "paid_at",
        "created",
    )
    list_filter = ("status", "occurrence__event__hub")
    search_fields = ("name", "email", "phone", "occurrence__event__title")
    list_select_related = ("occurrence__event", "occurrence__booking")
    exclude = ("token_hash",)
