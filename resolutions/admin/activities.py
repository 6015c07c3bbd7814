from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from resolutions.models import Activity


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "committee", "held_on"]
    list_filter = ["kind"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "documents", "created_by"]
    search_fields = ["title"]
    date_hierarchy = "held_on"
    show_full_result_count = False
