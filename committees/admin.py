from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from committees import services
from committees.models import Committee, StaffProfile
from committees.resources import CommitteeResource
from core.imports import LimitedImportAdminMixin, limited
from core.search import normalize

User = get_user_model()


class CommitteeAdminForm(forms.ModelForm):
    parent_code = forms.CharField(
        label=_("parent committee code"),
        required=False,
        help_text=_("The code of the committee this one belongs to; empty for a top-level committee."),
    )

    class Meta:
        model = Committee
        fields = Committee.editable_fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.depth > 1:
            self.fields["parent_code"].initial = Committee.objects.get_parent(self.instance).code

    def clean_parent_code(self):
        code = self.cleaned_data["parent_code"].strip()
        if not code:
            if self.instance.pk and self.instance.depth > 1:
                raise forms.ValidationError(_("A subordinate committee needs its parent's code."))
            return None
        parent = Committee.objects.filter(code=code).first()
        if parent is None:
            raise forms.ValidationError(_("No committee has the code %(code)s.") % {"code": code})
        if self.instance.pk:
            services.check_new_parent(self.instance, parent)
        return parent


MAX_IMPORT_ROWS = 100_000  # the whole national tree (60,000 committees) in one file


@admin.register(Committee)
class CommitteeAdmin(LimitedImportAdminMixin, ImportExportMixin, SimpleHistoryAdmin):
    export_template_name = "admin/import_export_csp/export.html"
    form = CommitteeAdminForm
    resource_classes = [CommitteeResource]
    formats = [limited(CSV, MAX_IMPORT_ROWS), limited(XLSX, MAX_IMPORT_ROWS)]
    # The tree's internals (path, depth, number of children) are the services' business, not shown: a committee
    # is placed by its parent's code, and the list runs in the tree's order.
    list_display = ["name", "code", "kind", "party_members", "exempt_members", "headcount_date", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    list_per_page = 100
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # Accent-insensitive, like every search in the application ("dang uy" finds "Đảng ủy").
        if not search_term:
            return queryset, False
        return queryset.search(normalize(search_term)), False

    def save_model(self, request, obj, form, change):
        parent = form.cleaned_data["parent_code"]
        if not change:
            fields = {name: form.cleaned_data[name] for name in CommitteeAdminForm.Meta.fields}
            created = services.committee_create(parent=parent, **fields)
            obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth
            return
        # Through the service, not obj.save(): a change of head counts or of the active flag must reach the subtree
        # totals of every ancestor.
        services.committee_update(
            committee=obj, **{name: getattr(obj, name) for name in CommitteeAdminForm.Meta.fields}
        )
        current = Committee.objects.get_parent(obj, update=True)
        if parent is not None and (current is None or current.pk != parent.pk):
            services.committee_move(committee=obj, parent=parent)
            messages.info(request, _("%(name)s and its subtree were moved.") % {"name": obj.name})

    def get_deleted_objects(self, objs, request):
        # Deleting a committee deletes its whole subtree: list every committee in it, so that the confirmation page
        # shows them and refuses (instead of a server error) when staff of a subordinate committee protect it.
        subtree = Q(pk__in=[])
        for committee in objs:
            subtree |= Q(path__startswith=committee.path)
        return super().get_deleted_objects(list(Committee.objects.filter(subtree)), request)

    def delete_model(self, request, obj):
        services.committee_delete(committee=obj)  # takes the subtree's counts off the ancestors' totals

    def delete_queryset(self, request, queryset):
        deleted = []
        for committee in queryset.order_by("path"):
            if not any(committee.is_within(branch) for branch in deleted):  # gone with a branch deleted before
                services.committee_delete(committee=committee)
                deleted.append(committee)


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "committee", "role", "position"]
    list_filter = ["role"]
    list_select_related = ["user", "committee"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
        "committee__name",
    ]
    autocomplete_fields = ["user", "committee"]

    def get_readonly_fields(self, request, obj=None):
        # A profile is found by its user (staff_profile_set): giving it another user would create a second profile
        # and leave this one, with the old user's groups, behind.
        return ["user"] if obj else []

    def save_model(self, request, obj, form, change):
        profile = services.staff_profile_set(
            user=obj.user, committee=obj.committee, role=obj.role, position=obj.position, phone=obj.phone
        )
        # The admin goes on with ``obj`` (log entry, redirect, "save and continue"): it must be the saved row.
        obj.pk = profile.pk


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    autocomplete_fields = ["committee"]
    verbose_name_plural = _("committee and role")


# A role's permissions are its group's, kept equal to committees/roles.py at every migrate: a group changed by hand
# would be changed back, so neither the groups nor a user's own permissions are edited here — the role is.
admin.site.unregister(Group)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    fieldsets = [
        (name, {**options, "fields": [f for f in options["fields"] if f not in ("groups", "user_permissions")]})
        for name, options in UserAdmin.fieldsets
    ]
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "committee",
        "is_active",
        "is_staff",
    ]
    list_select_related = ["profile__committee"]
    list_filter = ["profile__role", "is_active", "is_staff", "is_superuser"]

    @admin.display(description=_("role"), ordering="profile__role")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "—"

    @admin.display(description=_("party committee"), ordering="profile__committee__name")
    def committee(self, user):
        profile = getattr(user, "profile", None)
        return profile.committee if profile else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        profile = StaffProfile.objects.filter(user=form.instance).first()
        if profile is not None:
            services.staff_groups_sync(user=form.instance, role=profile.role)
