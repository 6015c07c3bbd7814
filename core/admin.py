from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.models import Holiday


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    """Public holidays as seeded from the Vietnam calendar; administrators add substituted days off or worked days."""

    list_display = ["date", "name", "is_day_off", "is_manual"]
    list_filter = ["is_day_off", "is_manual"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        obj.is_manual = True  # a correction by hand is never replaced by the calendar
        super().save_model(request, obj, form, change)
