from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.search import normalize
from resolutions.models import DocumentFile, DocumentRelation, PartyDocument


class DocumentRelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "document"
    fields = ["kind", "target"]
    raw_id_fields = ["target"]
    extra = 0


class DocumentFileInline(admin.TabularInline):
    """Files are uploaded from the document's page, where their content is checked; here they are listed."""

    model = DocumentFile
    fields = ["title", "content_type", "size", "uploaded_by", "uploaded_at", "download"]
    readonly_fields = fields
    extra = 0
    can_delete = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("download"))
    def download(self, document_file):
        url = reverse("resolutions:document_file_download", args=[document_file.pk])
        return format_html('<a href="{}">{}</a>', url, _("download"))


@admin.register(PartyDocument)
class PartyDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "issued_on", "issuer", "committee"]
    list_filter = ["kind", "organ", "confidentiality"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "issuing_committee"]
    search_fields = ["number", "title"]
    date_hierarchy = "issued_on"
    inlines = [DocumentRelationInline, DocumentFileInline]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Accent-insensitive, like every search in the application.
        if not search_term:
            return queryset, False
        return queryset.search(normalize(search_term)), False
