"""Template filters and tags of the portal.

`{% orgnr_with_name orgnr %}` shows an organization number with its name from Enhetsregisteret (see
`authz.enhetsregisteret.organization_name`): "FAGSYSTEMLEVERANDØREN AS (910753614)", or the number with "navn
ukjent" / "finnes ikke i Enhetsregisteret" when the registry gives no name. Use it wherever an orgnr is shown.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from authz.enhetsregisteret import OrganizationName, organization_name
from authz.identifiers import mask_pid

register = template.Library()


@register.filter
def party(value: str) -> str:
    """Show a party (orgnr or pid): an 11-character identity number masked ("218794*****"), others as they are."""
    value = value or ""
    return mask_pid(value) if len(value) == 11 else value


@register.filter
def inclusive_end(value: datetime.datetime | None) -> str:
    """A delegation's exclusive end as people read "til og med": midnight (Norwegian time) shows the day before.

    Input: an aware datetime or None. Output: "31.12.2026" for 2027-01-01 00:00 in Oslo; any other moment as
    "31.12.2026 14:30"; "" for None.
    """
    if value is None:
        return ""
    local = timezone.localtime(value)
    if local.time() == datetime.time.min:
        return date_format(local - datetime.timedelta(days=1), "d.m.Y")
    return date_format(local, "d.m.Y H:i")
@register.inclusion_tag("portal/_orgnr.html")
def orgnr_with_name(orgnr: str) -> dict:
    """Render `portal/_orgnr.html` for `orgnr`: context {"entry": OrganizationName} (never raises, never slow)."""
    return {"entry": organization_name(orgnr or "")}


@register.simple_tag
def orgnr_lookup(orgnr: str) -> OrganizationName:
    """`organization_name(orgnr)` for templates that lay the name out themselves: `{% orgnr_lookup x as entry %}`."""
    return organization_name(orgnr or "")
