"""Forms of the meråpent staff pages. Text fields refuse control characters
(PlainTextForm); the rules themselves (age limit, a card held by another person, the PIN)
are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from torget.core.forms import PlainTextForm

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _date(label, *, required: bool = True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
        help_text=help_text,
    )


class Styled(forms.BaseForm):
    """Designsystemet's classes, hints tied to their fields, and after validation a field
    in error says so and points at its message."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field.widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("class", "ds-input")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                ids = [attrs.get("aria-describedby", ""), f"{self[name].id_for_label}-error"]
                attrs["aria-describedby"] = " ".join(i for i in ids if i)


class RegisterForm(Styled, PlainTextForm, forms.Form):
    account = forms.CharField(
        label=_("Account (e-mail or user name)"),
        max_length=254,
        required=False,
        help_text=_("If the person has an account. Otherwise give the name and a phone or e-mail."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    birth_date = _date(
        _("Date of birth"),
        help_text=_("Checked against the age limit and not stored."),
    )
    id_checked = forms.BooleanField(
        label=_("I have checked the person's ID (the ID number is not stored)"), required=False
    )
    accepted = forms.BooleanField(
        label=_("The person has read and accepted the agreement"), required=False
    )
    credential = forms.CharField(
        label=_("Card number"),
        max_length=40,
        help_text=_("The library or access card. Stored only as a keyed hash."),
    )
    pin = forms.CharField(
        label=_("PIN"),
        max_length=8,
        required=False,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("4 to 8 digits, where the hub uses a PIN."),
    )
    valid_until = _date(
        _("Valid until"), required=False, help_text=_("Empty: one year from today.")
    )
    hubs = forms.MultipleChoiceField(
        label=_("Hubs covered"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, hubs=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["hubs"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(h.slug, h.name) for h in hubs]
        field.error_messages["required"] = _("Choose at least one hub.")


class RenewForm(Styled, PlainTextForm, forms.Form):
    valid_until = _date(_("New last day"))
    pin = forms.CharField(
        label=_("New PIN (optional)"),
        max_length=8,
        required=False,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Empty: the PIN stays as it is."),
    )


class RevokeForm(Styled, PlainTextForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason (the person is told)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RevokeAllForm(Styled, PlainTextForm, forms.Form):
    reason = forms.CharField(
        label=_("Reason (each person is told)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: water damage, the hub is closed until further notice."),
    )
