"""Admin for collaborators: search without accents, filters, history, and the status changes shown (read only) inline.

Writes go through the services, as in the application: a new collaborator gets their establishment recorded, and
the status is changed on the collaborator's page (so that every change keeps its reason and decision).
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from committees.models import Role, StaffProfile
from core.search import normalize
from opinion.models import Collaborator, CollaboratorStatusChange
from opinion.services import collaborators as services


class CollaboratorStatusChangeInline(admin.TabularInline):
    model = CollaboratorStatusChange
    extra = 0
    can_delete = False
    fields = ["effective_on", "kind", "status_from", "status_to", "reason", "decision_number", "decision_date",
              "changed_by", "changed_at"]  # fmt: skip
    readonly_fields = fields
    ordering = ["-effective_on", "-pk"]
    verbose_name_plural = _("status history")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by")


class CollaboratorAdminForm(forms.ModelForm):
    """The services' rules checked before saving, so a refusal is a message on the form, not an error page."""

    class Meta:
        model = Collaborator
        fields = [*services.EDITABLE_FIELDS, "user"]

    def clean_user(self):
        user = self.cleaned_data.get("user")
        if user is not None and not StaffProfile.objects.filter(user=user, role=Role.COLLABORATOR).exists():
            raise ValidationError(_("Only an account with the collaborator role can be linked."))
        return user

    def _post_clean(self):
        super()._post_clean()
        try:
            services.collaborator_validate(
                self.instance, exclude=list(self.errors), committee_changed="committee" in self.changed_data
            )
        except ValidationError as e:
            self._update_errors(e)


@admin.register(Collaborator)
class CollaboratorAdmin(SimpleHistoryAdmin):
    form = CollaboratorAdminForm
    list_display = ["full_name", "committee", "position", "unit", "status", "status_since", "decision_number"]
    list_filter = ["status", "gender", "committee__kind"]
    list_select_related = ["committee", "user"]
    search_fields = ["full_name", "unit", "phone", "email", "committee__code"]
    autocomplete_fields = ["committee", "user"]
    readonly_fields = ["status", "status_since", "created_at"]
    inlines = [CollaboratorStatusChangeInline]
    list_per_page = 50
    show_full_result_count = False
    ordering = ["sort_name", "pk"]
    fieldsets = [
        (None, {"fields": ["committee", "full_name", "birth_year", "gender", "position", "unit", "phone", "email"]}),
        (_("Appointment"), {"fields": ["decision_number", "decision_date", "decision_signer"]}),
        (_("Status"), {"fields": ["status", "status_since", "user", "created_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        # Accent-insensitive, like every search in the application ("nguyen van" finds "Nguyễn Văn").
        if not search_term:
            return queryset, False
        by_code = queryset.filter(committee__code=search_term.strip())
        return queryset.search(normalize(search_term)) | by_code, False

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) for name in services.EDITABLE_FIELDS}
        if not change:
            created = services.collaborator_create(by=request.user, user=form.cleaned_data.get("user"), **fields)
            obj.pk = created.pk
            return
        services.collaborator_update(collaborator=obj, by=request.user, **fields)
        services.collaborator_link_account(collaborator=obj, user=form.cleaned_data.get("user"), by=request.user)

    def delete_model(self, request, obj):
        services.collaborators_delete(collaborators=Collaborator.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.collaborators_delete(collaborators=queryset)


@admin.register(CollaboratorStatusChange)
class CollaboratorStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["collaborator", "kind", "status_from", "status_to", "effective_on", "decision_number", "changed_by"]
    list_filter = ["kind", "status_to"]
    list_select_related = ["collaborator", "changed_by"]
    search_fields = ["decision_number", "reason"]
    autocomplete_fields = ["collaborator"]
    readonly_fields = ["changed_by", "changed_at"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        return False  # a recorded change is history: a correction is a new change

    def has_add_permission(self, request):
        return False
