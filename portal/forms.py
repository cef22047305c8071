"""Forms of the web UI. They only collect input; the services validate it (one rule set for every channel)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from authz.identifiers import normalize_orgnr
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
