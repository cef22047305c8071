"""Form fields shared by the web UI and the admin, so every form reads identifiers the same way."""

from __future__ import annotations

from django import forms

from .identifiers import normalize_orgnr, validate_orgnr


class OrgnrFormField(forms.CharField):
    """An organization number in a form: spaces between digit groups accepted ("910 753 614"), stored as 9 digits.

    Cleaning: `normalize_orgnr` (surrounding whitespace and inner spaces removed), then `validate_orgnr`, whose
    messages say what is wrong (empty, not only digits, not nine digits, wrong check digit). No `max_length`: a
    typed "910 753 614" is longer than nine characters until normalized. Output: the nine-digit string, or ""
    for an empty optional field.
    """

    default_validators = [validate_orgnr]

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        if self.required:
            # The same specific message as the validator's for an empty value (not Django's generic one).
            try:
                validate_orgnr("")
            except forms.ValidationError as error:
                self.error_messages["required"] = error.messages[0]
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value):
        return normalize_orgnr(super().to_python(value))
