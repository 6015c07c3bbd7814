from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from resolutions.models import Commendation


@admin.register(Commendation)
class CommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "title", "year", "honoree", "committee"]
    list_filter = ["honoree", "year"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "awarded_by", "created_by"]
    search_fields = ["member_name", "title", "decision_number"]
    show_full_result_count = False
