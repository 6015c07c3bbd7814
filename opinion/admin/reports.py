from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.search import normalize
from opinion.models import OpinionReport, Topic
from opinion.services.reports import report_delete, report_save


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]


@admin.register(OpinionReport)
class OpinionReportAdmin(SimpleHistoryAdmin):
    list_display = [
        "reported_on",
        "collaborator",
        "committee",
        "sentiment",
        "is_hot_spot",
        "confidentiality",
        "channel",
    ]
    list_filter = ["sentiment", "is_hot_spot", "confidentiality", "channel", "topics"]
    list_select_related = ["collaborator", "committee"]
    autocomplete_fields = ["committee", "collaborator", "entered_by"]
    filter_horizontal = ["topics"]
    date_hierarchy = "reported_on"
    search_fields = ["summary"]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.search(normalize(search_term)), False

    # Every change made here goes through the services, which keep the monthly counts (``opinion.services.tallies``).

    def save_model(self, request, obj, form, change):
        report_save(report=obj, topics=form.cleaned_data.get("topics"))

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the topics were saved with the report
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        report_delete(reports=OpinionReport.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        report_delete(reports=queryset)
