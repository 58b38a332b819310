"""Forms of the volunteering pages. Text fields refuse control characters (PlainTextForm);
the rules themselves are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from torget.core.forms import PlainTextForm
from torget.events.codes import Category

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _styled(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if not isinstance(field.widget, forms.CheckboxInput | forms.RadioSelect):
            field.widget.attrs.setdefault("class", "ds-input")
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"{form[name].id_for_label}-hint"


class Described(forms.BaseForm):
    """After validation, a field in error says so and points at its message."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                ids = [attrs.get("aria-describedby", ""), f"{self[name].id_for_label}-error"]
                attrs["aria-describedby"] = " ".join(i for i in ids if i)


class VolunteerForm(Described, PlainTextForm, forms.Form):
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    likes = forms.CharField(
        label=_("What I like to do"),
        max_length=300,
        required=False,
        help_text=_("For example: coffee and conversation, helping with phones, chess."),
    )
    languages = forms.CharField(label=_("Languages I speak"), max_length=200, required=False)
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
        help_text=_("Only needed for roles with a minimum age."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class ProposalForm(Described, PlainTextForm, forms.Form):
    title = forms.CharField(
        label=_("Your idea in one sentence"),
        max_length=200,
        help_text=_("For example: I want to start a chess evening on Thursdays."),
    )
    text = forms.CharField(
        label=_("More about it (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    # A field people never see: a bot that fills it is answered as if it worked.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, signed_in: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            for name in ("name", "email", "phone"):
                del self.fields[name]
        _styled(self)

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class TurnIntoEventForm(Described, PlainTextForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    space = forms.ChoiceField(label=_("Room"))
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
    )
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    until = forms.DateField(
        label=_("Every week until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
    )

    def __init__(self, *args, spaces, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["space"].choices = [(str(s.pk), s.name) for s in spaces]  # type: ignore[attr-defined]
        _styled(self)
