from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications.models import Delivery, Preference

State = Delivery.State


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The outbox: what is due, sent or failed. Rows are written by the senders only; failed ones can be retried."""

    list_display = ["kind", "email", "occurrence", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["email", "name", "occurrence"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    show_full_result_count = False  # the outbox grows by the hundred thousand
    actions = ["retry"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected failed deliveries again"), permissions=["retry"])
    def retry(self, request, queryset):
        count = queryset.filter(state=State.FAILED).update(
            state=State.DUE, attempts=0, next_attempt_at=timezone.now(), claim="", last_error=""
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery will be sent at the next tick.",
                "%(count)d deliveries will be sent at the next tick.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_retry_permission(self, request):
        return request.user.has_perm("notifications.change_delivery")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "language", "monthly_digest"]
    list_filter = ["language", "monthly_digest"]
    search_fields = ["user__username", "user__email", "user__last_name", "user__first_name"]
    autocomplete_fields = ["user"]
