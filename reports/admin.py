from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import Report, ReportEvent, ReportingPeriod, ReportVersion


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "starts_on", "ends_on", "deadline"]
    list_filter = ["kind", "year"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "guidance", "created_by"]
    show_full_result_count = False


class VersionInline(admin.StackedInline):
    model = ReportVersion
    extra = 0
    can_delete = False
    readonly_fields = [field.name for field in ReportVersion._meta.fields if field.name != "id"]


class EventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    can_delete = False
    readonly_fields = ["version", "action", "by", "at", "comment"]


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    """Shown, not edited: a report is written, signed, sent and received on its pages, each step by whoever may."""

    list_display = ["__str__", "status", "recipient"]
    list_filter = ["status"]
    list_select_related = ["period__committee", "committee", "recipient"]
    inlines = [VersionInline, EventInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
