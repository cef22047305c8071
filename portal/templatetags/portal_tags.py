"""Template filters of the portal."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

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
