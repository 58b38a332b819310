"""The kiosk's "ask to be called" form. It only reads the post; the service decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from torget.core.forms import PlainTextForm

HONEYPOT = "website"


class CallbackForm(PlainTextForm, forms.Form):
    phone = forms.CharField(label=_("Phone number"), max_length=30)
    topic = forms.ChoiceField(label=_("What is it about?"))
    consent = forms.BooleanField(
        label=_("I agree that citizen service stores my phone number and calls me."),
        required=True,
    )
    # The honeypot: hidden from people (and from assistive technology); bots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def __init__(self, *args, topics: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topics  # type: ignore[attr-defined]

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, ""))
