from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Helpers that are not about any domain: formatting, the calendar of working days, collation, search,
    pagination, spreadsheets, uploads; and the one table they need, the public holidays."""

    name = "core"
    verbose_name = _("Calendar")

    def ready(self):
        from django.urls import register_converter

        from core.calendar import seed_holidays
        from core.converters import IdConverter

        register_converter(IdConverter, "id")  # every record's id in the application's URLs (``<id:pk>``)
        # After every migrate (and every flush): reference data that the schema alone does not give.
        post_migrate.connect(seed_holidays, sender=self, dispatch_uid="core.seed_holidays")
