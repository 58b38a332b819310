"""Back office for citizen input: consultations with their questions and codebook, and a
read-only view of responses and the moderation log. Answers are entered, moderated and
coded on the staff pages (/medvirkning/stab/), where the rules live."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from torget.consultations import services
from torget.consultations.models import (
    Code,
    Consultation,
    ModerationLogEntry,
    Question,
    Response,
    Status,
)
from torget.core.admin_site import (
    ADMINISTRATORS,
    ADMINISTRATORS_AND_HUB_STAFF,
    MANAGEMENT,
    NOBODY,
    BackOfficeRules,
)
from torget.core.errors import DomainError


class ConsultationRules(BackOfficeRules):
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    change_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    add_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    delete_by = ADMINISTRATORS


class QuestionInline(ConsultationRules, admin.TabularInline):
    model = Question
    extra = 0
    fields = ("order", "kind", "text", "help_text", "choices", "required")


class CodeInline(ConsultationRules, admin.TabularInline):
    model = Code
    extra = 0
    fields = ("order", "key", "label", "description", "keywords", "merged_into")


@admin.register(Consultation)
class ConsultationAdmin(ConsultationRules, admin.ModelAdmin):
    list_display = ("title", "status", "opens_on", "closes_on", "standing_hub")
    list_filter = ("status",)
    search_fields = ("title",)
    filter_horizontal = ("hubs",)
    readonly_fields = ("created",)
    inlines = (QuestionInline, CodeInline)
    actions = ("open_selected", "close_selected", "publish_selected")
    fieldsets = (
        (None, {"fields": ("title", "slug", "purpose", "use_of_input", "status")}),
        (
            _("When and where"),
            {"fields": ("opens_on", "closes_on", "hubs", "channels", "standing_hub")},
        ),
        (
            _("Privacy"),
            {"fields": ("ask_identity", "consent_text", "identity_delete_on")},
        ),
        (_("Summary"), {"fields": ("summary_text", "is_demo", "created")}),
    )

    def save_formset(self, request, form, formset, change) -> None:
        """A theme given "merged into" in the codebook is merged through the service, which
        moves its confirmed codings and keywords to the other theme."""
        merges = []
        if formset.model is Code:
            for code_form in formset.forms:
                if code_form.has_changed() and "merged_into" in code_form.changed_data:
                    target = code_form.cleaned_data.get("merged_into")
                    if target is not None and code_form.instance.pk:
                        merges.append((code_form.instance.pk, target.pk))
        super().save_formset(request, form, formset, change)
        for source_pk, target_pk in merges:
            source, target = Code.objects.get(pk=source_pk), Code.objects.get(pk=target_pk)
            source.merged_into = None
            try:
                services.code_merge(source, target)
            except DomainError as error:
                Code.objects.filter(pk=source_pk).update(merged_into=None)
                self.message_user(request, f"{source}: {error.message}", messages.ERROR)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.codebook_ensure_default(form.instance)

    def _set_status(self, request, queryset, status: str) -> None:
        for consultation in queryset:
            try:
                services.consultation_set_status(consultation, status)
            except DomainError as error:
                details = " ".join(e["message"] for e in error.errors)
                self.message_user(
                    request, f"{consultation}: {error.message} {details}", messages.ERROR
                )

    @admin.action(description=_("Open the selected consultations"))
    def open_selected(self, request, queryset) -> None:
        self._set_status(request, queryset, Status.OPEN)

    @admin.action(description=_("Close the selected consultations"))
    def close_selected(self, request, queryset) -> None:
        self._set_status(request, queryset, Status.CLOSED)

    @admin.action(description=_("Publish the summary of the selected consultations"))
    def publish_selected(self, request, queryset) -> None:
        self._set_status(request, queryset, Status.PUBLISHED)


class ReadOnlyRules(BackOfficeRules):
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    change_by = NOBODY
    add_by = NOBODY
    delete_by = ADMINISTRATORS


@admin.register(Response)
class ResponseAdmin(ReadOnlyRules, admin.ModelAdmin):
    list_display = ("pk", "consultation", "channel", "hub", "submitted", "entered_by")
    list_filter = ("consultation", "channel", "hub")
    exclude = ("edit_token_hash",)


@admin.register(ModerationLogEntry)
class ModerationLogAdmin(ReadOnlyRules, admin.ModelAdmin):
    list_display = ("at", "answer", "action", "hidden_parts", "reason", "by")
    list_filter = ("action",)
    delete_by = NOBODY
