"""Forms of the web UI. They only collect input; the services validate it (one rule set for every channel)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from authz.identifiers import normalize_orgnr
from integrations.passwords import DEFAULT_OVERLAP_MINUTES, MAX_OVERLAP_MINUTES
from integrations.validators import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH

SEARCH_MAX_LENGTH = 200


class IntegrationForm(forms.Form):
    """Name, description and authorized orgnr of an integration (create and edit).

    Fields are not validated here beyond stripping surrounding whitespace (and the spaces between the orgnr's digit
    groups, `normalize_orgnr`): `integrations.services` checks them
    and its `ValidationError` is put on the fields with `add_service_errors`. No `maxlength` attributes: the
    browser would cut pasted input silently, hiding what was wrong; the server says it instead. `version` (edit
    only) is the version the user saw, so a concurrent change is reported instead of overwritten.
    """

    name = forms.CharField(
        label=_("Navn"), required=False,
        help_text=format_lazy(_("Høyst {max} tegn: bokstaver, sifre, mellomrom og _ . , / -"), max=NAME_MAX_LENGTH),
        widget=forms.TextInput(attrs={"required": True, "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False,
        help_text=format_lazy(_("Valgfri, høyst {max} tegn."), max=DESCRIPTION_MAX_LENGTH),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    authorized_orgnr = forms.CharField(
        label=_("Autorisert organisasjonsnummer"), required=False,
        help_text=_("Organisasjonsnummeret i virksomhetssertifikatet (Maskinporten) til systemet som skal "
                    "kalle: ni sifre, gjerne med mellomrom (910 753 614)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "required": True, "autocomplete": "off"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_authorized_orgnr(self) -> str:
        """The orgnr without the spaces people type between digit groups; the service validates the rest."""
        return normalize_orgnr(self.cleaned_data["authorized_orgnr"])


class PasswordRotateForm(forms.Form):
    """How long the old password keeps working after a new one is made: whole minutes, 0-1440 (24 hours).

    The form only reads a whole number of ASCII digits; `integration_password_rotate` checks the range (one rule
    for the web UI and the API) and its error is put on the field. Default 30 minutes, as ID-porten keeps a
    rotated client secret valid.
    """

    overlap_minutes = forms.CharField(
        label=_("Hvor lenge skal det gamle passordet virke? (minutter)"),
        help_text=format_lazy(_("Fra 0 (slutter med en gang) til {max} (24 timer). Standard er {default} minutter, "
                                "så systemet rekker å bytte uten nedetid."),
                              max=MAX_OVERLAP_MINUTES, default=DEFAULT_OVERLAP_MINUTES),
        initial=DEFAULT_OVERLAP_MINUTES, required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "short"}),
    )

    def clean_overlap_minutes(self) -> int:
        """The overlap in minutes; the default when the field was not sent at all, an error when sent bad/empty."""
        if self.data.get("overlap_minutes") is None:
            return DEFAULT_OVERLAP_MINUTES
        value = (self.cleaned_data["overlap_minutes"] or "").strip()
        if not re.fullmatch(r"[0-9]{1,5}", value):
            raise ValidationError(
                _("Skriv et helt antall minutter fra 0 til %(max)d (24 timer)."),
                code="invalid_overlap", params={"max": MAX_OVERLAP_MINUTES},
            )
        return int(value)


class SearchForm(forms.Form):
    """The search box of the integration list."""

    q = forms.CharField(
        label=_("Søk"), required=False, max_length=SEARCH_MAX_LENGTH,
        help_text=_("Søk i navn, beskrivelse og autorisert organisasjonsnummer."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class GrantForm(forms.Form):
    """The privilege to grant an integration; `choices` are the privilege codes that may be given."""

    privilege = forms.ChoiceField(label=_("Privilegium"))

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["privilege"].choices = choices


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's `ValidationError` on the form: field errors on their fields, the rest on the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
