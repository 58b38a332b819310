"""Forms of the volunteering pages. Text fields refuse control characters (PlainTextForm);
the rules themselves are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from torget.core.forms import PlainTextForm
from torget.events.codes import Category
from torget.volunteering.selectors import series_period, series_when, slot_text

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _styled(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if not isinstance(field.widget, forms.CheckboxInput | forms.RadioSelect):
            field.widget.attrs.setdefault("class", "ds-input")
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            continue  # a group of boxes: its fieldset points at the hint and the message
        if field.help_text:
            field.widget.attrs["aria-describedby"] = f"{form[name].id_for_label}-hint"


class Described(forms.BaseForm):
    """After validation, a field in error says so and points at its message."""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields and not isinstance(
                self.fields[name].widget, forms.CheckboxSelectMultiple
            ):
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


class AgreementForm(Described, PlainTextForm, forms.Form):
    """An agreement's terms (the rules, overlap included, are the service's)."""

    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,  # type: ignore[arg-type]
    )
    hubs: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Hubs"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
    )
    starts = forms.DateField(
        label=_("Starts"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
    )
    ends = forms.DateField(
        label=_("Ends"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
    )
    organisation_contact: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("The organisation's contact person"),
        queryset=None,
        required=False,  # type: ignore[arg-type]
    )
    allocations: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Weekly room hours from the seasonal round"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The organisation's granted slots at your hubs."),
        error_messages={
            "invalid_choice": _(
                "That seasonal slot is not one of the organisation's at your hubs."
            ),
            "invalid_pk_value": _("Choose among the seasonal slots listed."),
        },
    )
    series: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Weekly room hours as booking series"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Weekly series the organisation books at your hubs."),
        error_messages={
            "invalid_choice": _(
                "That booking series is not one of the organisation's at your hubs."
            ),
            "invalid_pk_value": _("Choose among the booking series listed."),
        },
    )
    storage = forms.CharField(label=_("Storage"), max_length=300, required=False)
    keys_and_access = forms.CharField(
        label=_("Keys and self-service access"), max_length=300, required=False
    )
    equipment = forms.CharField(label=_("Equipment"), max_length=300, required=False)
    activities_per_season = forms.IntegerField(
        label=_("Activities per season"), min_value=0, max_value=10_000, initial=0
    )
    activities_open_to_all = forms.BooleanField(
        label=_("Activities open to all"), required=False, initial=True
    )
    reports_attendance = forms.BooleanField(
        label=_("Reports attendance"), required=False, initial=True
    )
    hub_volunteering = forms.CharField(
        label=_("Volunteers for the hub"),
        max_length=300,
        required=False,
        help_text=_("What the organisation's volunteers do for the hub (hosts, café)."),
    )

    def __init__(
        self, *args, hubs, organisations, contacts, slots, series, one_organisation, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hubs"].queryset = hubs  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["organisation_contact"].queryset = contacts  # type: ignore[attr-defined]
        self.fields["organisation_contact"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: user.get_full_name() or user.username
        )
        self.fields["allocations"].queryset = slots  # type: ignore[attr-defined]
        self.fields["allocations"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: _slot_label(a, not one_organisation)
        )
        self.fields["series"].queryset = series  # type: ignore[attr-defined]
        self.fields["series"].label_from_instance = (  # type: ignore[attr-defined]
            lambda s: _series_label(s, not one_organisation)
        )
        _styled(self)


def _label(when: str, hub: str, what: str, organisation: str, period: str) -> str:
    """`Tuesday 18:00–20:00, Møterom Nesøya (Holmen): Asker sjakklubb – Sjakkveld, …`: the
    organisation named where the form offers several organisations' rooms."""
    if organisation:
        what = f"{organisation} – {what}"
    return _("%(when)s (%(hub)s): %(what)s, %(period)s") % {
        "when": when,
        "hub": hub,
        "what": what,
        "period": period,
    }


def _slot_label(allocation, with_organisation: bool) -> str:
    application = allocation.application
    return _label(
        slot_text(allocation),
        allocation.space.hub.name if allocation.space else "",
        application.activity,
        application.organisation.name if with_organisation else "",
        application.round.name,
    )


def _series_label(series, with_organisation: bool) -> str:
    return _label(
        series_when(series),
        series.space.hub.name,
        series.title,
        getattr(series, "organisation_name", "") if with_organisation else "",
        series_period(series),
    )


class ActivateForm(Described, forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class ScanForm(forms.Form):
    scan = forms.FileField(label=_("Scanned signed copy (PDF, JPEG or PNG)"))


class PoliceCertificateForm(Described, PlainTextForm, forms.Form):
    who = forms.CharField(
        label=_("The volunteer's e-mail address or phone number"),
        max_length=254,
        help_text=_("As the volunteer gave it in Torget."),
    )
    seen_on = forms.DateField(
        label=_("Police certificate seen on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=DATE_FORMATS,
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "police")
        super().__init__(*args, **kwargs)
        _styled(self)
