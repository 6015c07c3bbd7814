from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.search import normalize
from opinion.models import HotSpot, HotSpotFollowUp


class HotSpotFollowUpInline(admin.TabularInline):
    model = HotSpotFollowUp
    fields = ["date", "note", "author"]
    readonly_fields = ["author"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(HotSpot)
class HotSpotAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "severity", "status", "opened_on", "resolved_on", "owner"]
    list_filter = ["status", "severity", "opened_on"]
    list_select_related = ["committee", "owner"]
    search_fields = ["title"]
    autocomplete_fields = ["committee", "owner"]
    raw_id_fields = ["reports", "concerns"]
    # The status moves through the services (opinion.services.hotspots), which log each move in the follow-up.
    readonly_fields = ["status", "resolved_on"]
    date_hierarchy = "opened_on"
    inlines = [HotSpotFollowUpInline]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.search(normalize(search_term)), False

    def save_formset(self, request, form, formset, change):
        if formset.model is HotSpotFollowUp:
            for entry_form in formset.forms:
                if not entry_form.instance.pk:
                    entry_form.instance.author = request.user
        super().save_formset(request, form, formset, change)
