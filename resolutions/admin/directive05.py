from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from resolutions.models import CriteriaVersion, Criterion, ExemplaryModel, FollowUpYear


class ExemplaryModelInline(admin.TabularInline):
    model = ExemplaryModel
    fields = ["kind", "name", "description"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class ReadOnly:
    """Shown, not edited here: the pages write through the services, which keep the counts and check the scope."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FollowUpYear)
class FollowUpYearAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["committee", "year", "members_with_plan", "members_expected"]
    list_filter = ["year"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "plan", "created_by"]
    inlines = [ExemplaryModelInline]
    show_full_result_count = False


class CriterionInline(admin.TabularInline):
    model = Criterion
    fk_name = "version"
    fields = ["position", "text", "revises"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(ReadOnly, admin.ModelAdmin):
    """A version once adopted is the record of what was adopted; a revision is a new version, made on the
    committee's criteria page."""

    list_display = ["committee", "adopted_on", "note"]
    list_select_related = ["committee"]
    date_hierarchy = "adopted_on"
    inlines = [CriterionInline]
    show_full_result_count = False
