"""Import and export of the committee tree (CSV and XLSX), one row per committee, parents before children."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format, sanitize_separators
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from committees import services
from committees.models import Committee
from core.imports import repeated
from core.spreadsheets import escape_formula, unescape_formula

TREE_FIELDS = ("path", "depth", "numchild")


class WholeNumberWidget(widgets.IntegerWidget):
    """A head count. The stock widget reports "mười" as "[<class 'decimal.ConversionSyntax'>]" (an error with no
    field, not a validation error) and silently turns "12.5" into 12: both are a field error of the row here."""

    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value, row, **kwargs)
            whole = number is None or Decimal(sanitize_separators(value)) == number
        except ArithmeticError:  # decimal.InvalidOperation: not a number at all
            whole = False
        if not whole:
            raise ValueError(forms.IntegerField.default_error_messages["invalid"])  # Django's, already translated
        return number


class TextWidget(widgets.CharWidget):
    """Text as typed, trimmed; a number a spreadsheet made of a code or a phone goes back to its digits.

    On export a value that a spreadsheet would run as a formula gets a leading apostrophe, removed again on import.
    """

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return unescape_formula(unicodedata.normalize("NFC", str(value)).strip())

    def render(self, value, obj=None, **kwargs):
        return escape_formula(value or "")


class LocalDateWidget(widgets.DateWidget):
    """A date written as the department writes it (05/02/2026 is 5 February) or as exported (2026-02-05).

    The stock widget reads Django's global DATE_INPUT_FORMATS, where 05/02/2026 is 2 May, and keeps a spreadsheet's
    date cell as a datetime, which never equals the stored date (so an unchanged XLSX row counted as an update).
    """

    def __init__(self, format=None, coerce_to_string=True):
        super().__init__(format or "%Y-%m-%d", coerce_to_string)  # exported unambiguous, as before

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date) or value in (None, ""):
            return value or None
        for format_ in ("%Y-%m-%d", *get_format("DATE_INPUT_FORMATS")):
            try:
                return datetime.strptime(str(value).strip(), format_).date()
            except ValueError:
                continue
        raise ValueError(forms.DateField.default_error_messages["invalid"])


class CommitteeResource(resources.ModelResource):
    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "CharField": TextWidget,
        "PositiveIntegerField": WholeNumberWidget,
        "DateField": LocalDateWidget,
    }

    # Read from the row into the instance (and shown from there in the import preview); exported from the tree.
    parent_code = fields.Field(attribute="_parent_code", column_name="parent_code", widget=TextWidget())

    class Meta:
        model = Committee
        import_id_fields = ["code"]
        fields = ["code", "parent_code", *(name for name in Committee.editable_fields if name != "code")]
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=True,
        **kwargs,
    ):
        # All or nothing: a row that fails validation rolls back the whole file, as a row that errors already does
        # (the library's default keeps the valid rows). The admin's preview refuses such a file; this covers a
        # confirmation after the data changed, and callers that import without a preview.
        return super().import_data(
            dataset,
            dry_run,
            raise_errors,
            use_transactions,
            collect_failed_rows,
            rollback_on_validation_errors,
            **kwargs,
        )

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The tree fields (path, depth, numchild) are not in the file: the tree sets them when the row is saved, so a
        # new committee has none yet and full_clean() must not require them.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, *TREE_FIELDS], validate_unique=validate_unique)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_export(self, queryset, **kwargs):
        self._code_by_path = dict(Committee.objects.values_list("path", "code"))

    def dehydrate_parent_code(self, committee):
        return self._code_by_path.get(committee.parent_path, "")

    def before_import(self, dataset, **kwargs):
        codes = (TextWidget().clean(code) or None for code in dataset["code"]) if "code" in dataset.headers else ()
        self._repeats = repeated(codes)

    def before_import_row(self, row, row_number=None, **kwargs):
        if row_number is not None and row_number - 1 in self._repeats:
            raise ValidationError(
                {
                    "code": _("This code is already on row %(row)s of the file.")
                    % {"row": self._repeats[row_number - 1] + 1}
                }
            )
        parent_code = str(row.get("parent_code") or "").strip()  # a spreadsheet may hold a code as a number
        row["parent_code"] = parent_code
        if not parent_code:
            return
        parent = Committee.objects.filter(code=parent_code).first()
        if parent is None:
            raise ValidationError(
                _("Parent committee %(code)s does not exist (list parents before their children).")
                % {"code": parent_code}
            )
        moved = Committee.objects.filter(code=TextWidget().clean(row.get("code"))).first()
        if moved is not None:
            services.check_new_parent(moved, parent)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        instance._parent_code = row["parent_code"]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self._moves(original, row):
            return False
        if original is not None:
            original._parent_code = row["parent_code"]  # the same place: the parent's code is no change
        return super().skip_row(instance, original, row, import_validation_errors)

    @staticmethod
    def _moves(original, row) -> bool:
        """An existing committee moves when the row names a parent other than its current one."""
        if original is None or not original.pk or not row["parent_code"]:
            return False
        parent = Committee.objects.get_parent(original)
        return parent is None or parent.code != row["parent_code"]

    def do_instance_save(self, instance, is_create):
        parent = Committee.objects.get(code=instance._parent_code) if instance._parent_code else None
        if is_create:
            fields_ = {
                f.name: getattr(instance, f.name)
                for f in Committee._meta.concrete_fields
                if f.name not in {"id", "path", "depth", "numchild", "search_text", "sort_name"}
            }
            created = services.committee_create(parent=parent, **fields_)
            instance.pk, instance.path, instance.depth = created.pk, created.path, created.depth
            return
        # Through the service, not instance.save(): changed head counts must reach the ancestors' subtree totals.
        services.committee_update(
            committee=instance, **{name: getattr(instance, name) for name in self._meta.fields if name != "parent_code"}
        )
        current_parent = Committee.objects.get_parent(instance, update=True)
        if parent is not None and (current_parent is None or current_parent.pk != parent.pk):
            services.committee_move(committee=instance, parent=parent)
