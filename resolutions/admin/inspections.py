from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from resolutions.models import Inspection


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "committee", "inspected_by", "planned_on", "done_on"]
    list_select_related = ["committee", "inspected_by"]
    raw_id_fields = ["committee", "inspected_by", "created_by"]
    date_hierarchy = "planned_on"
    show_full_result_count = False
