"""The rule for control characters in text people type, as Django validators: one rule
(`core.text.has_control_characters`) behind the API's `OneLine`/`Text` types
(`core.schemas`) and every form (`core.forms.PlainTextForm`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from torget.core.text import has_control_characters

ONE_LINE_MESSAGE = _("Line breaks, tabs and other control characters are not allowed here.")
CONTROL_CHARACTER_MESSAGE = _("The text contains a control character that is not allowed.")


def one_line(value: str) -> None:
    """A title, a name, a phone number: one line, no control characters."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(ONE_LINE_MESSAGE, code="one_line")


def multi_line(value: str) -> None:
    """A description or a message: line breaks are fine, other control characters are not."""
    if isinstance(value, str) and has_control_characters(value, multiline=True):
        raise ValidationError(CONTROL_CHARACTER_MESSAGE, code="control_character")
