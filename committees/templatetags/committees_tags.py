from django import template

register = template.Library()


@register.filter
def add_crumb(crumbs, item):
    return [*(crumbs or []), item]


@register.filter
def total_minutes(duration) -> int:
    """A timedelta in whole minutes: the lockout page says how long to wait."""
    return round(duration.total_seconds() / 60) if duration else 0
