"""The create form: a scenario and up to three changes (empty rows are left out). A plain
form with a formset: it works without JavaScript."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from torget.core.forms import PlainTextForm
from torget.places.codes import ModuleCode
from torget.places.models import Hub
from torget.scenarios.models import ChangeKind
from torget.scenarios.services import ChangeSpec

CHANGE_ROWS = 3


def _styled(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "ds-input")


class ScenarioForm(PlainTextForm, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts = forms.DateField(
        label=_("From date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    assumptions = forms.CharField(
        label=_("Assumptions"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the scenario takes for granted, in your own words."),
    )
    cost_per_staffed_hour = forms.DecimalField(
        label=_("Cost per staffed hour (NOK)"),
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_(
            "Optional. With it, the scenario shows the yearly saving in kroner beside what "
            "it displaces. Whole kroner or with øre, such as 650 or 650,50."
        ),
        error_messages={
            "invalid": _("Write the cost per staffed hour as a number of kroner, such as 650."),
            "min_value": _("The cost per staffed hour cannot be negative."),
            "max_digits": _("The cost per staffed hour is too large."),
            "max_whole_digits": _("The cost per staffed hour is too large."),
            "max_decimal_places": _("Give the cost per staffed hour in whole øre at most."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class ChangeForm(PlainTextForm, forms.Form):
    kind = forms.ChoiceField(label=_("Change"), required=False)
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    target_hub = forms.ChoiceField(label=_("To hub (merge, moved module)"), required=False)
    module = forms.ChoiceField(label=_("Module (moved module)"), required=False)
    staffed_days = forms.IntegerField(
        label=_("Staffed days per week (hours)"), required=False, min_value=0, max_value=7
    )
    self_service_days = forms.IntegerField(
        label=_("Self-service days per week (hours)"), required=False, min_value=0, max_value=7
    )

    def __init__(self, *args, hubs: list[Hub], all_hubs: list[Hub], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        blank = [("", "—")]
        choices: dict[str, list[tuple[str, str]]] = {
            "kind": blank + [(k, str(label)) for k, label in ChangeKind.choices],
            "hub": blank + [(str(h.pk), h.name) for h in hubs],
            "target_hub": blank + [(str(h.pk), h.name) for h in all_hubs],
            "module": blank + [(k, str(label)) for k, label in ModuleCode.choices],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options
        self._hubs = {str(h.pk): h for h in all_hubs}
        _styled(self)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("kind") and not data.get("hub"):
            self.add_error("hub", _("Choose the hub that changes."))
        return data

    def spec(self) -> ChangeSpec | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return ChangeSpec(
            kind=data["kind"],
            hub=self._hubs[data["hub"]],
            target_hub=self._hubs.get(data.get("target_hub") or ""),
            module=data.get("module") or "",
            staffed_days=data.get("staffed_days"),
            self_service_days=data.get("self_service_days"),
        )


ChangeFormSet = forms.formset_factory(
    ChangeForm, extra=CHANGE_ROWS, max_num=CHANGE_ROWS, absolute_max=CHANGE_ROWS
)
