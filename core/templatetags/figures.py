"""The formatting of ``core.formatting`` for templates: ``{{ n|number }}``, ``{{ rate|percent }}``,
``{{ part|ratio:whole }}``, ``{{ day|document_date }}``."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def number(value):
    return formatting.number(value)


@register.filter
def percent(value):
    return formatting.percent(value)


@register.filter
def ratio(part, whole):
    return formatting.ratio(part, whole)


@register.filter
def document_date(day):
    return formatting.document_date(day)
