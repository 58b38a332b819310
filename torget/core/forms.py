"""What every form shares: text fields refuse control characters (`core.validators`)."""

from typing import Any

from django import forms

from torget.core.validators import multi_line, one_line


def plain_text(field: Any) -> Any:
    """`field` with the control-character rule, chosen by its widget: a textarea keeps line
    breaks, any other text field (a title, a name, a phone number) is one line. Other
    fields (and None) come back as they are."""
    if isinstance(field, forms.CharField):
        rule = multi_line if isinstance(field.widget, forms.Textarea) else one_line
        if rule not in field.validators:
            # A new list: a declared field's validators may be shared with its class.
            field.validators = [*field.validators, rule]
    return field


class PlainTextForm(forms.BaseForm):
    """Mix in first (`class BookingForm(PlainTextForm, forms.Form)`): every text field gets
    `plain_text`'s rule. The back office's admin forms get it from `BackOfficeRules`."""

    def full_clean(self) -> None:
        # Here, not in __init__: subclasses add fields after their super().__init__().
        for field in self.fields.values():
            plain_text(field)
        super().full_clean()
