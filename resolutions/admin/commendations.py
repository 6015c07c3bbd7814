from django.contrib import admin
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from core.imports import LimitedImportAdminMixin, limited
from resolutions.models import Commendation, QualityRating
from resolutions.resources import QualityRatingResource

MAX_RATING_ROWS = 100_000  # every committee of a national tree, one year


@admin.register(Commendation)
class CommendationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "title", "year", "honoree", "committee"]
    list_filter = ["honoree", "year"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee", "awarded_by", "created_by"]
    search_fields = ["member_name", "title", "decision_number"]
    exclude = ["photo"]  # added on the commendation's page, where the file is checked to be a picture
    show_full_result_count = False


@admin.register(QualityRating)
class QualityRatingAdmin(LimitedImportAdminMixin, ImportExportMixin, admin.ModelAdmin):
    """The organisation department's yearly list, imported as it is: a file with one bad row imports nothing."""

    export_template_name = "admin/import_export_csp/export.html"
    resource_classes = [QualityRatingResource]
    formats = [limited(CSV, MAX_RATING_ROWS), limited(XLSX, MAX_RATING_ROWS)]
    list_display = ["committee", "year", "rating"]
    list_filter = ["year", "rating"]
    list_select_related = ["committee"]
    raw_id_fields = ["committee"]
    show_full_result_count = False
