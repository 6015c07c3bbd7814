"""Import and export of the committee tree (CSV and XLSX), one row per committee, parents before children."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from committees import services
from committees.models import Committee


class CommitteeResource(resources.ModelResource):
    parent_code = fields.Field(attribute=None, column_name="parent_code")

    class Meta:
        model = Committee
        import_id_fields = ["code"]
        fields = [
            "code",
            "parent_code",
            "name",
            "short_name",
            "kind",
            "document_symbol",
            "department_name",
            "is_active",
            "party_members",
            "cadres",
            "employees",
            "headcount_date",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def before_export(self, queryset, **kwargs):
        self._code_by_path = dict(Committee.objects.values_list("path", "code"))

    def dehydrate_parent_code(self, committee):
        return self._code_by_path.get(committee.path[: -Committee.steplen], "") if committee.depth > 1 else ""

    def before_import_row(self, row, **kwargs):
        parent_code = (row.get("parent_code") or "").strip()
        row["parent_code"] = parent_code
        if parent_code and not Committee.objects.filter(code=parent_code).exists():
            raise ValidationError(
                _("Parent committee %(code)s does not exist (list parents before their children).")
                % {"code": parent_code}
            )

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance._parent_code = row["parent_code"]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not self._moves(original, row) and super().skip_row(instance, original, row, import_validation_errors)

    @staticmethod
    def _moves(original, row) -> bool:
        """An existing committee moves when the row names a parent other than its current one."""
        if original is None or not original.pk or not row["parent_code"]:
            return False
        parent = original.get_parent()
        return parent is None or parent.code != row["parent_code"]

    def do_instance_save(self, instance, is_create):
        parent = Committee.objects.get(code=instance._parent_code) if instance._parent_code else None
        if is_create:
            fields_ = {
                f.name: getattr(instance, f.name)
                for f in Committee._meta.concrete_fields
                if f.name not in {"id", "path", "depth", "numchild", "search_text"}
            }
            created = services.committee_create(parent=parent, **fields_)
            instance.pk, instance.path, instance.depth = created.pk, created.path, created.depth
            return
        instance.save()
        current_parent = instance.get_parent(update=True)
        if parent is not None and (current_parent is None or current_parent.pk != parent.pk):
            services.committee_move(committee=instance, parent=parent)
