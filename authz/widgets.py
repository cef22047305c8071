"""Form widgets shared by the admin and the web UI."""

from django import forms


class PidSafeTextInput(forms.TextInput):
    """A text input that never writes an identity number back into the page.

    A value with ten or more digits of any script (an identity number, also with spaces inside or in non-ASCII
    digits) is left out, so the person types it again after a form error; an orgnr (nine digits) or a shorter
    entry is kept so it can be corrected.
    """

    def format_value(self, value):
        value = super().format_value(value)
        if value is not None and sum(char.isdigit() for char in str(value)) >= 10:
            return None
        return value
