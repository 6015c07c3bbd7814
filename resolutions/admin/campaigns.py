from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from resolutions.models import Campaign, CampaignStep
from resolutions.services.campaign_tallies import campaign_tallies_rebuild


class CampaignStepInline(admin.TabularInline):
    model = CampaignStep
    fields = ["target_kind", "kind", "due_days", "order"]
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin):
    """Campaigns are started from the application, which chooses their targets; here their steps are adjusted."""

    list_display = ["title", "committee", "starts_on"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "documents"]
    fields = ["committee", "title", "starts_on", "documents", "target_kinds", "directly_under"]
    readonly_fields = ["target_kinds", "directly_under"]
    date_hierarchy = "starts_on"
    inlines = [CampaignStepInline]
    show_full_result_count = False

    def save_related(self, request, form, formsets, change):
        """A new start or new steps move every deadline and every step's targets: the progress is counted again."""
        super().save_related(request, form, formsets, change)
        campaign_tallies_rebuild([form.instance])
