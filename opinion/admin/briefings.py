"""Admin for monthly briefings: schedules, briefings (with history) and their invitations.

A bloc briefing may have thousands of invitations, so they are not an inline of the briefing: the briefing's page
shows their figures and links to the paginated, filtered list of its invitations.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.search import normalize
from opinion.models import Briefing, BriefingInvitation, BriefingSchedule
from opinion.models.trainings import Attendance
from opinion.services import briefings as services


class CommitteeSearchMixin:
    """Accent-insensitive search on the committee's name, like every search in the application."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(committee__search_text__contains=normalize(search_term)), False


@admin.register(BriefingSchedule)
class BriefingScheduleAdmin(CommitteeSearchMixin, SimpleHistoryAdmin):
    list_display = ["committee", "week", "weekday", "time", "duration_minutes", "place", "is_active"]
    list_filter = ["is_active", "week", "weekday"]
    list_select_related = ["committee"]
    search_fields = ["committee__name"]
    autocomplete_fields = ["committee"]
    show_full_result_count = False
    actions = ["plan_coming_months"]

    @admin.action(description=_("Plan the coming three months"), permissions=["change"])
    def plan_coming_months(self, request, queryset):
        created = 0
        for schedule in queryset.filter(is_active=True):
            result = services.briefings_plan(schedule=schedule, today=timezone.localdate(), by=request.user)
            created += len(result.created)
        self.message_user(
            request,
            ngettext("%(count)d briefing planned.", "%(count)d briefings planned.", created) % {"count": created},
            messages.SUCCESS,
        )


@admin.register(Briefing)
class BriefingAdmin(CommitteeSearchMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "starts_at", "status", "place", "sequence"]
    list_filter = ["status"]
    list_select_related = ["committee"]
    search_fields = ["committee__name"]
    autocomplete_fields = ["committee", "schedule"]
    readonly_fields = ["sequence", "invitation_figures"]
    show_full_result_count = False
    list_per_page = 100
    ordering = ["-starts_at"]

    @admin.display(description=_("invitations"))
    def invitation_figures(self, briefing):
        if not briefing.pk:
            return "—"
        figures = briefing.invitations.order_by().aggregate(
            invited=Count("pk"),
            present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
            excused=Count("pk", filter=Q(attendance=Attendance.EXCUSED)),
            absent=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
        )
        url = reverse("admin:opinion_briefinginvitation_changelist") + f"?briefing__id__exact={briefing.pk}"
        return format_html(
            '{} <a href="{}">{}</a>',
            _("%(invited)d invited, %(present)d present, %(excused)d excused, %(absent)d absent.") % figures,
            url,
            _("See the invitations"),
        )

    def save_model(self, request, obj, form, change):
        services.briefing_save(briefing=obj, changed=form.changed_data if change else ())

    def delete_model(self, request, obj):
        services.briefings_delete(briefings=Briefing.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.briefings_delete(briefings=queryset)


@admin.register(BriefingInvitation)
class BriefingInvitationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "invitee_committee", "attendance", "excuse"]
    list_filter = ["attendance"]
    list_select_related = ["briefing__committee", "collaborator", "staff", "invitee_committee"]
    raw_id_fields = ["briefing", "collaborator", "staff", "invitee_committee"]
    search_fields = ["collaborator__full_name", "staff__last_name", "staff__first_name", "staff__username"]
    show_full_result_count = False
    list_per_page = 100

    def save_model(self, request, obj, form, change):
        services.invitation_save(invitation=obj)

    def delete_model(self, request, obj):
        services.invitations_delete(invitations=BriefingInvitation.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.invitations_delete(invitations=queryset)
