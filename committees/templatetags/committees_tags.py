from django import template

register = template.Library()


@register.filter
def add_crumb(crumbs, item):
    return [*(crumbs or []), item]
