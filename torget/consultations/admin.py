"""Back office for citizen input: consultations with their questions and codebook, and a
read-only view of responses and the moderation log. Answers are entered, moderated and
coded on the staff pages (/medvirkning/stab/), where the rules live."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from torget.consultations import permissions, selectors, services
from torget.consultations.models import (
    Code,
    Consultation,
    ModerationLogEntry,
    Question,
    Response,
    Status,
)
from torget.core.errors import DomainError, PermissionDenied
from torget.places.backoffice import (
    ADMINISTRATORS,
    ADMINISTRATORS_AND_HUB_STAFF,
    MANAGEMENT,
    NOBODY,
    BackOfficeRules,
)


class ConsultationRules(BackOfficeRules):
    """Hub staff reach the consultations they work on, by the staff pages' own rule
    (`permissions.can_work_on`), and the rows that hang off them (questions, codes,
    responses, the moderation log); staff of another hub reach none of them."""

    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    change_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    add_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    delete_by = ADMINISTRATORS
    # The lookup from the model to its consultation ("pk" for a consultation itself).
    consultation_path = "consultation"

    def reaches(self, user, obj) -> bool:
        consultation = consultation_of(obj)
        return consultation is not None and permissions.can_work_on(user, consultation)

    def scope(self, user, queryset):
        mine = [c.pk for c in selectors.consultations_for_staff(user)]
        return queryset.filter(**{f"{self.consultation_path}__in": mine})


def consultation_of(obj) -> Consultation | None:
    """The consultation a row (or an inline's parent row) belongs to."""
    if isinstance(obj, Consultation):
        return obj
    if isinstance(obj, ModerationLogEntry):
        return obj.answer.response.consultation
    return getattr(obj, "consultation", None)


class QuestionInline(ConsultationRules, admin.TabularInline):
    model = Question
    extra = 0
    fields = ("order", "kind", "text", "help_text", "choices", "required")


class CodeInline(ConsultationRules, admin.TabularInline):
    model = Code
    extra = 0
    fields = ("order", "key", "label", "description", "keywords", "merged_into")

    def get_formset(self, request, obj=None, **kwargs):
        """A theme merges into another theme of the same consultation: the choices are
        its own codebook, not every consultation's."""
        formset = super().get_formset(request, obj, **kwargs)
        merged_into = formset.form.base_fields.get("merged_into")
        if merged_into is not None:
            codes = (
                Code.objects.filter(consultation=obj) if obj is not None else Code.objects.none()
            )
            merged_into.queryset = codes  # type: ignore[attr-defined]
        return formset


@admin.register(Consultation)
class ConsultationAdmin(ConsultationRules, admin.ModelAdmin):
    consultation_path = "pk"
    list_display = ("title", "status", "opens_on", "closes_on", "standing_hub")
    list_filter = ("status",)
    search_fields = ("title",)
    filter_horizontal = ("hubs",)
    # The deletion date follows the closing date (services.identity_retention_apply).
    readonly_fields = ("created", "identity_delete_on")
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

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "standing_hub" and field is not None:
            # BackOfficeRules makes a hub required for all but administrators; most
            # consultations are no hub's standing input, and their hubs are chosen above.
            field.required = False
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class ConsultationForm(form):  # type: ignore[valid-type,misc]
            def clean(self):
                """The hubs chosen: the same rule as making one on the staff pages or
                through the API (permissions.can_create_consultation)."""
                cleaned = super().clean()
                if not change or {"hubs", "standing_hub"} & set(self.changed_data):
                    hubs = list(cleaned.get("hubs") or [])
                    standing = cleaned.get("standing_hub")
                    if standing is not None and standing not in hubs:
                        hubs.insert(0, standing)
                    if not permissions.can_create_consultation(user, hubs):
                        raise forms.ValidationError(str(PermissionDenied.default_message))
                return cleaned

        return ConsultationForm

    def save_model(self, request, obj, form, change) -> None:
        if not change or "closes_on" in form.changed_data or obj.identity_delete_on is None:
            services.identity_retention_apply(obj)
        super().save_model(request, obj, form, change)

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
                services.code_merge(source, target, actor=request.user)
            except DomainError as error:
                Code.objects.filter(pk=source_pk).update(merged_into=None)
                self.message_user(request, f"{source}: {error.message}", messages.ERROR)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.codebook_ensure_default(form.instance)

    def _set_status(self, request, queryset, status: str) -> None:
        for consultation in queryset:
            try:
                services.consultation_set_status(consultation, status, actor=request.user)
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


class ReadOnlyRules(ConsultationRules):
    view_by = ADMINISTRATORS_AND_HUB_STAFF | {MANAGEMENT}
    change_by = NOBODY
    add_by = NOBODY
    delete_by = ADMINISTRATORS


@admin.register(Response)
class ResponseAdmin(ReadOnlyRules, admin.ModelAdmin):
    list_display = ("pk", "consultation", "channel", "hub", "submitted", "entered_by")
    # Only the consultations of the rows listed: others' titles are not the user's to read.
    list_filter = (("consultation", admin.RelatedOnlyFieldListFilter), "channel", "hub")
    exclude = ("edit_token_hash",)


@admin.register(ModerationLogEntry)
class ModerationLogAdmin(ReadOnlyRules, admin.ModelAdmin):
    consultation_path = "answer__response__consultation"
    list_display = ("at", "answer", "action", "hidden_parts", "reason", "by")
    list_filter = ("action",)
    delete_by = NOBODY
