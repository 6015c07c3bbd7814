from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core import uploads
from core.search import normalize
from opinion.models import Training, TrainingAttendance, TrainingMaterial


class TrainingAttendanceInline(admin.TabularInline):
    model = TrainingAttendance
    fields = ["collaborator", "status", "note"]
    raw_id_fields = ["collaborator"]
    extra = 0
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("collaborator")


class TrainingMaterialAdminForm(forms.ModelForm):
    """Materials added in the admin are checked like any upload (type from content, size limit, clean name)."""

    class Meta:
        model = TrainingMaterial
        fields = ["title", "file"]
        widgets = {"file": forms.FileInput}  # no link to MEDIA_URL: files are served by the download view only

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if "file" in self.changed_data and upload:
            self.detected = uploads.validate_upload(upload)
            upload.name = uploads.stored_name(upload.name, self.detected)
        return upload

    def save(self, commit=True):
        detected = getattr(self, "detected", None)
        if detected is not None:
            self.instance.content_type = detected.content_type
            self.instance.size = detected.size
        return super().save(commit)


class TrainingMaterialInline(admin.TabularInline):
    model = TrainingMaterial
    form = TrainingMaterialAdminForm
    fields = ["title", "file", "content_type", "size", "uploaded_by", "uploaded_at", "download"]
    readonly_fields = ["content_type", "size", "uploaded_by", "uploaded_at", "download"]
    extra = 0

    @admin.display(description=_("download"))
    def download(self, material):
        if not material.pk:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("opinion:training_material_download", args=[material.pk]), _("download")
        )


@admin.register(Training)
class TrainingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "committee", "starts_on", "ends_on", "place"]
    list_filter = ["starts_on"]
    list_select_related = ["committee"]
    search_fields = ["title"]
    autocomplete_fields = ["committee"]
    date_hierarchy = "starts_on"
    inlines = [TrainingAttendanceInline, TrainingMaterialInline]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Accent-insensitive, like every search in the application.
        if not search_term:
            return queryset, False
        return queryset.search(normalize(search_term)), False

    def save_formset(self, request, form, formset, change):
        if formset.model is TrainingMaterial:
            for material_form in formset.forms:
                if not material_form.instance.pk:
                    material_form.instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)
