"""The one table that is not about any domain: the calendar's days off, which the working-day helpers read."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Holiday(models.Model):
    """A public holiday or a substituted day off, seeded from the Vietnam calendar and corrected by administrators."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_day_off = models.BooleanField(
        _("day off"), default=True, help_text=_("Untick for a holiday that is worked (e.g. swapped for another day).")
    )
    is_manual = models.BooleanField(_("entered by hand"), default=False, editable=False)

    # Its tables keep the names they had when the model lived in the committees app.
    history = HistoricalRecords(table_name="committees_historicalholiday")

    class Meta:
        db_table = "committees_holiday"
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.name}"
