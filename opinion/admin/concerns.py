"""Admin for concerns and dialogue sessions.

The workflow fields (status, closing date, forwarding, escalation) are read-only here: steps are taken in the
application, where each one is recorded. An anonymous concern shows no name anywhere, history included.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.search import normalize
from opinion.models import Concern, ConcernTransition, Dialogue
from opinion.services.concerns import forget_raiser


class AccentInsensitiveSearchMixin:
    def get_search_results(self, request, queryset, search_term):
        # Like every search in the application: "kien nghi" finds "kiến nghị".
        if not normalize(search_term):
            return queryset, False
        return queryset.search(search_term), False


class ConcernTransitionInline(admin.TabularInline):
    model = ConcernTransition
    fields = ["at", "status_from", "status_to", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ConcernAdminForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = [
            "committee", "channel", "is_anonymous", "raised_by", "category", "content", "owner", "received_on",
            "deadline", "outcome", "dialogue",
        ]  # fmt: skip

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("is_anonymous"):
            cleaned_data["raised_by"] = ""  # never stored for an anonymous concern
        return cleaned_data


@admin.register(Concern)
class ConcernAdmin(AccentInsensitiveSearchMixin, SimpleHistoryAdmin):
    form = ConcernAdminForm
    list_display = [
        "short_content", "committee", "channel", "category", "raised_by_shown", "owner", "received_on", "deadline",
        "status", "escalated_at",
    ]  # fmt: skip
    list_filter = ["status", "channel", "category", "is_anonymous", "received_on"]
    list_select_related = ["committee", "owner"]
    search_fields = ["content"]
    autocomplete_fields = ["committee", "owner", "dialogue", "forwarded_to"]
    readonly_fields = ["status", "closed_on", "forwarded_to", "escalated_at"]
    date_hierarchy = "received_on"
    list_per_page = 100
    show_full_result_count = False
    inlines = [ConcernTransitionInline]
    # The history pages list the historical rows' own fields; "raised_by" is emptied there for anonymous concerns.
    history_list_display = ["status", "is_anonymous", "raised_by"]

    @admin.display(description=_("content"))
    def short_content(self, concern):
        return str(concern)

    @admin.display(description=_("raised by"), ordering="raised_by")
    def raised_by_shown(self, concern):
        if concern.is_anonymous:
            return _("anonymous")
        return concern.raised_by or "—"

    def has_add_permission(self, request):
        # A concern enters through the application, where its first step is recorded.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_anonymous:
            forget_raiser(obj)


class ConcernInline(admin.TabularInline):
    model = Concern
    fk_name = "dialogue"
    fields = ["content", "category", "status", "owner", "deadline"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Dialogue)
class DialogueAdmin(AccentInsensitiveSearchMixin, SimpleHistoryAdmin):
    list_display = ["title", "committee", "held_on", "chair", "participants"]
    list_filter = ["held_on"]
    list_select_related = ["committee"]
    search_fields = ["title", "chair"]
    autocomplete_fields = ["committee"]
    date_hierarchy = "held_on"
    list_per_page = 100
    show_full_result_count = False
    inlines = [ConcernInline]
