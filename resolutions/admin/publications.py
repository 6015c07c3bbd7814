from django.contrib import admin

from resolutions.models import Publication


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["title", "committee", "published_on", "copies"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "commendations", "created_by"]
    show_full_result_count = False
