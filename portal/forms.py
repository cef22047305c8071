"""Forms of the web UI. They only collect input; the services validate it (one rule set for every channel)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from authz.identifiers import normalize_orgnr
from authz.models import Service
from authz.widgets import PidSafeTextInput
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


class PersonGrantForm(forms.Form):
    """Add a person: the fødselsnummer and what they get (`choices`: "ADMIN" or "<service>:<privilege>").

    The number is not validated here but by the service (`person_grant_create`, with the deployment's policy on
    synthetic numbers); it is never written back into the page (`PidSafeTextInput`).
    """

    pid = forms.CharField(
        label=_("Fødselsnummer eller D-nummer"), required=False, max_length=50,
        help_text=_("Elleve sifre uten mellomrom. Nummeret vises maskert når det er lagt inn."),
        widget=PidSafeTextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "required": True}),
    )
    role = forms.ChoiceField(label=_("Tilgang"))

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = choices

    def clean_pid(self) -> str:
        pid = self.cleaned_data["pid"]
        if not pid:
            raise ValidationError(_("Skriv fødselsnummeret eller D-nummeret."), code="required")
        return pid


class DelegationForm(forms.Form):
    """A new delegation from this organization: who, for which service (empty: all), from and to which date.

    Dates, not times: "fra" starts at midnight in Norway (today: at once), "til og med" ends at the end of that
    day. Bad periods and parties are refused by the service (`delegation_create`), whose errors land on the
    fields here.
    """

    representative = forms.CharField(
        label=_("Hvem får fullmakt"), required=False, max_length=50,
        help_text=_("Organisasjonsnummer (ni sifre) eller fødselsnummer (elleve sifre) til den som skal kunne "
                    "opptre på vegne av organisasjonen."),
        widget=PidSafeTextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "required": True}),
    )
    service = forms.ModelChoiceField(
        label=_("Tjeneste"), required=False, queryset=Service.objects.order_by("name"), to_field_name="code",
        empty_label=_("Alle tjenester"),
        help_text=_("Begrens fullmakten til én tjeneste, eller la den gjelde alle."),
        error_messages={"invalid_choice": _("Ukjent tjeneste.")},
    )
    valid_from = forms.DateField(
        label=_("Gyldig fra"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("Tom: fra nå."), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv en dato som finnes, for eksempel 31.12.2026.")},
    )
    valid_to = forms.DateField(
        label=_("Gyldig til og med"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        help_text=_("Tom: til fullmakten trekkes tilbake."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv en dato som finnes, for eksempel 31.12.2026.")},
    )

    def clean_representative(self) -> str:
        value = self.cleaned_data["representative"]
        if not value:
            raise ValidationError(_("Skriv organisasjonsnummeret eller fødselsnummeret."), code="required")
        return value

    def clean_valid_from(self):
        value = self.cleaned_data["valid_from"]
        if value is not None and value < timezone.localdate():
            raise ValidationError(_("Starten kan ikke være før i dag."), code="past")
        return value

    def period(self) -> tuple[datetime.datetime | None, datetime.datetime | None]:
        """(valid_from, valid_to) as aware times: None for "from now" (empty or today) and for "no end".

        `valid_from` is midnight of its date in the site's time zone; `valid_to` is midnight after its date, so
        the delegation holds through that whole day.
        """
        start, end = self.cleaned_data.get("valid_from"), self.cleaned_data.get("valid_to")
        zone = timezone.get_current_timezone()
        start_at = None
        if start is not None and start > timezone.localdate():
            start_at = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
        end_at = None
        if end is not None:
            end_at = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
        return start_at, end_at
