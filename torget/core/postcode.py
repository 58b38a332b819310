"""A Norwegian postcode (postnummer): four digits. One rule for the optional field on a
booking and on an event registration (forms, API, services) and for the scenarios' file of
postcode centroids.

The field is optional and says why it is asked: the scenarios count how many users come
from each postcode area (aggregated only, never shown per person) to see how far they would
have to go if the hub structure changed.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

POSTCODE = re.compile(r"[0-9]{4}")  # used with fullmatch
MAX_LENGTH = 4

LABEL = gettext_lazy("Postcode (optional)")
WHY = gettext_lazy(
    "Optional: your postcode helps the municipality see where users come from when it plans "
    "the hubs. It is never shown together with your name."
)
INVALID = gettext_lazy("Write the postcode as four digits, e.g. 1384.")


def normalised(value: Any) -> str:
    """The postcode as four digits, or "" when none is given. Spaces around and inside are
    dropped ("1 384" is 1384); anything else than four digits is refused (`ValueError` with
    a translated message)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(str(INVALID))
    text = "".join(value.split())
    if not text:
        return ""
    if not POSTCODE.fullmatch(text):
        raise ValueError(str(INVALID))
    return text


def is_postcode(value: str) -> bool:
    try:
        return bool(normalised(value))
    except ValueError:
        return False


def validate_postcode(value: str) -> None:
    """A Django validator (forms and model fields)."""
    try:
        normalised(value)
    except ValueError as error:
        raise ValidationError(str(error), code="postcode") from None


def postcode_field() -> forms.CharField:
    """The optional form field, saying why it asks (booking and registration forms)."""
    return forms.CharField(
        label=LABEL,
        help_text=WHY,
        required=False,
        max_length=10,
        validators=[validate_postcode],
        error_messages={"max_length": INVALID},
    )


def _api_postcode(value: Any) -> str:
    # Strict, as the document says: "" or exactly four digits (a form forgives spaces).
    if isinstance(value, str) and (value == "" or POSTCODE.fullmatch(value)):
        return value
    raise PydanticCustomError("postcode", _("Write the postcode as four digits, e.g. 1384."))


# In an API write schema: optional (empty or left out: none given), four digits.
Postcode = Annotated[
    str,
    BeforeValidator(_api_postcode),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(\d{4})?$",
            "maxLength": MAX_LENGTH,
            "examples": ["1384"],
            "description": (
                "Optional. The person's postcode (four digits), given by consent: the "
                "municipality counts users per postcode area when it plans the hubs; it is "
                "never shown per person."
            ),
        }
    ),
]
