"""Template filters of the portal."""

from django import template

from authz.identifiers import mask_pid

register = template.Library()


@register.filter
def party(value: str) -> str:
    """Show a party (orgnr or pid): an 11-character identity number masked ("218794*****"), others as they are."""
    value = value or ""
    return mask_pid(value) if len(value) == 11 else value
