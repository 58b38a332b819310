"""The application form (shape only: the rules are in services.application_save)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from torget.core.forms import PlainTextForm
from torget.places.codes import Weekday
from torget.seasons.models import AgeGroup, Application
from torget.seasons.services import MAX_WISHES, ApplicationInput, WishInput

YES_NO = [("no", _("Free for participants")), ("yes", _("Participants pay"))]
WISHES = range(1, MAX_WISHES + 1)
# Times are typed as text ("18:00", "18.00" or "1800"): the same on every browser and
# screen reader, unlike the time input's segments.
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


class ApplicationForm(PlainTextForm, forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int)
    activity = forms.CharField(label=_("Activity"), max_length=200)
    description = forms.CharField(label=_("Description (optional)"), required=False)
    target_group = forms.CharField(label=_("For whom"), max_length=200)
    # No age group is chosen for the applicant: the first one in the list used to be
    # preselected and sent unnoticed.
    age_group = forms.ChoiceField(
        label=_("Age group"),
        choices=[("", _("Choose an age group")), *AgeGroup.choices],
        error_messages={"required": _("Choose an age group.")},
    )
    expected_participants = forms.IntegerField(
        label=_("Expected participants"), min_value=1, max_value=10_000
    )
    paid = forms.ChoiceField(label=_("Free or paid"), choices=YES_NO)
    private_party = forms.BooleanField(
        label=_("This is a private gathering (a birthday party, say)"), required=False
    )
    first_date = forms.DateField(label=_("First date"))
    last_date = forms.DateField(label=_("Last date"))
    accept_other_times = forms.BooleanField(
        label=_("Other times on the same weekday"), required=False
    )
    accept_other_spaces = forms.BooleanField(
        label=_("Other suitable spaces at the same hub"), required=False
    )
    accept_other_hubs = forms.BooleanField(label=_("Suitable spaces at other hubs"), required=False)

    def __init__(self, *args, organisations, spaces, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (o.pk, o.name) for o in organisations
        ]
        space_choices = [("", _("Choose a space"))] + [
            (s.pk, f"{s.name} ({s.hub.name})") for s in spaces
        ]
        day_choices = [("", _("Choose a day")), *Weekday.choices]
        for i in WISHES:
            required = i == 1
            self.fields[f"wish{i}_space"] = forms.TypedChoiceField(
                label=_("Space"), choices=space_choices, coerce=int, required=required
            )
            self.fields[f"wish{i}_weekday"] = forms.TypedChoiceField(
                label=_("Weekday"), choices=day_choices, coerce=int, required=required
            )
            self.fields[f"wish{i}_start"] = forms.TimeField(
                label=_("From"), required=required, input_formats=TIME_FORMATS
            )
            self.fields[f"wish{i}_end"] = forms.TimeField(
                label=_("To"), required=required, input_formats=TIME_FORMATS
            )

    def error_label(self, name: str) -> str:
        """The field's name in the error summary: a wish's fields say which wish
        ("Wish 2: Space"), as three wishes have fields of the same names."""
        label = str(self.fields[name].label)
        wish, _sep, _part = name.partition("_")
        if wish.startswith("wish") and wish[4:].isdigit():
            return _("Wish %(n)s: %(field)s") % {"n": wish[4:], "field": label}
        return label

    def wish_rows(self) -> list[dict]:
        return [
            {
                "number": i,
                "space": self[f"wish{i}_space"],
                "weekday": self[f"wish{i}_weekday"],
                "start": self[f"wish{i}_start"],
                "end": self[f"wish{i}_end"],
            }
            for i in WISHES
        ]

    def clean(self):
        data = super().clean()
        for i in WISHES[1:]:
            parts = [data.get(f"wish{i}_{p}") for p in ("space", "weekday", "start", "end")]
            if any(p not in (None, "") for p in parts) and any(p in (None, "") for p in parts):
                self.add_error(f"wish{i}_space", _("Fill in all of the wish, or none of it."))
        return data

    def to_input(self) -> ApplicationInput:
        d = self.cleaned_data
        wishes = [
            WishInput(
                d[f"wish{i}_space"], d[f"wish{i}_weekday"], d[f"wish{i}_start"], d[f"wish{i}_end"]
            )
            for i in WISHES
            if d.get(f"wish{i}_space") not in (None, "") and d.get(f"wish{i}_start")
        ]
        return ApplicationInput(
            organisation_id=d["organisation"],
            activity=d["activity"],
            description=d.get("description", ""),
            target_group=d["target_group"],
            age_group=d["age_group"],
            expected_participants=d["expected_participants"],
            paid=d["paid"] == "yes",
            private_party=d.get("private_party", False),
            first_date=d["first_date"],
            last_date=d["last_date"],
            accept_other_times=d.get("accept_other_times", False),
            accept_other_spaces=d.get("accept_other_spaces", False),
            accept_other_hubs=d.get("accept_other_hubs", False),
            wishes=wishes,
        )


def initial_from(app: Application) -> dict:
    data = {
        "organisation": app.organisation_id,
        "activity": app.activity,
        "description": app.description,
        "target_group": app.target_group,
        "age_group": app.age_group,
        "expected_participants": app.expected_participants,
        "paid": "yes" if app.paid else "no",
        "private_party": app.private_party,
        "first_date": app.first_date.isoformat(),
        "last_date": app.last_date.isoformat(),
        "accept_other_times": app.accept_other_times,
        "accept_other_spaces": app.accept_other_spaces,
        "accept_other_hubs": app.accept_other_hubs,
    }
    for wish in app.wishes.all():
        i = wish.preference
        data[f"wish{i}_space"] = wish.space_id
        data[f"wish{i}_weekday"] = wish.weekday
        data[f"wish{i}_start"] = wish.start_time.strftime("%H:%M")
        data[f"wish{i}_end"] = wish.end_time.strftime("%H:%M")
    return data
