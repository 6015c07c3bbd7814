from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from committees import services
from committees.models import Committee, StaffProfile
from committees.resources import CommitteeResource
from committees.search import normalize

User = get_user_model()


class CommitteeAdminForm(forms.ModelForm):
    parent_code = forms.CharField(
        label=_("parent committee code"),
        required=False,
        help_text=_("The code of the committee this one belongs to; empty for a top-level committee."),
    )

    class Meta:
        model = Committee
        fields = [
            "name",
            "short_name",
            "code",
            "kind",
            "document_symbol",
            "department_name",
            "is_active",
            "party_members",
            "cadres",
            "employees",
            "headcount_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.depth > 1:
            self.fields["parent_code"].initial = self.instance.get_parent().code

    def clean_parent_code(self):
        code = self.cleaned_data["parent_code"].strip()
        if not code:
            if self.instance.pk and self.instance.depth > 1:
                raise forms.ValidationError(_("A subordinate committee needs its parent's code."))
            return None
        parent = Committee.objects.filter(code=code).first()
        if parent is None:
            raise forms.ValidationError(_("No committee has the code %(code)s.") % {"code": code})
        if self.instance.pk and parent.is_within(self.instance):
            raise forms.ValidationError(_("A committee cannot be moved under itself or its own subordinates."))
        return parent


@admin.register(Committee)
class CommitteeAdmin(ImportExportMixin, SimpleHistoryAdmin):
    form = CommitteeAdminForm
    resource_classes = [CommitteeResource]
    formats = [CSV, XLSX]
    list_display = [
        "name",
        "code",
        "kind",
        "depth",
        "numchild",
        "party_members",
        "headcount_date",
        "is_active",
    ]
    list_filter = ["kind", "is_active", "depth"]
    search_fields = ["name", "code"]
    ordering = ["path"]
    list_per_page = 100
    show_full_result_count = False
    readonly_fields = ["path", "depth", "numchild"]

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
        obj.save()
        current = obj.get_parent(update=True)
        if parent is not None and (current is None or current.pk != parent.pk):
            services.committee_move(committee=obj, parent=parent)
            messages.info(request, _("%(name)s and its subtree were moved.") % {"name": obj.name})


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

    def save_model(self, request, obj, form, change):
        services.staff_profile_set(
            user=obj.user, committee=obj.committee, role=obj.role, position=obj.position, phone=obj.phone
        )


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    autocomplete_fields = ["committee"]
    verbose_name_plural = _("committee and role")


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
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
