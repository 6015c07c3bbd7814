"""``{{ record|label:"field" }}``: a field's name as its form labels it, so that a record's page and its form name
each field alike."""

from django import template
from django.utils.text import capfirst

register = template.Library()


@register.filter
def label(record, field: str) -> str:
    return capfirst(record._meta.get_field(field).verbose_name)
