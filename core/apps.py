from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers that are not about any domain: formatting, calendar, collation, search, pagination."""

    name = "core"
    verbose_name = "Core"
